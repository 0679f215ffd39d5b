import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GDAP_REVIEW_ROLES_VERB,
  UNLISTED_ROLE_CHOICE,
  renderGdapReviewCard,
  renderGdapRolePickerCard,
  type GdapReviewCardData,
} from '../../src/cards/gdap/render-gdap-review';
import { DEFAULT_KNOWLEDGE, ROLE_CATALOGUE } from '../../src/services/advisor/knowledge';
import { approvalLink } from '../../src/services/gdap/gdap-client';
import { reviewRelationship } from '../../src/services/gdap/review';
import { cardText } from '../support/bot-harness';
import { cardProblems } from '../support/validate-card';
import { asShown, shownText } from '../support/shown-text';

const HOSTILE = '${$root.secret} <b>x</b> **y** {{z}} \u202Eevil';
const REL = '5e5594d3-6f82-458b-b567-77db4811f0cd-0b6e3e56-1a2c-4cbe-9d4c-2f1e5a6b7c8d';
const GA = '62e90394-69f5-4237-9190-012177145e10';
const SEC_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';
const CARDS = path.resolve(__dirname, '../../src/cards/gdap');
const policy = { maxDurationDays: 180 };

const base = (roles: string[], extra: Partial<GdapReviewCardData> = {}): GdapReviewCardData => {
  const rel = {
    partnerName: HOSTILE,
    partnerTenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c',
    roles,
    durationDays: 90,
    autoExtend: false,
  };
  return {
    source: 'handoff',
    relationshipId: REL,
    approvalUrl: approvalLink(REL),
    ...rel,
    customerTenantId: HOSTILE,
    review: reviewRelationship(rel, DEFAULT_KNOWLEDGE, policy),
    knowledge: DEFAULT_KNOWLEDGE,
    ...extra,
  };
};

const variants = {
  ok: base([SEC_READER]),
  caution: base([SEC_READER], {
    durationDays: 400,
    review: reviewRelationship({ roles: [SEC_READER], durationDays: 400 }, DEFAULT_KNOWLEDGE, policy),
  }),
  refuse: base([GA, HOSTILE]),
  tickedNothingKnown: {
    ...base([]),
    source: 'ticked' as const,
    partnerName: undefined,
    partnerTenantId: undefined,
    customerTenantId: undefined,
    durationDays: undefined,
    autoExtend: undefined,
    review: reviewRelationship({ roles: [] }, DEFAULT_KNOWLEDGE, policy),
  },
  noPluginsAtAll: base([SEC_READER], {
    knowledge: { ...DEFAULT_KNOWLEDGE, pluginMatrix: { ...DEFAULT_KNOWLEDGE.pluginMatrix, plugins: [] } },
    review: reviewRelationship(
      { roles: [SEC_READER] },
      { ...DEFAULT_KNOWLEDGE, pluginMatrix: { ...DEFAULT_KNOWLEDGE.pluginMatrix, plugins: [] } },
      policy,
    ),
  }),
};

describe('GDAP review templates', () => {
  it.each(['gdap-review.json', 'gdap-review-roles.json'])('%s is a valid Adaptive Card 1.5 template', (file) => {
    const json = JSON.parse(readFileSync(path.join(CARDS, file), 'utf8')) as Record<string, unknown>;
    expect(json.version).toBe('1.5');
    expect(json.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(cardProblems(json)).toEqual([]);
  });
});

describe('renderGdapReviewCard', () => {
  it.each(Object.entries(variants))('%s renders a valid card', (_name, data) => {
    expect(cardProblems(renderGdapReviewCard(data))).toEqual([]);
  });

  it('keeps hostile partner text literal and shows exactly one verdict banner', () => {
    const card = renderGdapReviewCard(variants.refuse);
    const text = shownText(card);
    expect(text).toContain(asShown(HOSTILE));
    expect(JSON.stringify(card)).not.toContain('"secret"');
    const banners = (card.body as Array<{ type: string; style?: string }>).filter(
      (b) => b.type === 'Container' && b.style,
    );
    expect(banners.map((b) => b.style)).toEqual(['attention']);
    expect(text).toContain('Do not approve this as it stands');
    expect(text).toMatch(/Refuse: Global Administrator is included/);
  });

  it.each([
    ['ok', 'good'],
    ['caution', 'warning'],
  ] as const)('the %s verdict is a %s banner', (variant, style) => {
    const card = renderGdapReviewCard(variants[variant]);
    const styles = (card.body as Array<{ type: string; style?: string }>).flatMap((b) =>
      b.type === 'Container' && b.style ? [b.style] : [],
    );
    expect(styles).toEqual([style]);
  });

  it('labels its source, lists plugins by support and opens the approval page', () => {
    const text = cardText(renderGdapReviewCard(variants.ok));
    expect(text).toMatch(/what the partner declared/);
    expect(text).toMatch(/approval page is the authority/);
    for (const heading of ['Will work', 'Will partly work', 'Will not work under GDAP'])
      expect(text).toContain(heading);
    expect(text).toContain('Sentinel');
    expect(text).toMatch(/Only a Global Administrator can approve/);
    expect(renderGdapReviewCard(variants.ok).actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the approval page', url: approvalLink(REL) },
    ]);
    const ticked = cardText(renderGdapReviewCard(variants.tickedNothingKnown));
    expect(ticked).toMatch(/roles you ticked/);
    expect(ticked).toContain('Not stated: read it on the approval page');
    expect(ticked).toContain('No roles listed.');
  });
});

describe('renderGdapRolePickerCard', () => {
  const card = renderGdapRolePickerCard({ relationshipId: REL, approvalUrl: approvalLink(REL), roles: ROLE_CATALOGUE });

  it('renders a valid multi-select of the catalogue plus "another role", with the verb and relationship id', () => {
    expect(cardProblems(card)).toEqual([]);
    const picker = (card.body as Array<{ id?: string; choices?: Array<{ value: string }> }>).find(
      (b) => b.id === 'roles',
    );
    expect(picker?.choices?.map((c) => c.value)).toEqual([
      ...ROLE_CATALOGUE.map((r) => r.roleDefinitionId),
      UNLISTED_ROLE_CHOICE,
    ]);
    expect(card.actions?.[0]).toMatchObject({ data: { verb: GDAP_REVIEW_ROLES_VERB, relationshipId: REL } });
    expect(card.actions?.[1]).toMatchObject({ type: 'Action.OpenUrl', url: approvalLink(REL) });
  });
});
