import type { TurnContext } from 'botbuilder';
import { renderGdapListCard, renderGdapTerminateCard } from '../../cards/gdap/render-gdap-partner';
import { GdapVerbs } from '../../cards/gdap/gdap-verbs';
import type { DirectoryService } from '../../services/directory/directory-service';
import type { GdapClient, GdapRelationship } from '../../services/gdap/gdap-client';
import { FINISHED_STATUSES } from '../../services/gdap/gdap-types';
import { isRelationshipId } from '../../services/gdap/handoff-text';
import { GraphRequestError } from '../../services/graph/graph-error';
import type { AuditLog } from '../../services/storage/types';
import { invokeCard, invokeError, type CardActionRouter } from '../card-actions';
import type { Command } from '../commands';
import { actorOf, type Actor } from '../identity';
import { cardMessage } from '../messages';
import { GDAP_NEW_DIALOG } from './gdap-new-dialog';

export interface GdapPartnerDeps {
  readonly client: Pick<GdapClient, 'list' | 'get' | 'findByName' | 'terminate'>;
  readonly directory: Pick<DirectoryService, 'staffRoles'>;
  readonly audit: AuditLog;
}

const actorId = (actor: Actor) => actor.aadObjectId ?? actor.channelUserId;
const NOT_APPROVER =
  'Only partner approvers can terminate a GDAP relationship, and you are not in the approvers group. Ask one of them.';

/** Home staff in the approvers group (DirectoryService.staffRoles: not a guest, not a partner tenant's user). */
async function isApprover(deps: GdapPartnerDeps, actor: Actor): Promise<boolean> {
  return (await deps.directory.staffRoles(actor)).isApprover;
}

async function refuse(deps: GdapPartnerDeps, actor: Actor, subject: string, reason: string): Promise<void> {
  await deps.audit.append({
    actorId: actorId(actor),
    actorName: actor.name,
    action: 'gdap.terminate.refused',
    subject,
    detail: { reason },
  });
}

/** A relationship by id, or by name among the live ones; a 404 is "not found", not an error. */
async function findRelationship(deps: GdapPartnerDeps, idOrName: string): Promise<GdapRelationship | undefined> {
  if (isRelationshipId(idOrName)) {
    try {
      return (await deps.client.get(idOrName.toLowerCase())).relationship;
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) return undefined;
      throw error;
    }
  }
  return (await deps.client.findByName(idOrName)).relationships[0];
}

/** `gdap new`, `gdap list` and `gdap terminate`: present only in the partner-side deployment (GDAP_PARTNER=true). */
export function gdapPartnerCommands(deps: GdapPartnerDeps): Command[] {
  return [
    {
      name: 'gdap new',
      aliases: ['new gdap', 'gdap request'],
      description:
        "Partner side: ask for a GDAP relationship with a customer (least-privileged Security Copilot roles). A partner approver approves; then you get the link for the customer's Global Administrator.",
      run: (dc) => dc.beginDialog(GDAP_NEW_DIALOG),
    },
    {
      name: 'gdap list',
      aliases: ['list gdap', 'gdap relationships'],
      description:
        'Partner admins and approvers: every GDAP relationship with its status, end date, auto-extend, and whether it includes Global Administrator.',
      run: async (dc, actor) => {
        const roles = await deps.directory.staffRoles(actor);
        if (!roles.isAdmin && !roles.isApprover) {
          await deps.audit.append({
            actorId: actorId(actor),
            actorName: actor.name,
            action: 'access.refused',
            subject: 'gdap list',
            detail: { action: 'gdap list' },
          });
          return dc.context.sendActivity(
            'Only partner admins and approvers can list the GDAP relationships. Ask one of them, or say "gdap new" to ask for one.',
          );
        }
        const { relationships } = await deps.client.list();
        const sorted = [...relationships].sort((a, b) => a.displayName.localeCompare(b.displayName));
        return dc.context.sendActivity(cardMessage(renderGdapListCard(sorted)));
      },
    },
    {
      name: 'gdap terminate',
      aliases: ['terminate gdap'],
      description: 'Partner approvers: "gdap terminate" and a relationship id or name ends that relationship.',
      run: async (dc, actor, args) => {
        const target = args.trim();
        if (!(await isApprover(deps, actor))) {
          await refuse(deps, actor, target || '-', 'not an approver');
          return dc.context.sendActivity(NOT_APPROVER);
        }
        if (!target)
          return dc.context.sendActivity(
            'Say "gdap terminate" and the relationship\'s id or name; "gdap list" shows them.',
          );
        const rel = await findRelationship(deps, target);
        if (!rel)
          return dc.context.sendActivity(
            `I found no GDAP relationship with the id or name "${target.slice(0, 80)}". Say "gdap list" to see them.`,
          );
        const over = FINISHED_STATUSES.includes(rel.status);
        return dc.context.sendActivity(
          cardMessage(
            renderGdapTerminateCard(rel, {
              canTerminate: !over,
              notice: over ? `This relationship is already ${rel.status}.` : undefined,
            }),
          ),
        );
      },
    },
  ];
}

/** The Terminate button: the clicker is checked again (card data says only which relationship), and a reason is required. */
export function registerGdapPartnerActions(router: CardActionRouter, deps: GdapPartnerDeps): void {
  router.on(GdapVerbs.terminate, async (context: TurnContext, data) => {
    const actor = actorOf(context);
    const id = typeof data.relationshipId === 'string' ? data.relationshipId.trim().toLowerCase() : '';
    if (!isRelationshipId(id)) return invokeError(400, 'BadRequest', 'This card does not name a GDAP relationship.');
    if (!(await isApprover(deps, actor))) {
      await refuse(deps, actor, id, 'not an approver');
      return invokeError(403, 'Forbidden', NOT_APPROVER);
    }
    const rel = await findRelationship(deps, id);
    if (!rel) return invokeError(400, 'BadRequest', 'That GDAP relationship no longer exists.');
    const reason = typeof data.reason === 'string' ? data.reason.trim().slice(0, 1000) : '';
    if (!reason)
      return invokeCard(
        renderGdapTerminateCard(rel, { canTerminate: true, notice: 'Say why the relationship ends: it is audited.' }),
      );
    const result = await deps.client.terminate(id);
    await deps.audit.append({
      actorId: actorId(actor),
      actorName: actor.name,
      action: 'gdap.terminated',
      subject: id,
      before: { status: rel.status },
      after: { status: result.status },
      detail: { reason, displayName: rel.displayName, already: result.already, graphRequestId: result.requestId },
    });
    const after = { ...rel, status: result.status };
    return invokeCard(
      renderGdapTerminateCard(after, {
        canTerminate: false,
        notice: result.already
          ? `It was already ${result.status}; nothing else was needed.`
          : `Termination requested by ${actor.name}: "${reason}".`,
      }),
    );
  });
}
