import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRequestCard } from '../../src/cards/requests/render-request';
import { startLocalTenant, type LocalTenant } from '../../src/dev/local-tenant';
import { TenantPolicy } from '../../src/services/access/tenant-policy';
import { DirectoryService } from '../../src/services/directory/directory-service';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { RequestService } from '../../src/services/requests/request-service';
import type { AccessRequest, RequestDraft } from '../../src/services/requests/types';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';
import { shownText } from '../support/shown-text';
import {
  ADELE,
  ADMIN_GROUP,
  APPROVER_GROUP,
  HOME_TENANT,
  MEGAN,
  PARTNER_TENANT,
  PATTI,
  STRANGER,
} from '../support/seed';

// Two allow-listed partners of the simulated tenant: Fabrikam (Patti's organisation) and Northwind.
const NORTHWIND_TENANT = 'bedb35a6-c399-4045-931d-42c1047635bc';
const person = (email: string) => ({ email, firstName: 'Sam', lastName: 'Lee' });
const raw = (emails: string[], extra: Record<string, unknown> = {}) => ({
  people: emails.map(person),
  role: 'security-reader',
  duration: '10',
  justification: 'Monthly threat hunting for the SOC.',
  ...extra,
});
const draftFor = (emails: string[]): RequestDraft => ({
  people: emails.map((email) => ({ ...person(email), displayName: 'Sam Lee (Partner)' })),
  role: 'security-reader',
  durationDays: 10,
  justification: 'Monthly threat hunting for the SOC.',
});

let dir: string;
let tenant: LocalTenant;
let db: Database;
let service: RequestService;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-scope-'));
  tenant = await startLocalTenant({ port: 0 });
  db = await openDatabase(`sqlite:${path.join(dir, 'scope.db')}`);
  const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
  service = new RequestService({
    requests: db.requests,
    audit: db.audit,
    directory: new DirectoryService(graph, {
      adminGroupId: ADMIN_GROUP,
      approverGroupId: APPROVER_GROUP,
      homeTenantId: HOME_TENANT,
    }),
    tenants: new TenantPolicy(graph, {
      homeTenantId: HOME_TENANT,
      partnerTenantIds: [],
      partnerDomains: ['fabrikam-mssp.example', 'northwind-sec.example'],
    }),
    conversations: db.conversations,
  });
  // Patti's personal chat, with the email Teams reported in her own (Fabrikam) tenant.
  await db.conversations.save({
    key: `user:${PATTI.aadObjectId}`,
    aadObjectId: PATTI.aadObjectId,
    conversationId: 'a:patti',
    conversationType: 'personal',
    tenantId: PARTNER_TENANT,
    email: 'pattif@fabrikam-mssp.example',
    reference: {},
  });
});

afterAll(async () => {
  await db.close();
  await tenant.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a partner asks only for its own people', () => {
  it("refuses partner A's analyst naming partner B's people, listed with the form problems in one round", async () => {
    const checked = await service.validate(
      raw(['jane@fabrikam-mssp.example', 'bob@northwind-sec.example', 'bad#x@fabrikam-mssp.example'], {
        justification: 'j'.repeat(1001),
      }),
      PATTI,
    );
    expect('problems' in checked && checked.problems.map((p) => p.field).sort()).toEqual(
      ['justification', 'people[1].email', 'people[2].email'].sort(),
    );
    const messages = 'problems' in checked ? checked.problems.map((p) => p.message) : [];
    expect(messages).toContain(
      "Person 2: bob@northwind-sec.example does not belong to your organisation. Partner staff can ask only for people of their own organisation; for anyone else, ask this organisation's admins.",
    );
  });

  it('domain problems come in the same round as format problems (issue 11, point 2)', async () => {
    const checked = await service.validate(
      raw(['sam@contoso.example', 'sam@unknown.example', 'sam@fabrikam-mssp.example'], { duration: '400' }),
      ADELE,
    );
    const fields = 'problems' in checked ? checked.problems.map((p) => p.field) : [];
    expect(fields).toEqual(['duration', 'people[0].email', 'people[1].email']);
  });

  it('refuses at submit too, and stores nothing', async () => {
    const result = await service.submit(PATTI, draftFor(['bob@northwind-sec.example']), 'request');
    expect('error' in result && result.error).toMatch(
      /^Person 1: bob@northwind-sec\.example does not belong to your organisation\./,
    );
    expect(await db.requests.listByRequester(PATTI.aadObjectId, 10)).toEqual([]);
  });

  it("lets partner staff ask for their own organisation's people", async () => {
    expect('draft' in (await service.validate(raw(['jane@fabrikam-mssp.example']), PATTI))).toBe(true);
  });

  it('lets home staff ask for people of any allow-listed partner', async () => {
    const emails = ['jane@fabrikam-mssp.example', 'bob@northwind-sec.example'];
    expect('draft' in (await service.validate(raw(emails), ADELE))).toBe(true);
    const stored = await service.submit(ADELE, draftFor(emails), 'request');
    expect('id' in stored && stored.people.map((p) => p.email)).toEqual(emails);
  });
});

describe('approvers see who asks', () => {
  const approverCard = (r: AccessRequest) =>
    shownText(renderRequestCard(r, { view: 'approver', policy: service.policy }));

  it("records a partner requester's organisation by name and email, and the approval card shows them", async () => {
    const stored = (await service.submit(PATTI, draftFor(['jane@fabrikam-mssp.example']), 'request')) as AccessRequest;
    expect(stored.requester).toMatchObject({
      organisation: 'Fabrikam MSSP (simulated)',
      email: 'pattif@fabrikam-mssp.example',
    });
    const kept = await db.requests.get(stored.id);
    expect(kept?.requester.organisation).toBe('Fabrikam MSSP (simulated)');
    const text = approverCard(kept!);
    expect(text).toContain('Patti Fernandez (pattif@fabrikam-mssp.example)');
    expect(text).toContain('Fabrikam MSSP (simulated)');
    expect(text).not.toContain(PARTNER_TENANT);
  });

  it("a home requester's email comes from the directory", async () => {
    const stored = (await service.submit(ADELE, draftFor(['bob@northwind-sec.example']), 'request')) as AccessRequest;
    expect(stored.requester).toMatchObject({ organisation: 'Contoso (simulated)', email: 'adelev@contoso.example' });
    expect(approverCard(stored)).toContain('Adele Vance (adelev@contoso.example)');
  });

  it("ignores an email a partner's chat claims at a domain their organisation does not own", async () => {
    const northwindAnalyst = { ...STRANGER, tenantId: NORTHWIND_TENANT, name: 'Nora North' };
    await db.conversations.save({
      key: `user:${northwindAnalyst.aadObjectId}`,
      aadObjectId: northwindAnalyst.aadObjectId,
      conversationId: 'a:nora',
      conversationType: 'personal',
      tenantId: NORTHWIND_TENANT,
      email: 'pattif@fabrikam-mssp.example',
      reference: {},
    });
    const stored = (await service.submit(
      northwindAnalyst,
      draftFor(['sam@northwind-sec.example']),
      'request',
    )) as AccessRequest;
    expect(stored.requester.email).toBeUndefined();
    expect(stored.requester.organisation).toBe('Northwind Security (simulated)');
  });

  it('still shows requests stored before the organisation was recorded', () => {
    const old = { ...draftFor(['a@fabrikam-mssp.example']), id: 'old', version: 1, status: 'pending' as const };
    const card = approverCard({
      ...old,
      kind: 'request',
      requester: { aadObjectId: 'x', name: 'Old Requester', tenantId: PARTNER_TENANT },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(card).toContain('Old Requester');
    expect(card).toContain('Not recorded with this request');
  });
});

describe('decision comments are capped, never cut short silently', () => {
  it('refuses a comment over 1000 characters or with a direction override, and the request stays pending', async () => {
    const r = (await service.submit(ADELE, draftFor(['sam@fabrikam-mssp.example']), 'request')) as AccessRequest;
    const long = await service.decide(r.id, r.version, MEGAN, 'rejected', 'n'.repeat(1001));
    expect(long).toMatchObject({ kind: 'refused', message: 'Your comment is 1001 characters; keep it to 1000.' });
    const bidi = await service.decide(r.id, r.version, MEGAN, 'approved', 'fine \u202Eko');
    expect(bidi.kind === 'refused' && bidi.message).toMatch(/invisible control character \(U\+202E\)/);
    expect((await db.requests.get(r.id))?.status).toBe('pending');
    const ok = await service.decide(r.id, r.version, MEGAN, 'rejected', '[Not a link](https://x.example) 🙂');
    expect(ok).toMatchObject({
      kind: 'decided',
      request: { decision: { comment: '[Not a link](https://x.example) 🙂' } },
    });
  });
});
