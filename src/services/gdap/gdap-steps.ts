import { securityCopilotLink } from '../access/tenant-link';
import { GraphRequestError } from '../graph/graph-error';
import { approvalLink, type GdapRelationship } from './gdap-client';
import { assignmentDeleted, assignmentError, DELIVERY_NOTE, nameUsed } from './gdap-messages';
import { StepProblem, type GdapRun } from './gdap-run';
import { FINISHED_STATUSES, type GdapStatus, type GdapStep } from './gdap-types';

export type StepOutcome =
  | { readonly kind: 'next' }
  | { readonly kind: 'wait'; readonly nextCheckAt: Date }
  | { readonly kind: 'end'; readonly status: 'expired' | 'terminated' };

const NEXT: StepOutcome = { kind: 'next' };
const USABLE: readonly GdapStatus[] = ['active', 'expiring'];
const sameTenant = (a: string | null, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

/**
 * Creates the relationship. A run that began this step before may have reached Graph before it crashed, so it
 * first looks for a live relationship with the same name and customer and takes that one over.
 */
async function create(run: GdapRun): Promise<StepOutcome> {
  const { log, deps } = run;
  const req = run.req;
  const earlier = log.attempted('create');
  await log.start('create');
  let relationship: GdapRelationship | undefined;
  let graphRequestId: string | undefined;
  if (earlier) {
    const found = await deps.client.findByName(req.displayName);
    graphRequestId = found.requestId;
    relationship = found.relationships.find((r) => sameTenant(r.customer.tenantId, req.customer.tenantId));
    if (!relationship && found.relationships.length > 0) throw new StepProblem('create', nameUsed(req.displayName));
  }
  const reused = relationship !== undefined;
  if (!relationship) {
    const created = await deps.client.create(req);
    relationship = created.relationship;
    graphRequestId = created.requestId;
  }
  const { id, status } = relationship;
  await run.update((r) => ({ ...r, status: 'awaiting-approval', relationshipId: id, relationshipStatus: status }));
  await log.finish('create', { relationshipId: id, reused, graphRequestId });
  return NEXT;
}

async function lock(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('lock');
  const locked = await run.deps.client.lockForApproval(run.relationshipId);
  await run.observe(locked.status, locked.requestId);
  // Someone ended it before it was locked: no hand-off for a relationship nobody can approve.
  if (FINISHED_STATUSES.includes(locked.status))
    return { kind: 'end', status: locked.status as 'expired' | 'terminated' };
  await run.log.finish('lock', { status: locked.status, already: locked.already, graphRequestId: locked.requestId });
  return NEXT;
}

async function handoff(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('handoff');
  const link = approvalLink(run.relationshipId);
  const req = await run.update((r) => ({ ...r, approvalLink: link }));
  await run.notify('handoff', () => run.deps.events.handoff(req, link));
  await run.log.finish('handoff', { link });
  return NEXT;
}

/** One look at the relationship: active goes on, expired or terminated ends the request, anything else waits. */
async function awaitApproval(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('await-approval', { once: true });
  const { relationship, requestId } = await run.deps.client.get(run.relationshipId);
  const status = relationship.status;
  await run.observe(status, requestId);
  if (FINISHED_STATUSES.includes(status)) return { kind: 'end', status: status as 'expired' | 'terminated' };
  if (!USABLE.includes(status)) return { kind: 'wait', nextCheckAt: await run.waitPoll('await-approval') };
  await run.update(({ poll: _poll, ...r }) => ({ ...r, status: 'assigning' }));
  const detail = { status, activatedDateTime: relationship.activatedDateTime, graphRequestId: requestId };
  await run.log.finish('await-approval', detail);
  return NEXT;
}

async function group(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('group');
  const { tenantId, displayName } = run.req.customer;
  const found = await run.deps.client.ensureSecurityGroup(displayName ?? tenantId, tenantId);
  await run.update((r) => ({ ...r, groupId: found.groupId }));
  await run.log.finish('group', { groupId: found.groupId, created: found.created, graphRequestId: found.requestId });
  return NEXT;
}

async function assign(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('assign');
  const groupId = run.req.groupId ?? '';
  let made;
  try {
    made = await run.deps.client.createAccessAssignment(run.relationshipId, groupId, run.req.roleIds);
  } catch (error) {
    // Graph refuses assignments once the relationship is no longer active; that is an ending, not a failure.
    const ended = error instanceof GraphRequestError && error.status === 400 ? await run.endedMeanwhile() : undefined;
    if (ended) return { kind: 'end', status: ended };
    throw error;
  }
  const assignmentId = made.assignment.id;
  await run.update((r) => ({ ...r, assignmentId }));
  await run.log.finish('assign', { assignmentId, existing: made.existing, graphRequestId: made.requestId });
  return NEXT;
}

async function awaitAssignment(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('await-assignment', { once: true });
  const groupId = run.req.groupId ?? '';
  const { assignment, requestId } = await run.deps.client.getAccessAssignment(
    run.relationshipId,
    run.req.assignmentId ?? '',
  );
  if (assignment.status === 'pending') return { kind: 'wait', nextCheckAt: await run.waitPoll('await-assignment') };
  if (assignment.status === 'error') throw new StepProblem('await-assignment', assignmentError(groupId));
  if (assignment.status !== 'active') {
    const ended = await run.endedMeanwhile();
    if (ended) return { kind: 'end', status: ended };
    throw new StepProblem('await-assignment', assignmentDeleted(groupId));
  }
  await run.update(({ poll: _poll, ...r }) => r);
  await run.log.finish('await-assignment', {
    assignmentId: assignment.id,
    status: 'active',
    graphRequestId: requestId,
  });
  return NEXT;
}

/** Tells the bot, then records it: a crash in between tells it twice rather than never. */
async function deliver(run: GdapRun): Promise<StepOutcome> {
  await run.log.start('deliver');
  const link = securityCopilotLink(run.req.customer.tenantId);
  const req = await run.update((r) => ({ ...r, delivery: { link, note: DELIVERY_NOTE } }));
  await run.notify('delivered', () => run.deps.events.delivered(req, link));
  await run.log.finish('deliver', { link });
  return NEXT;
}

/** The steps in order; each is skipped once its `done` is recorded. */
export const GDAP_STEPS: ReadonlyArray<readonly [GdapStep, (run: GdapRun) => Promise<StepOutcome>]> = [
  ['create', create],
  ['lock', lock],
  ['handoff', handoff],
  ['await-approval', awaitApproval],
  ['group', group],
  ['assign', assign],
  ['await-assignment', awaitAssignment],
  ['deliver', deliver],
];
