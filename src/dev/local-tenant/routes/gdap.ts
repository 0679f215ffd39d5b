import { randomUUID } from 'node:crypto';
import { badRequest, GraphHttpError, notFound } from '../errors';
import { etag, refresh, relationshipJson, requestJson, touch, type GdapRelationship } from '../gdap-model';
import { checkRelationship, readRelationshipInput } from '../gdap-validation';
import { collection, entity, filterRecords, NO_CONTENT } from '../odata';
import { PERMISSIONS } from '../permissions';
import { bodyObject, BodyReader } from '../request-body';
import type { GraphResponse, RequestContext, Route } from '../route-types';

export const GDAP_BASE = '/tenantRelationships/delegatedAdminRelationships';
const ENTITY = 'tenantRelationships/delegatedAdminRelationships/$entity';
const FILTER = {
  resource: 'delegatedAdminRelationship',
  eq: ['id', 'status', 'displayName', 'customer/tenantId', 'autoExtendDuration'],
};

/** A relationship by id, with its time-driven state brought up to date. */
export function findRelationship(ctx: RequestContext): GdapRelationship {
  const rel = ctx.state.gdap.get(ctx.params.id ?? '');
  if (!rel) throw notFound(ctx.params.id ?? '');
  refresh(rel, ctx.now, ctx.state.gdapTiming);
  return rel;
}

/** If-Match is optional here (Graph requires it for PATCH and DELETE); when sent, it must be current. */
export function checkIfMatch(ctx: RequestContext, current: string): void {
  const sent = ctx.headers['if-match'];
  if (sent && sent !== '*' && sent !== current)
    throw new GraphHttpError(
      412,
      'PreconditionFailed',
      'The If-Match etag does not match the current version of the object; read it again.',
    );
}

function create(ctx: RequestContext): GraphResponse {
  const input = readRelationshipInput(bodyObject(ctx.body), ctx.state, false);
  const now = ctx.now.toISOString();
  const rel: GdapRelationship = {
    id: `${randomUUID()}-${randomUUID()}`,
    displayName: input.displayName ?? '',
    duration: input.duration ?? 'P730D',
    durationDays: input.durationDays ?? 730,
    status: 'created',
    autoExtendDuration: input.autoExtendDuration ?? 'PT0S',
    customer: input.customer ?? { tenantId: null, displayName: null },
    unifiedRoles: input.unifiedRoles ?? [],
    createdDateTime: now,
    lastModifiedDateTime: now,
    activatedDateTime: null,
    endDateTime: null,
    lockedAt: null,
    terminationRequestedAt: null,
    version: 1,
    requests: [],
    accessAssignments: [],
  };
  checkRelationship(rel, ctx.state);
  ctx.state.gdap.set(rel.id, rel);
  return entity(ctx, ENTITY, relationshipJson(rel), 201);
}

function list(ctx: RequestContext): GraphResponse {
  const all = [...ctx.state.gdap.values()];
  all.forEach((rel) => refresh(rel, ctx.now, ctx.state.gdapTiming));
  return collection(
    ctx,
    'tenantRelationships/delegatedAdminRelationships',
    filterRecords(ctx, all, relationshipJson, FILTER).map(relationshipJson),
  );
}

/** Everything may change while `created`; once active, only auto-extend. */
function patch(ctx: RequestContext): GraphResponse {
  const rel = findRelationship(ctx);
  checkIfMatch(ctx, etag(rel.id, rel.version));
  const input = readRelationshipInput(bodyObject(ctx.body), ctx.state, true);
  const onlyAutoExtend = Object.keys(input).every((k) => k === 'autoExtendDuration');
  if (rel.status !== 'created' && !(rel.status === 'active' && onlyAutoExtend)) {
    throw badRequest(
      `The relationship can only be changed while its status is 'created' (auto-extend also while 'active'); it is '${rel.status}'.`,
    );
  }
  const candidate = { ...rel, ...input };
  checkRelationship(candidate, ctx.state, rel.id);
  Object.assign(rel, input);
  touch(rel, ctx.now);
  return entity(ctx, ENTITY, relationshipJson(rel));
}

function remove(ctx: RequestContext): GraphResponse {
  const rel = findRelationship(ctx);
  checkIfMatch(ctx, etag(rel.id, rel.version));
  if (rel.status !== 'created')
    throw badRequest(
      `Only a relationship in status 'created' can be deleted; this one is '${rel.status}'. Terminate it instead.`,
    );
  ctx.state.gdap.delete(rel.id);
  return NO_CONTENT;
}

function postRequest(ctx: RequestContext): GraphResponse {
  const rel = findRelationship(ctx);
  const action = new BodyReader(bodyObject(ctx.body), 'delegatedAdminRelationshipRequest', 'BadRequest').requiredString(
    'action',
  );
  const t = ctx.now.getTime();
  if (action === 'lockForApproval') {
    if (rel.status !== 'created')
      throw badRequest(`lockForApproval needs a relationship in status 'created'; this one is '${rel.status}'.`);
    Object.assign(rel, { status: 'approvalPending', lockedAt: t });
  } else if (action === 'terminate') {
    if (rel.status !== 'active')
      throw badRequest(`terminate needs a relationship in status 'active'; this one is '${rel.status}'.`);
    Object.assign(rel, { status: 'terminationRequested', terminationRequestedAt: t });
  } else if (action === 'approve') {
    throw badRequest(
      "Only the customer's Global Administrator approves, in the Microsoft 365 admin center; there is no partner-side approval. (Simulated tenant: POST /_local/gdap/{id}/approve.)",
    );
  } else {
    throw badRequest(`The action '${action}' is not valid; use lockForApproval or terminate.`);
  }
  touch(rel, ctx.now);
  const request = {
    id: randomUUID(),
    action,
    status: 'created' as const,
    createdDateTime: ctx.now.toISOString(),
    lastModifiedDateTime: ctx.now.toISOString(),
  };
  rel.requests.push(request);
  return entity(ctx, `${ENTITY.replace('/$entity', '')}('${rel.id}')/requests/$entity`, requestJson(request), 201);
}

function getRequest(ctx: RequestContext): GraphResponse {
  const rel = findRelationship(ctx);
  const request = rel.requests.find((r) => r.id === ctx.params.requestId);
  if (!request) throw notFound(ctx.params.requestId ?? '');
  return entity(ctx, 'tenantRelationships/delegatedAdminRelationships/requests/$entity', requestJson(request));
}

export const gdapRoutes: Route[] = [
  { method: 'GET', pattern: GDAP_BASE, permissions: PERMISSIONS.gdapRead, handler: list },
  { method: 'POST', pattern: GDAP_BASE, permissions: PERMISSIONS.gdapWrite, handler: create },
  {
    method: 'GET',
    pattern: `${GDAP_BASE}/:id`,
    permissions: PERMISSIONS.gdapRead,
    handler: (ctx) => entity(ctx, ENTITY, relationshipJson(findRelationship(ctx))),
  },
  { method: 'PATCH', pattern: `${GDAP_BASE}/:id`, permissions: PERMISSIONS.gdapWrite, handler: patch },
  { method: 'DELETE', pattern: `${GDAP_BASE}/:id`, permissions: PERMISSIONS.gdapWrite, handler: remove },
  { method: 'POST', pattern: `${GDAP_BASE}/:id/requests`, permissions: PERMISSIONS.gdapWrite, handler: postRequest },
  {
    method: 'GET',
    pattern: `${GDAP_BASE}/:id/requests`,
    permissions: PERMISSIONS.gdapRead,
    handler: (ctx) =>
      collection(
        ctx,
        'tenantRelationships/delegatedAdminRelationships/requests',
        findRelationship(ctx).requests.map(requestJson),
      ),
  },
  {
    method: 'GET',
    pattern: `${GDAP_BASE}/:id/requests/:requestId`,
    permissions: PERMISSIONS.gdapRead,
    handler: getRequest,
  },
];
