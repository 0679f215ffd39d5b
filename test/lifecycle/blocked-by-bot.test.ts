import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBotBlock } from '../../src/services/lifecycle/blocked-by-bot';
import type { Grant } from '../../src/services/storage/lifecycle-types';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';

const USER = '6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e01';
let dir: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpa-botblock-'));
  db = await openDatabase(`sqlite:${path.join(dir, 'b.db')}`);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** A grant of USER from a new request, `status` as given, granted on `day` of December. */
async function grantOn(day: number, status: Grant['status'], userId = USER): Promise<Grant> {
  const requestId = `req-${++n}`;
  return db.grants.upsert({
    id: `${requestId}:rex@fabrikam-mssp.example`,
    requestId,
    email: 'rex@fabrikam-mssp.example',
    userId,
    displayName: 'Rex Partner',
    role: 'security-reader',
    roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509',
    pim: false,
    invited: true,
    grantedAt: `2026-12-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    status,
    remindersSent: [],
  });
}
const offboarded = (g: Grant, result: Record<string, unknown>) =>
  db.saga.record({ requestId: g.requestId, item: g.id, step: 'offboard', state: 'done', result });

describe('findBotBlock: only the bot’s own block at the end of the latest grant counts', () => {
  it('finds the block the revocation of the latest grant recorded', async () => {
    const g = await grantOn(1, 'revoked', '6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e11');
    await offboarded(g, { policy: 'block', userFound: true });
    expect(await findBotBlock(db, g.userId)).toMatchObject({ grantId: g.id });
  });

  it('is not the bot’s block when a later grant of the same guest is still active', async () => {
    const user = '6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e12';
    const ended = await grantOn(1, 'revoked', user);
    await offboarded(ended, { policy: 'block', userFound: true });
    await grantOn(5, 'active', user);
    expect(await findBotBlock(db, user)).toBeUndefined();
  });

  it.each([
    ['the offboarding was skipped', '1', { policy: 'block', skipped: 'the guest has another active grant' }],
    ['the policy was keep', '2', { policy: 'keep' }],
    ['the user was gone', '3', { policy: 'block', userFound: false }],
  ])('is not the bot’s block when %s', async (_what, last, result) => {
    const user = `6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e2${last}`;
    await offboarded(await grantOn(1, 'revoked', user), result);
    expect(await findBotBlock(db, user)).toBeUndefined();
  });

  it('is not the bot’s block without any grant, or when the revocation never finished offboarding', async () => {
    expect(await findBotBlock(db, '6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e31')).toBeUndefined();
    await grantOn(1, 'revoked', '6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e32');
    expect(await findBotBlock(db, '6f1c3a52-8d1e-4a55-9a5b-3f0c2b1d9e32')).toBeUndefined();
  });
});
