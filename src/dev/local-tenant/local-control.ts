import { z } from 'zod';
import { badRequest, notFound } from './errors';
import type { FaultInjector } from './faults';
import { activate, finish, refresh, relationshipJson, type GdapRelationship } from './gdap-model';
import { modesSchema, type ModeOptions, type ModeState } from './modes';
import { bodyObject } from './request-body';
import type { GraphResponse, RequestContext, Route } from './route-types';

/** What the /_local endpoints may touch: the fault injector, the modes, the reset, and the counters. */
export interface LocalControl {
  readonly faults: FaultInjector;
  modes(): ModeState;
  setModes(change: ModeOptions): void;
  /** Where an app gets tokens and the keys that check them, and which client id and secret it must present. */
  appTokenInfo(): object;
  reset(): void;
  requestCount(): number;
}

const faultSchema = z.strictObject({
  rate: z.number().min(0).max(1).optional(),
  kinds: z.array(z.enum(['429', '503', 'latency'])).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  latencyMs: z.number().int().min(0).optional(),
  paths: z.string().optional(),
  seed: z.number().int().optional(),
  unavailableRate: z.number().min(0).max(1).optional(),
  limit: z
    .strictObject({
      requests: z.number().int().min(1),
      windowMs: z.number().int().min(1),
      writesOnly: z.boolean().optional(),
    })
    .optional(),
});

const failNextSchema = z.strictObject({
  status: z.number().int().min(400).max(599),
  retryAfterSeconds: z.number().min(0).optional(),
  count: z.number().int().min(1).optional(),
  path: z.string().optional(),
  method: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(bodyObject(body));
  if (result.success) return result.data;
  throw badRequest(
    `${what}: ${result.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ')}`,
  );
}

function relationship(ctx: RequestContext): GdapRelationship {
  const rel = ctx.state.gdap.get(ctx.params.id ?? '');
  if (!rel) throw notFound(ctx.params.id ?? '');
  refresh(rel, ctx.now, ctx.state.gdapTiming);
  return rel;
}

/** Plays the customer's Global Administrator approving in the admin center: approvalPending → approved → active. */
function approve(ctx: RequestContext): GraphResponse {
  const rel = relationship(ctx);
  if (rel.status !== 'approvalPending')
    throw badRequest(`Only a relationship in status 'approvalPending' can be approved; this one is '${rel.status}'.`);
  activate(rel, ctx.now);
  return { status: 200, body: relationshipJson(rel) };
}

function end(status: 'expired' | 'terminated') {
  return (ctx: RequestContext): GraphResponse => {
    const rel = relationship(ctx);
    if (rel.status === 'expired' || rel.status === 'terminated')
      throw badRequest(`The relationship is already '${rel.status}'.`);
    finish(rel, status, ctx.now);
    return { status: 200, body: relationshipJson(rel) };
  };
}

/** The simulated inviteRedeemUrl: the guest accepts. */
function redeem(ctx: RequestContext): GraphResponse {
  const invitation = ctx.state.invitations.get(ctx.params.invitationId ?? '');
  const user = invitation ? ctx.state.user(invitation.userId) : undefined;
  if (!invitation || !user) throw notFound(ctx.params.invitationId ?? '');
  if (user.externalUserState !== 'Accepted')
    Object.assign(user, { externalUserState: 'Accepted', externalUserStateChangeDateTime: ctx.now.toISOString() });
  return {
    status: 200,
    body: { simulated: true, redeemed: true, userId: user.id, inviteRedirectUrl: invitation.inviteRedirectUrl },
  };
}

export function localRoutes(control: LocalControl): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/info',
      handler: (ctx) => ({
        status: 200,
        body: {
          simulated: true,
          tenantId: ctx.state.tenant.id,
          displayName: ctx.state.tenant.displayName,
          requestCount: control.requestCount(),
        },
      }),
    },
    {
      method: 'PUT',
      pattern: '/faults',
      handler: (ctx) => {
        control.faults.set(parse(faultSchema, ctx.body, 'PUT /_local/faults'));
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: '/faults/next',
      handler: (ctx) => {
        control.faults.failNext(parse(failNextSchema, ctx.body, 'POST /_local/faults/next'));
        return { status: 204 };
      },
    },
    { method: 'GET', pattern: '/modes', handler: () => ({ status: 200, body: control.modes() }) },
    {
      method: 'PUT',
      pattern: '/modes',
      handler: (ctx) => {
        control.setModes(parse(modesSchema, ctx.body, 'PUT /_local/modes'));
        return { status: 200, body: control.modes() };
      },
    },
    { method: 'GET', pattern: '/app-tokens', handler: () => ({ status: 200, body: control.appTokenInfo() }) },
    {
      method: 'POST',
      pattern: '/reset',
      handler: () => {
        control.reset();
        return { status: 204 };
      },
    },
    { method: 'POST', pattern: '/gdap/:id/approve', handler: approve },
    { method: 'POST', pattern: '/gdap/:id/expire', handler: end('expired') },
    { method: 'POST', pattern: '/gdap/:id/terminate', handler: end('terminated') },
    { method: 'GET', pattern: '/outbox', handler: (ctx) => ({ status: 200, body: { value: ctx.state.outbox } }) },
    { method: 'GET', pattern: '/redeem/:invitationId', handler: redeem },
  ];
}
