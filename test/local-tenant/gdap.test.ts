import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, FABRIKAM_TENANT, failure, manualClock, ROLES, seedCopy, startHarness, type Harness } from './helpers';

const BASE = '/tenantRelationships/delegatedAdminRelationships';
const PARTNER_GROUP = '4b0c7d2e-8a55-4d3c-9a9e-1f2b3c4d5e6f';

interface Relationship {
  id: string;
  displayName: string;
  status: string;
  duration: string;
  autoExtendDuration: string;
  activatedDateTime: string | null;
  endDateTime: string | null;
  customer: { tenantId: string; displayName: string | null };
  accessDetails: { unifiedRoles: Array<{ roleDefinitionId: string }> };
}

function relationshipBody(displayName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    displayName,
    duration: 'P180D',
    customer: { tenantId: FABRIKAM_TENANT },
    accessDetails: {
      unifiedRoles: [{ roleDefinitionId: ROLES.securityReader }, { roleDefinitionId: ROLES.securityOperator }],
    },
    autoExtendDuration: 'PT0S',
    ...extra,
  };
}

describe('local tenant: GDAP delegated admin relationships (through the Graph SDK)', () => {
  const time = manualClock();
  let h: Harness;

  async function localHook(id: string, action: 'approve' | 'expire' | 'terminate'): Promise<Response> {
    return fetch(`${h.tenant.url}/_local/gdap/${id}/${action}`, { method: 'POST' });
  }

  beforeAll(async () => {
    const seed = seedCopy((s) => {
      s.gdap.accessAssignmentActivationMs = 60_000;
      s.gdap.terminationDelayMs = 60_000;
    });
    h = await startHarness({ seed, clock: time.clock });
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('runs the lifecycle: created → approvalPending → (customer approves) active → access assignment pending → active → terminated', async () => {
    const created = (await h.graph.api(BASE).post(relationshipBody('Fabrikam SOC – Security Copilot'))) as Relationship;
    expect(created).toMatchObject({
      status: 'created',
      duration: 'P180D',
      autoExtendDuration: 'PT0S',
      customer: { tenantId: FABRIKAM_TENANT, displayName: 'Fabrikam MSSP (simulated)' },
    });
    const patched = (await h.graph
      .api(`${BASE}/${created.id}`)
      .patch({ displayName: 'Fabrikam SOC – Copilot' })) as Relationship;
    expect(patched.displayName).toBe('Fabrikam SOC – Copilot');

    const lock = (await h.graph.api(`${BASE}/${created.id}/requests`).post({ action: 'lockForApproval' })) as {
      action: string;
      status: string;
    };
    expect(lock).toMatchObject({ action: 'lockForApproval', status: 'created' });
    expect(((await h.graph.api(`${BASE}/${created.id}`).get()) as Relationship).status).toBe('approvalPending');
    expect((await failure(h.graph.api(`${BASE}/${created.id}`).patch({ displayName: 'late' }))).status).toBe(400);
    const early = await failure(h.graph.api(`${BASE}/${created.id}/accessAssignments`).post({}));
    expect(early.status).toBe(400);

    expect((await localHook(created.id, 'approve')).status).toBe(200);
    const active = (await h.graph.api(`${BASE}/${created.id}`).get()) as Relationship;
    expect(active.status).toBe('active');
    expect(Date.parse(active.endDateTime ?? '') - Date.parse(active.activatedDateTime ?? '')).toBe(180 * DAY);

    const assignmentBody = {
      accessContainer: { accessContainerId: PARTNER_GROUP, accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLES.securityReader }] },
    };
    const assignment = (await h.graph.api(`${BASE}/${created.id}/accessAssignments`).post(assignmentBody)) as {
      id: string;
      status: string;
    };
    expect(assignment.status).toBe('pending');
    const outside = await failure(
      h.graph
        .api(`${BASE}/${created.id}/accessAssignments`)
        .post({ ...assignmentBody, accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLES.globalReader }] } }),
    );
    expect(outside.status).toBe(400);
    time.advance(60_000);
    const now = (await h.graph.api(`${BASE}/${created.id}/accessAssignments/${assignment.id}`).get()) as {
      status: string;
    };
    expect(now.status).toBe('active');
    const listed = (await h.graph.api(`${BASE}/${created.id}/accessAssignments`).get()) as {
      value: Array<{ id: string }>;
    };
    expect(listed.value.map((a) => a.id)).toEqual([assignment.id]);

    await h.graph.api(`${BASE}/${created.id}/requests`).post({ action: 'terminate' });
    expect(((await h.graph.api(`${BASE}/${created.id}`).get()) as Relationship).status).toBe('terminationRequested');
    time.advance(60_000);
    expect(((await h.graph.api(`${BASE}/${created.id}`).get()) as Relationship).status).toBe('terminated');
    const after = (await h.graph.api(`${BASE}/${created.id}/accessAssignments/${assignment.id}`).get()) as {
      status: string;
    };
    expect(after.status).toBe('deleted');
  });

  it('lists with $filter on status and customer/tenantId', async () => {
    const a = (await h.graph.api(BASE).post(relationshipBody('Filter A'))) as Relationship;
    const created = (await h.graph.api(BASE).filter("status eq 'created'").get()) as { value: Relationship[] };
    expect(created.value.map((r) => r.id)).toContain(a.id);
    expect(created.value.every((r) => r.status === 'created')).toBe(true);
    const forCustomer = (await h.graph
      .api(BASE)
      .filter(`customer/tenantId eq '${FABRIKAM_TENANT}' and status eq 'created'`)
      .get()) as { value: Relationship[] };
    expect(forCustomer.value.map((r) => r.id)).toContain(a.id);
  });

  it('validates: 51-character name, P731D, auto-extend with Global Administrator, unknown role, duplicate name, bad customer', async () => {
    const long = await failure(h.graph.api(BASE).post(relationshipBody('x'.repeat(51))));
    expect([long.status, long.code]).toEqual([400, 'BadRequest']);
    expect(long.message).toContain('50');
    const tooLong = await failure(h.graph.api(BASE).post(relationshipBody('Too long', { duration: 'P731D' })));
    expect([tooLong.status, tooLong.code]).toEqual([400, 'BadRequest']);
    expect(tooLong.message).toContain('P730D');
    const ga = await failure(
      h.graph.api(BASE).post(
        relationshipBody('GA auto', {
          autoExtendDuration: 'P180D',
          accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLES.globalAdministrator }] },
        }),
      ),
    );
    expect(ga.status).toBe(400);
    expect(ga.message).toContain('Global Administrator');
    const okAuto = (await h.graph
      .api(BASE)
      .post(relationshipBody('Auto extend', { autoExtendDuration: 'P180D' }))) as Relationship;
    expect(okAuto.autoExtendDuration).toBe('P180D');
    const unknownRole = await failure(
      h.graph.api(BASE).post(
        relationshipBody('Unknown role', {
          accessDetails: { unifiedRoles: [{ roleDefinitionId: '00000000-0000-4000-8000-000000000000' }] },
        }),
      ),
    );
    expect(unknownRole.status).toBe(400);
    const noRoles = await failure(
      h.graph.api(BASE).post(relationshipBody('No roles', { accessDetails: { unifiedRoles: [] } })),
    );
    expect(noRoles.status).toBe(400);
    await h.graph.api(BASE).post(relationshipBody('Same name'));
    const dup = await failure(h.graph.api(BASE).post(relationshipBody('Same name')));
    expect([dup.status, dup.code]).toEqual([409, 'Conflict']);
    const customer = await failure(
      h.graph.api(BASE).post(relationshipBody('Bad customer', { customer: { tenantId: 'fabrikam' } })),
    );
    expect(customer.status).toBe(400);
    expect(
      (await failure(h.graph.api(BASE).post(relationshipBody('Bad extend', { autoExtendDuration: 'P90D' })))).status,
    ).toBe(400);
  });

  it('expires by the clock (and auto-extends when asked); the /_local expire and terminate hooks end a relationship', async () => {
    const plain = (await h.graph.api(BASE).post(relationshipBody('Expires', { duration: 'P1D' }))) as Relationship;
    const auto = (await h.graph
      .api(BASE)
      .post(relationshipBody('Extends', { duration: 'P1D', autoExtendDuration: 'P180D' }))) as Relationship;
    for (const r of [plain, auto]) {
      await h.graph.api(`${BASE}/${r.id}/requests`).post({ action: 'lockForApproval' });
      await localHook(r.id, 'approve');
    }
    time.advance(DAY + 1);
    expect(((await h.graph.api(`${BASE}/${plain.id}`).get()) as Relationship).status).toBe('expired');
    const extended = (await h.graph.api(`${BASE}/${auto.id}`).get()) as Relationship;
    expect(extended.status).toBe('active');
    expect(Date.parse(extended.endDateTime ?? '')).toBeGreaterThan(time.clock().getTime() + 170 * DAY);

    expect((await localHook(auto.id, 'expire')).status).toBe(200);
    expect(((await h.graph.api(`${BASE}/${auto.id}`).get()) as Relationship).status).toBe('expired');
    const other = (await h.graph.api(BASE).post(relationshipBody('Hook terminate'))) as Relationship;
    expect((await localHook(other.id, 'terminate')).status).toBe(200);
    expect(((await h.graph.api(`${BASE}/${other.id}`).get()) as Relationship).status).toBe('terminated');
    expect((await localHook(other.id, 'approve')).status).toBe(400);
  });

  it('refuses the partner-side approve action and unknown actions', async () => {
    const r = (await h.graph.api(BASE).post(relationshipBody('Approve myself'))) as Relationship;
    const approve = await failure(h.graph.api(`${BASE}/${r.id}/requests`).post({ action: 'approve' }));
    expect(approve.status).toBe(400);
    expect(approve.message).toContain('Global Administrator');
    expect((await failure(h.graph.api(`${BASE}/${r.id}/requests`).post({ action: 'dance' }))).status).toBe(400);
    expect((await failure(h.graph.api(`${BASE}/nope`).get())).status).toBe(404);
  });
});
