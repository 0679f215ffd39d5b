import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, APPROVERS, failure, invitation, startHarness, type Harness } from './helpers';

interface BatchResponse {
  responses: Array<{
    id: string;
    status: number;
    headers: Record<string, string>;
    body?: { error?: { code: string } } & Record<string, unknown>;
  }>;
}

describe('local tenant: faults and retries (through the Graph SDK RetryHandler)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('a 429 with Retry-After is retried by the SDK and then succeeds', async () => {
    const before = h.tenant.requestCount();
    h.tenant.failNext({ status: 429, retryAfterSeconds: 1, count: 1, path: '/invitations' });
    const started = Date.now();
    const invite = (await h.graph.api('/invitations').post(invitation('retry@fabrikam-mssp.example'))) as {
      status: string;
    };
    expect(invite.status).toBe('PendingAcceptance');
    expect(h.tenant.requestCount() - before).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a 503 is retried too', async () => {
    const before = h.tenant.requestCount();
    h.tenant.failNext({ status: 503, retryAfterSeconds: 0, count: 2, path: '/users' });
    const user = (await h.graph.api(`/users/${ALEX}`).get()) as { id: string };
    expect(user.id).toBe(ALEX);
    expect(h.tenant.requestCount() - before).toBe(3);
  });

  it('after the SDK gives up (3 retries) the 429 reaches the caller with code TooManyRequests', async () => {
    h.tenant.failNext({ status: 429, retryAfterSeconds: 0, count: 4, path: '/users' });
    const e = await failure(h.graph.api(`/users/${ALEX}`).get());
    expect([e.status, e.code, e.isThrottled]).toEqual([429, 'TooManyRequests', true]);
  });

  it('a raw 429 carries Retry-After, request-id and the simulated-tenant header; POST /_local/faults/next works over HTTP', async () => {
    const set = await fetch(`${h.tenant.url}/_local/faults/next`, {
      method: 'POST',
      body: JSON.stringify({ status: 429, retryAfterSeconds: 7, count: 1, path: '/v1.0/groups' }),
    });
    expect(set.status).toBe(204);
    const res = await fetch(`${h.tenant.graphBaseUrl}/groups/${APPROVERS}`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-simulated-tenant')).toBe('true');
    const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('TooManyRequests');
    expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    expect((await fetch(`${h.tenant.graphBaseUrl}/groups/${APPROVERS}`)).status).toBe(200);
  });

  it('random faults are deterministic for a seed, and PUT /_local/faults {"rate":0} clears them', async () => {
    const run = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await fetch(`${h.tenant.graphBaseUrl}/users/${ALEX}`)).status);
      return statuses;
    };
    h.tenant.setFaults({ rate: 0.5, kinds: ['429', '503'], retryAfterSeconds: 0, seed: 42 });
    const first = await run();
    h.tenant.setFaults({ rate: 0.5, kinds: ['429', '503'], retryAfterSeconds: 0, seed: 42 });
    const second = await run();
    expect(second).toEqual(first);
    expect(first.some((s) => s !== 200)).toBe(true);
    expect(first.some((s) => s === 200)).toBe(true);
    const cleared = await fetch(`${h.tenant.url}/_local/faults`, { method: 'PUT', body: JSON.stringify({ rate: 0 }) });
    expect(cleared.status).toBe(204);
    expect(new Set(await run())).toEqual(new Set([200]));
    const invalid = await fetch(`${h.tenant.url}/_local/faults`, { method: 'PUT', body: JSON.stringify({ rate: 2 }) });
    expect(invalid.status).toBe(400);
  });
});

describe('local tenant: $batch (through the Graph SDK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });

  it('answers each inner request, gives 424 to a request whose dependency failed, and lets an inner request be throttled', async () => {
    h.tenant.failNext({ status: 429, retryAfterSeconds: 3, count: 1, path: `/groups/${APPROVERS}` });
    const result = (await h.graph.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/users/${ALEX}?$select=id,displayName` },
        { id: '2', method: 'GET', url: 'users/00000000-0000-4000-8000-000000000000' },
        { id: '3', method: 'GET', url: `/users/${ALEX}/memberOf`, dependsOn: ['2'] },
        {
          id: '4',
          method: 'POST',
          url: '/invitations',
          headers: { 'Content-Type': 'application/json' },
          body: invitation('batch@fabrikam-mssp.example'),
        },
        { id: '5', method: 'GET', url: `/groups/${APPROVERS}` },
        { id: '6', method: 'POST', url: '/invitations', body: invitation('nocontenttype@fabrikam-mssp.example') },
      ],
    })) as BatchResponse;
    const byId = Object.fromEntries(result.responses.map((r) => [r.id, r]));
    expect(byId['1']).toMatchObject({ status: 200, body: { id: ALEX, displayName: 'Alex Wilber' } });
    expect(byId['2']?.status).toBe(404);
    expect(byId['2']?.body?.error?.code).toBe('Request_ResourceNotFound');
    expect(byId['3']?.status).toBe(424);
    expect(byId['4']?.status).toBe(201);
    expect(byId['5']?.status).toBe(429);
    expect(byId['5']?.headers['Retry-After']).toBe('3');
    expect(byId['6']?.status).toBe(400);
  });

  it('refuses more than 20 requests and a dependsOn that names no earlier request', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `/users/${ALEX}`,
    }));
    const tooMany = await failure(h.graph.api('/$batch').post({ requests }));
    expect([tooMany.status, tooMany.code]).toEqual([400, 'BadRequest']);
    const badDep = await failure(
      h.graph.api('/$batch').post({ requests: [{ id: 'a', method: 'GET', url: '/users', dependsOn: ['b'] }] }),
    );
    expect(badDep.status).toBe(400);
  });
});
