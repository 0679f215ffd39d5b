import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BUILT_IN_ROLES } from './role-definitions';

/** The seed that ships with the repo: a SIMULATED Contoso tenant. */
export const DEFAULT_SEED_PATH = path.join(__dirname, 'seed.json');

const guid = z.guid();
const simulatedName = z
  .string()
  .min(1)
  .refine((s) => /\(simulated\)/i.test(s), 'must contain "(simulated)" so nobody mistakes it for a real tenant');

const seedUserSchema = z.looseObject({
  id: guid,
  displayName: z.string().min(1),
  givenName: z.string().nullable().optional(),
  surname: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  userPrincipalName: z.string().min(3),
  userType: z.enum(['Member', 'Guest']).default('Member'),
  accountEnabled: z.boolean().default(true),
  otherMails: z.array(z.string()).default([]),
  externalUserState: z.enum(['PendingAcceptance', 'Accepted']).nullable().optional(),
  creationType: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
});

const partnerPersonSchema = z.looseObject({
  id: guid,
  tenantId: guid,
  displayName: z.string().min(1),
  givenName: z.string().nullable().optional(),
  surname: z.string().nullable().optional(),
  mail: z.string().min(3),
});

const seedGroupSchema = z.looseObject({
  id: guid,
  displayName: z.string().min(1),
  description: z.string().nullable().optional(),
  mailNickname: z.string().min(1),
  securityEnabled: z.boolean(),
  mailEnabled: z.boolean(),
  isAssignableToRole: z.boolean().default(false),
  members: z.array(guid).default([]),
});

const seedSchema = z
  .looseObject({
    simulated: z.literal(true, { message: 'must be true: the local tenant is always a simulation' }).default(true),
    tenant: z.looseObject({
      id: guid,
      displayName: simulatedName,
      domains: z.array(z.string().min(3)).min(1),
      defaultDomain: z.string().min(3),
      restrictInvitationsToAdmins: z.boolean().default(false),
    }),
    knownTenants: z
      .array(
        z.looseObject({
          tenantId: guid,
          displayName: simulatedName,
          defaultDomainName: z.string().min(3),
          federationBrandName: z.string().nullable().default(null),
          domains: z.array(z.string().min(3)).min(1),
        }),
      )
      .default([]),
    users: z.array(seedUserSchema).default([]),
    partnerPeople: z.array(partnerPersonSchema).default([]),
    groups: z.array(seedGroupSchema).default([]),
    roleAssignments: z
      .array(
        z.looseObject({
          id: z.string().min(1),
          roleDefinitionId: guid,
          principalId: guid,
          directoryScopeId: z.string().startsWith('/'),
        }),
      )
      .default([]),
    roleDefinitions: z
      .array(
        z.looseObject({
          id: guid,
          displayName: z.string().min(1),
          description: z.string().default(''),
          isPrivileged: z.boolean().default(false),
        }),
      )
      .default([]),
    app: z.looseObject({
      permissions: z.array(z.string().min(1)),
      /** Directory roles held by the app itself; Global or Privileged Authentication Administrator lets it edit privileged users. */
      directoryRoleIds: z.array(guid).default([]),
    }),
    bot: z.looseObject({ approverGroupId: guid, adminGroupId: guid }),
    pim: z
      .looseObject({
        maxDurationDays: z.number().int().positive().default(365),
        requireJustification: z.boolean().default(true),
        allowPermanentActive: z.boolean().default(true),
      })
      .prefault({}),
    gdap: z
      .looseObject({
        /** How long a new access assignment stays `pending` (0: active on the next read). */
        accessAssignmentActivationMs: z.number().int().min(0).default(0),
        /** How long `terminationRequested` lasts before `terminated` (0: on the next read). */
        terminationDelayMs: z.number().int().min(0).default(0),
      })
      .prefault({}),
  })
  .superRefine((seed, ctx) => {
    const issue = (pathParts: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path: pathParts, message });
    const lower = (s: string) => s.toLowerCase();
    if (!seed.tenant.domains.map(lower).includes(lower(seed.tenant.defaultDomain)))
      issue(['tenant', 'defaultDomain'], 'must be one of tenant.domains');
    const ids = new Set<string>();
    const upns = new Set<string>();
    seed.users.forEach((u, i) => {
      if (ids.has(lower(u.id))) issue(['users', i, 'id'], `duplicate id ${u.id}`);
      ids.add(lower(u.id));
      if (upns.has(lower(u.userPrincipalName)))
        issue(['users', i, 'userPrincipalName'], `duplicate userPrincipalName ${u.userPrincipalName}`);
      upns.add(lower(u.userPrincipalName));
    });
    seed.groups.forEach((g, i) => {
      if (ids.has(lower(g.id))) issue(['groups', i, 'id'], `duplicate id ${g.id}`);
      ids.add(lower(g.id));
    });
    seed.groups.forEach((g, i) =>
      g.members.forEach((m, j) => {
        if (!ids.has(lower(m))) issue(['groups', i, 'members', j], `no user or group has id ${m}`);
      }),
    );
    const roleIds = new Set([...BUILT_IN_ROLES, ...seed.roleDefinitions].map((r) => lower(r.id)));
    seed.roleAssignments.forEach((a, i) => {
      if (!roleIds.has(lower(a.roleDefinitionId)))
        issue(['roleAssignments', i, 'roleDefinitionId'], `no role definition has id ${a.roleDefinitionId}`);
      if (!ids.has(lower(a.principalId)))
        issue(['roleAssignments', i, 'principalId'], `no user or group has id ${a.principalId}`);
    });
    const groupIds = new Set(seed.groups.map((g) => lower(g.id)));
    (['approverGroupId', 'adminGroupId'] as const).forEach((k) => {
      if (!groupIds.has(lower(seed.bot[k]))) issue(['bot', k], `no group has id ${seed.bot[k]}`);
    });
  });

/** The seed after validation, with every default filled in. */
export type Seed = z.output<typeof seedSchema>;
/** What a seed file may contain (defaults may be left out). */
export type SeedInput = z.input<typeof seedSchema>;
export type SeedUser = Seed['users'][number];
export type SeedGroup = Seed['groups'][number];
export type SeedKnownTenant = Seed['knownTenants'][number];
export type SeedPartnerPerson = Seed['partnerPeople'][number];

/** Validates a seed object; the error lists every problem at once, each with its path. */
export function parseSeed(input: unknown, source = 'seed'): Seed {
  const result = seedSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new Error(`loadSeed(): ${source} is not a valid local-tenant seed:\n${lines.join('\n')}`);
}

/** Reads and validates a seed file (JSON). */
export function loadSeed(seedPath: string = DEFAULT_SEED_PATH): Seed {
  let text: string;
  try {
    text = readFileSync(seedPath, 'utf8');
  } catch (error) {
    throw new Error(`loadSeed(): cannot read ${seedPath}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `loadSeed(): ${seedPath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return parseSeed(json, seedPath);
}
