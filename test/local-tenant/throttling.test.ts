import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALEX, APPROVERS, failure, startHarness, type Harness } from './helpers';

interface BatchResponse {
  responses: Array<{ id: string; status: number; headers: Record<string, string> }>;
}

describe('local tenant: throttling at realistic rates (fault injector)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.tenant.close();
  });
  beforeEach(() => {
    h.tenant.reset();
  });

  const statuses = async (count: number, path = `/users/${ALEX}`) => {
    const out: Array<{ status: number; retryAfter: string | null }> = [];
    for (let i = 0; i < count; i += 1) {
      const res = await fetch(`${h.tenant.graphBaseUrl}${path}`);
      out.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
    }
    return out;
  };

  it('a request budget answers 429 with a Retry-After that counts down to when the window frees', async () => {
    h.tenant.setFaults({ limit: { requests: 3, windowMs: 1_500 } });
    const first = await statuses(5);
    expect(first.map((s) => s.status)).toEqual([200, 200, 200, 429, 429]);
    expect(Number(first[3]?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(first[3]?.retryAfter)).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await statuses(1))[0]?.status).toBe(200);
  });

  it('the Graph SDK waits out the budget by Retry-After and succeeds', async () => {
    h.tenant.setFaults({ limit: { requests: 2, windowMs: 1_000 } });
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) await h.graph.api(`/users/${ALEX}`).get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('writesOnly throttles writes while reads still pass, as Graph may', async () => {
    h.tenant.setFaults({ limit: { requests: 1, windowMs: 60_000, writesOnly: true } });
    const write = () =>
      fetch(`${h.tenant.graphBaseUrl}/users/${ALEX}/checkMemberGroups`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ groupIds: [APPROVERS] }),
      });
    expect((await write()).status).toBe(200);
    expect((await write()).status).toBe(429);
    expect((await statuses(3)).map((s) => s.status)).toEqual([200, 200, 200]);
  });

  it('30 % throttled and 5 % unavailable: the shares hold for a seed, every failure carries Retry-After', async () => {
    h.tenant.setFaults({ rate: 0.3, kinds: ['429'], unavailableRate: 0.05, retryAfterSeconds: 0, seed: 7 });
    const seen = await statuses(200);
    const count = (status: number) => seen.filter((s) => s.status === status).length;
    expect(count(429)).toBeGreaterThan(40);
    expect(count(429)).toBeLessThan(80);
    expect(count(503)).toBeGreaterThan(2);
    expect(count(503)).toBeLessThan(25);
    expect(count(200) + count(429) + count(503)).toBe(200);
    expect(seen.filter((s) => s.status !== 200).every((s) => s.retryAfter === '0')).toBe(true);
  });

  it('the same rates through the Graph SDK: its retries carry 50 reads to success', async () => {
    h.tenant.setFaults({ rate: 0.3, kinds: ['429'], unavailableRate: 0.05, retryAfterSeconds: 0, seed: 11 });
    const before = h.tenant.requestCount();
    for (let i = 0; i < 50; i += 1)
      expect(((await h.graph.api(`/users/${ALEX}`).get()) as { id: string }).id).toBe(ALEX);
    expect(h.tenant.requestCount() - before).toBeGreaterThan(55);
  });

  it('inside $batch each request is throttled on its own, with its own Retry-After; the envelope is 200', async () => {
    h.tenant.setFaults({ limit: { requests: 2, windowMs: 60_000 } });
    const result = (await h.graph.api('/$batch').post({
      requests: ['a', 'b', 'c', 'd'].map((id) => ({ id, method: 'GET', url: `/users/${ALEX}` })),
    })) as BatchResponse;
    expect(result.responses.map((r) => r.status)).toEqual([200, 200, 429, 429]);
    expect(Number(result.responses[2]?.headers['Retry-After'])).toBeGreaterThanOrEqual(59);
  });

  it('PUT /_local/faults sets the rates and the budget at run time and refuses nonsense', async () => {
    const put = (body: unknown) =>
      fetch(`${h.tenant.url}/_local/faults`, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put({ limit: { requests: 1, windowMs: 60_000 } })).status).toBe(204);
    expect((await statuses(2)).map((s) => s.status)).toEqual([200, 429]);
    expect((await put({ unavailableRate: 1, retryAfterSeconds: 0 })).status).toBe(204);
    expect((await statuses(1))[0]?.status).toBe(503);
    expect((await put({ unavailableRate: 1.5 })).status).toBe(400);
    expect((await put({ limit: { requests: 0, windowMs: 10 } })).status).toBe(400);
    expect((await put({})).status).toBe(204);
    const e = await failure(h.graph.api('/users/00000000-0000-4000-8000-000000000000').get());
    expect(e.status).toBe(404);
  });
});
