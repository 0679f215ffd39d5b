import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdapSaga } from '../../src/services/gdap/gdap-saga';
import { openGdapStore } from '../../src/services/storage/gdap-store';
import { Pool } from 'pg';
import { openPgGdap, PG_SERVER, type PgGdap } from './postgres-support';
import { MINUTE, seedWith, startGdapWorld, type GdapWorld } from './support';

describe('GdapSaga on PostgreSQL (the scale-out twin)', () => {
  let w: GdapWorld;
  let pg: PgGdap;
  const saga = (owner: string, store = pg.store) =>
    new GdapSaga({
      store,
      saga: pg.db.saga,
      audit: pg.db.audit,
      client: w.client,
      events: w.events.events,
      clock: w.time.clock,
      owner,
    });

  beforeAll(async () => {
    w = await startGdapWorld(seedWith((s) => void (s.gdap.accessAssignmentActivationMs = 30_000)));
    pg = await openPgGdap(w.time.clock);
  });
  afterAll(async () => {
    await pg?.close();
    await w?.close();
  });

  it('runs the whole flow with two instances taking turns, and refuses a concurrent second advance', async () => {
    const req = await w.request(); // stored in the world's SQLite file; PostgreSQL gets its own copy
    await pg.store.create(req);
    const second = new Pool({ connectionString: PG_SERVER, options: `-c search_path="${pg.schema}"`, max: 2 });
    try {
      const a = saga('instance-a');
      const b = saga('instance-b', openGdapStore({ kind: 'postgres', pool: second }));
      const [ra, rb] = await Promise.all([a.advance(req.id), b.advance(req.id)]);
      expect([ra, rb].filter((r) => r.state === 'waiting' && r.busy)).toHaveLength(1);
      const stored = await pg.store.get(req.id);
      expect(stored).toMatchObject({ status: 'awaiting-approval', relationshipStatus: 'approvalPending' });
      expect((await w.client.findByName(req.displayName)).relationships).toHaveLength(1);

      await w.hook(stored?.relationshipId ?? '', 'approve');
      w.time.advance(MINUTE);
      expect((await b.advance(req.id)).state).toBe('waiting');
      w.time.advance(MINUTE);
      expect(await a.advance(req.id)).toEqual({ state: 'done' });
      expect(await pg.store.get(req.id)).toMatchObject({
        status: 'completed',
        delivery: { link: expect.stringContaining(req.customer.tenantId) as unknown },
      });
      const steps = await pg.db.saga.list(req.id);
      expect(steps.map((s) => s.step)).toEqual([
        'create',
        'lock',
        'handoff',
        'await-approval',
        'group',
        'assign',
        'await-assignment',
        'deliver',
      ]);
      expect(steps.every((s) => s.state === 'done' && s.attempt === 1)).toBe(true);
      expect((await pg.db.audit.list({ subject: req.id, action: 'gdap.completed' })).length).toBe(1);
    } finally {
      await second.end();
    }
  });
});
