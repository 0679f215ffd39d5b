import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enabledFeatures, missingPermissions } from '../../src/services/permissions/feature-permissions';
import { rolesOf } from '../../src/services/permissions/permission-check';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX, seed } from '../support/seed';

/**
 * The start-up permission self-check: the SIMULATED tenant grants a subset (its app-only tokens carry that subset in
 * their roles claim), the bot reads the claim, /readyz lists what is missing, and a feature that cannot work says
 * so in chat instead of failing in a person's face.
 */

const SETTINGS = { pimEnabled: false, partnerGroup: false, offboarding: 'block', gdapPartner: false } as const;

describe('what the enabled features need', () => {
  it('is satisfied by the least-privileged permission or by a broader one', () => {
    const features = enabledFeatures(SETTINGS);
    const least = [
      'User.Read.All',
      'GroupMember.Read.All',
      'User.Invite.All',
      'User.ReadWrite.All',
      'RoleManagement.ReadWrite.Directory',
      'CrossTenantInformation.ReadBasic.All',
      'User.EnableDisableAccount.All',
    ];
    expect(missingPermissions(features, least)).toEqual([]);
    expect(
      missingPermissions(features, [
        'Directory.ReadWrite.All',
        'RoleManagement.ReadWrite.Directory',
        'CrossTenantInformation.ReadBasic.All',
        'User.Invite.All',
      ]),
    ).toEqual([]);
    expect(
      missingPermissions(
        features,
        least.filter((p) => p !== 'User.Invite.All'),
      ).map((m) => m.permission),
    ).toEqual([]);
    expect(
      missingPermissions(
        features,
        least.filter((p) => p !== 'User.Invite.All' && p !== 'User.ReadWrite.All'),
      ).map((m) => `${m.feature.id}:${m.permission}`),
    ).toEqual(['invitations:User.Invite.All', 'guest-names:User.ReadWrite.All']);
  });

  it('follows the deployment: PIM schedules, the partner group, deletion and GDAP each add their need', () => {
    const ids = (s: Parameters<typeof enabledFeatures>[0]) =>
      missingPermissions(enabledFeatures(s), []).map((m) => m.permission);
    expect(ids({ ...SETTINGS, pimEnabled: true })).toContain('RoleAssignmentSchedule.ReadWrite.Directory');
    expect(ids({ ...SETTINGS, offboarding: 'keep' })).not.toContain('User.EnableDisableAccount.All');
    expect(ids({ ...SETTINGS, offboarding: 'delete' })).toContain('User.ReadWrite.All');
    expect(ids({ ...SETTINGS, partnerGroup: true })).toContain('GroupMember.ReadWrite.All');
    expect(ids({ ...SETTINGS, gdapPartner: true })).toContain('DelegatedAdminRelationship.ReadWrite.All');
  });

  it('reads the roles claim of an access token', () => {
    const token = [
      'e30',
      Buffer.from(JSON.stringify({ roles: ['User.Read.All', 7, 'User.Invite.All'] })).toString('base64url'),
      'sig',
    ].join('.');
    expect(rolesOf(token)).toEqual(['User.Read.All', 'User.Invite.All']);
    expect(() => rolesOf('not-a-jwt')).toThrow(/not a JWT/);
  });
});

describe('a SIMULATED tenant that grants the app a subset', () => {
  let e: E2e;
  const subset = seed.app.permissions.filter((p) => p !== 'User.Invite.All' && p !== 'User.ReadWrite.All');
  beforeAll(async () => {
    e = await startE2e({ LOCAL_TENANT_APP_PERMISSIONS: subset.join(',') });
  });
  afterAll(async () => e.close());

  it('says in /readyz which permissions are missing, still answering 200 (degraded, not down)', async () => {
    const res = await fetch(`${e.app.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; missingPermissions: string[] };
    expect(body.status).toBe('degraded');
    expect(body.missingPermissions).toEqual(
      expect.arrayContaining(['User.Invite.All', 'User.ReadWrite.All', 'User.EnableDisableAccount.All']),
    );
  });

  it('answers "request access" with what is off and why, and opens no form', async () => {
    const replies = await e.say(ALEX, 'request access');
    const text = JSON.stringify(replies);
    expect(text).toContain('Invitations are off: the app lacks User.Invite.All');
    expect(text).toContain("Setting guests' names is off: the app lacks User.ReadWrite.All");
    expect(text).not.toContain('Request access to Security Copilot');
  });

  it('leaves commands that need nothing missing alone', async () => {
    expect(JSON.stringify(await e.say(ALEX, 'whoami'))).toContain('Who you are to me');
  });
});

describe('a SIMULATED tenant that grants everything', () => {
  it('is ready, and request access opens the form', async () => {
    const e = await startE2e({ LOCAL_TENANT_APP_PERMISSIONS: seed.app.permissions.join(',') });
    try {
      const body = (await (await fetch(`${e.app.url}/readyz`)).json()) as { status: string };
      expect(body.status).toBe('ready');
      expect(JSON.stringify(await e.say(ALEX, 'request access'))).toContain('Request access to Security Copilot');
    } finally {
      await e.close();
    }
  });
});
