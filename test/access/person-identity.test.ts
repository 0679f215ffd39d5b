import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonIdentity } from '../../src/services/access/person-identity';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Database } from '../../src/services/storage/types';

const HOME = 'home-tenant';
const FABRIKAM = 'fabrikam-tenant';
const NORTHWIND = 'northwind-tenant';
const OWNERS: Record<string, string> = { 'fabrikam.example': FABRIKAM, 'northwind.example': NORTHWIND };

const dir = mkdtempSync(path.join(tmpdir(), 'cpa-identity-'));
let db: Database;
let identity: PersonIdentity;
const chat = (key: string, tenantId: string, email?: string) =>
  db.conversations.save({
    key,
    aadObjectId: key.slice(5),
    conversationId: `a:${key}`,
    conversationType: 'personal',
    tenantId,
    reference: { conversation: { id: `a:${key}` } },
    ...(email ? { email } : {}),
  });

beforeAll(async () => {
  db = await openDatabase(`sqlite:${path.join(dir, 'i.db')}`);
  // Real SQLite underneath; the domain owners stand in for Graph's findTenantInformationByDomainName.
  identity = new PersonIdentity(db.conversations, {
    domainOwner: async (d) => OWNERS[d],
    isHome: (t) => t === HOME,
  });
  await chat('user:lynne', FABRIKAM, 'lynne@fabrikam.example');
  await chat('user:mallory', NORTHWIND, 'lynne@fabrikam.example');
  await chat('user:guest-1', HOME, 'lynne@fabrikam.example');
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PersonIdentity: an address is believed only from the organisation that owns its domain', () => {
  it('reaches the chat in the owning tenant, whoever spoke last', async () => {
    expect((await identity.chatOf({ email: 'lynne@fabrikam.example' }))?.key).toBe('user:lynne');
    expect(await identity.chatOf({ email: 'nobody@unknown.example' })).toBeUndefined();
  });

  it('prefers the guest account, matched by its id only in the home tenant', async () => {
    expect((await identity.chatOf({ email: 'lynne@fabrikam.example', userId: 'guest-1' }))?.key).toBe('user:guest-1');
    // A chat keyed by that id but from another tenant is not the guest.
    await chat('user:guest-2', NORTHWIND);
    expect((await identity.chatOf({ email: 'lynne@fabrikam.example', userId: 'guest-2' }))?.key).toBe('user:lynne');
  });

  it('says who holds an address, and gives nobody else its email', async () => {
    const grant = { email: 'lynne@fabrikam.example', userId: 'guest-1' };
    expect(await identity.holds({ aadObjectId: 'lynne', tenantId: FABRIKAM }, grant)).toBe(true);
    expect(await identity.holds({ aadObjectId: 'guest-1', tenantId: HOME }, grant)).toBe(true);
    expect(await identity.holds({ aadObjectId: 'mallory', tenantId: NORTHWIND }, grant)).toBe(false);
    expect(await identity.emailOf({ aadObjectId: 'mallory', tenantId: NORTHWIND })).toBeUndefined();
    // The tenant of the asking chat counts, not only the stored one.
    expect(await identity.emailOf({ aadObjectId: 'lynne', tenantId: NORTHWIND })).toBeUndefined();
  });
});
