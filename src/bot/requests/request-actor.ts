import type { Actor } from '../identity';
import type { RequestActor } from '../../services/requests/types';

/** The request-side identity of whoever sent the activity; undefined when Teams sent no Entra identity. */
export function requestActorOf(actor: Actor): RequestActor | undefined {
  if (!actor.aadObjectId || !actor.tenantId) return undefined;
  return { aadObjectId: actor.aadObjectId, name: actor.name, tenantId: actor.tenantId };
}

export const NO_IDENTITY =
  'I cannot tell who you are: Teams sent no Microsoft Entra identity with this message. Use the bot from Microsoft Teams.';
