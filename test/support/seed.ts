import seed from '../../src/dev/local-tenant/seed.json';

/** People of the shipped seed, as tests address them. */
export const HOME_TENANT = seed.tenant.id;
export const PARTNER_TENANT = seed.knownTenants[0].tenantId;
const user = (i: number) => ({ aadObjectId: seed.users[i].id, name: seed.users[i].displayName, tenantId: HOME_TENANT });
export const ALEX = user(0); // admin + approver
export const MEGAN = user(1); // approver
export const ADELE = user(2); // plain member
export const PATTI = {
  aadObjectId: seed.partnerPeople[0].id,
  name: seed.partnerPeople[0].displayName,
  tenantId: PARTNER_TENANT,
};
export const STRANGER = {
  aadObjectId: '7e54fb66-23f3-43ce-ac8a-75996f35193b',
  name: 'Eve Outsider',
  tenantId: '3277e1a1-1ee1-42bc-a691-60e2d0e2df5a',
};
export const ADMIN_GROUP = seed.bot.adminGroupId;
export const APPROVER_GROUP = seed.bot.approverGroupId;
export { seed };
