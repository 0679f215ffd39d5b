import { describe, expect, it } from 'vitest';
import {
  renderGdapCheckCard,
  renderGdapDeliveredCard,
  renderGdapFormCard,
  renderGdapHandoffCard,
  renderGdapListCard,
  renderGdapTerminateCard,
} from '../../src/cards/gdap/render-gdap-partner';
import { renderRequestCard } from '../../src/cards/requests/render-request';
import type { GdapRelationship } from '../../src/services/gdap/gdap-json';
import type { AccessRequest } from '../../src/services/requests/types';
import { DEFAULT_REQUEST_POLICY as policy } from '../../src/services/requests/validate-request';
import { cardText } from '../support/bot-harness';
import { cardProblems } from '../support/validate-card';
import { shownText } from '../support/shown-text';

const HOSTILE = '${$root.secret} **bold** <script>x</script>';
const GA = '62e90394-69f5-4237-9190-012177145e10';
const READER = '5d6b6bb7-de71-4623-b4af-96380a352509';
const facts = {
  customer: { tenantId: 'bedb35a6-c399-4045-931d-42c1047635bc', displayName: HOSTILE },
  displayName: HOSTILE,
  durationDays: 400,
  autoExtend: false,
  roleIds: [READER, GA],
};
const relationship: GdapRelationship = {
  id: '9b1c2d3e-1111-4222-8333-944455556666',
  displayName: HOSTILE,
  status: 'active',
  duration: 'P180D',
  autoExtendDuration: 'PT0S',
  customer: { tenantId: facts.customer.tenantId, displayName: HOSTILE },
  roleIds: [READER, GA],
  activatedDateTime: '2026-03-01T09:00:00.000Z',
  endDateTime: '2026-08-28T09:00:00.000Z',
};

const expectClean = (card: unknown) => {
  expect(cardProblems(card)).toEqual([]);
  expect(shownText(card)).toContain('${$root.secret}');
};

describe('partner-side GDAP cards', () => {
  it('form keeps values and lists problems', () => {
    const card = renderGdapFormCard({
      values: { customer: HOSTILE, displayName: HOSTILE, durationDays: '731', justification: HOSTILE },
      problems: [{ field: 'displayName', message: HOSTILE }],
      defaultRoleIds: [READER],
    });
    expectClean(card);
    expect(JSON.stringify(card)).toContain('731');
  });

  it('review, hand-off and delivery cards validate; Global Administrator is warned about', () => {
    const check = renderGdapCheckCard({ ...facts, justification: HOSTILE });
    expectClean(check);
    expect(cardText(check)).toMatch(/Global Administrator is included by explicit override/);
    expectClean(
      renderGdapHandoffCard({
        facts,
        partnerName: HOSTILE,
        relationshipId: relationship.id,
        approvalLink: 'https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/x',
        handoffText: HOSTILE,
      }),
    );
    expectClean(
      renderGdapDeliveredCard({
        customerName: HOSTILE,
        displayName: HOSTILE,
        link: 'https://securitycopilot.microsoft.com/?tenantId=x',
        note: 'n',
      }),
    );
  });

  it('list flags Global Administrator; terminate shows the button only when allowed', () => {
    const list = renderGdapListCard([relationship]);
    expectClean(list);
    expect(cardText(list)).toContain('Includes Global Administrator');
    expect(cardProblems(renderGdapListCard([]))).toEqual([]);
    expect(JSON.stringify(renderGdapTerminateCard(relationship, { canTerminate: true }))).toContain('gdap.terminate');
    expect(JSON.stringify(renderGdapTerminateCard(relationship, { canTerminate: false }))).not.toContain(
      'gdap.terminate',
    );
  });

  it('the request status card shows the relationship instead of people', () => {
    const request: AccessRequest = {
      id: '6f1c7e2a-1111-4222-8333-944455556666',
      version: 1,
      status: 'pending',
      kind: 'gdap',
      gdap: { ...facts, globalAdminOverride: true },
      requester: { aadObjectId: 'r', name: HOSTILE, tenantId: 't' },
      people: [],
      role: 'security-reader',
      durationDays: 400,
      justification: HOSTILE,
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    };
    const card = renderRequestCard(request, { view: 'approver', policy });
    expectClean(card);
    const text = cardText(card);
    expect(text).toContain('GDAP relationship request');
    expect(text).toContain('Relationship name');
    expect(text).toMatch(/Global Administrator: Inherits Copilot owner/);
    expect(text).toMatch(/Global Administrator is included by explicit override/);
    expect(text).not.toContain('Partner person');
  });
});
