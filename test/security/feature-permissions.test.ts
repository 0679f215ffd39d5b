import { describe, expect, it } from 'vitest';
import {
  enabledFeatures,
  missingPermissions,
  type FeatureSettings,
} from '../../src/services/permissions/feature-permissions';

/** The table agrees with the "Permissions" sections of Microsoft's reference pages (see docs/permissions.md). */
const ALL_ON: FeatureSettings = { pimEnabled: true, partnerGroup: true, offboarding: 'block', gdapPartner: true };
const LEAST = [
  'User.Read.All',
  'GroupMember.Read.All',
  'User.Invite.All',
  'User.ReadWrite.All',
  'User.EnableDisableAccount.All',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'GroupMember.ReadWrite.All',
  'Group.Create',
  'CrossTenantInformation.ReadBasic.All',
  'DelegatedAdminRelationship.ReadWrite.All',
];
const missing = (granted: string[], settings = ALL_ON) =>
  missingPermissions(enabledFeatures(settings), granted).map((m) => `${m.feature.id}:${m.permission}`);

describe('the least-privileged permissions of each feature', () => {
  it('every feature on: the least-privileged set is enough, and each one of it is needed', () => {
    expect(missing(LEAST)).toEqual([]);
    // Redundant only when every feature is on: User.ReadWrite.All (guests' names) also covers reading, inviting and
    // blocking users, and GroupMember.ReadWrite.All (the partner group) covers reading memberships.
    const redundant = LEAST.filter((p) => missing(LEAST.filter((q) => q !== p)).length === 0);
    expect(redundant.sort()).toEqual(
      ['GroupMember.Read.All', 'User.EnableDisableAccount.All', 'User.Invite.All', 'User.Read.All'].sort(),
    );
  });

  it('PIM: the schedule permission, plus reading role assignments for the drift check', () => {
    const without = LEAST.filter((p) => p !== 'RoleManagement.Read.Directory');
    expect(missing(without)).toEqual(['roles:RoleManagement.Read.Directory']);
    expect(missing([...without, 'RoleManagement.ReadWrite.Directory'])).toEqual([]);
  });

  it('GDAP partner side: creating the partner security group needs Group.Create (or Group.ReadWrite.All)', () => {
    const without = LEAST.filter((p) => p !== 'Group.Create');
    expect(missing(without)).toEqual(['gdap:Group.Create']);
    expect(missing([...without, 'Group.ReadWrite.All'])).toEqual([]);
  });

  it('blocking guests: User.EnableDisableAccount.All together with User.Read.All', () => {
    const settings = { ...ALL_ON, pimEnabled: false, gdapPartner: false, partnerGroup: false };
    const granted = ['GroupMember.Read.All', 'User.EnableDisableAccount.All'];
    expect(missing(granted, settings)).toEqual(
      expect.arrayContaining(['membership:User.Read.All', 'offboarding:User.Read.All']),
    );
    expect(missing([...granted, 'User.Read.All'], settings)).not.toContain('offboarding:User.Read.All');
  });
});
