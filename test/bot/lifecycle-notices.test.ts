import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminBroadcast } from '../../src/bot/admin-broadcast';
import { LifecycleNotices } from '../../src/bot/lifecycle/lifecycle-notices';
import { Notifier } from '../../src/bot/notifier';
import { PersonIdentity } from '../../src/services/access/person-identity';
import { createLogger } from '../../src/services/logging/logger';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database, Grant } from '../../src/services/storage/types';

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-notices-'));
let db: Database;
beforeAll(async () => {
  db = await openDatabase(`sqlite:${path.join(dir, 'n.db')}`);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const grant: Grant = {
  id: 'r1:nobody@fabrikam-mssp.example',
  requestId: 'r1',
  email: 'nobody@fabrikam-mssp.example',
  userId: 'u1',
  displayName: 'No Body (Partner)',
  role: 'security-reader',
  roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509',
  pim: false,
  invited: true,
  grantedAt: '2026-12-01T09:00:00.000Z',
  expiresAt: '2026-12-08T09:00:00.000Z',
  status: 'active',
  version: 1,
  remindersSent: [],
};

describe('people the bot cannot reach', () => {
  it('are reported to the admins instead of being skipped', async () => {
    const told: string[] = [];
    // Records what would go to the admins; the Notifier and the database underneath are real.
    const admins = { send: async (a: { text?: string }) => (told.push(a.text ?? ''), []) } as unknown as AdminBroadcast;
    const identity = new PersonIdentity(db.conversations, {
      domainOwner: async () => 'fabrikam-tenant',
      isHome: (t) => t === 't',
    });
    const logger = createLogger({ level: 'silent' });
    const notifier = new Notifier(new TestAdapter(), '', db.conversations, logger, identity);
    const notices = new LifecycleNotices({
      notifier,
      admins,
      home: { tenantId: 't', displayName: 'Contoso' },
      maxDays: 90,
    });
    expect(await notices.reminder(grant, undefined, 7)).toBe(false);
    expect(told[0]).toMatch(
      /I could not reach No Body \(Partner\) \(nobody@fabrikam-mssp\.example\) in Teams to remind them/,
    );
    await notices.revoked(grant, undefined, 'Contract ended', { id: 'a', name: 'Alex Wilber' });
    expect(told[1]).toMatch(
      /has ended \(Alex Wilber: Contract ended\).*I could not tell nobody@fabrikam-mssp\.example in Teams/,
    );
  });
});
