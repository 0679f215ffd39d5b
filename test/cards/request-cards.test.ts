import { describe, expect, it } from 'vitest';
import { renderDeliveryCard, renderRequestListCard } from '../../src/cards/requests/render-delivery';
import {
  renderRequestCard,
  renderRequestFormCard,
  renderRequestReviewCard,
} from '../../src/cards/requests/render-request';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import type { AccessRequest, RequestStatus } from '../../src/services/requests/types';
import { DEFAULT_REQUEST_POLICY as policy } from '../../src/services/requests/validate-request';
import { cardText } from '../support/bot-harness';
import { cardProblems } from '../support/validate-card';
import { shownText } from '../support/shown-text';

const HOSTILE = '${$root.secret} ${requestId} **bold** <script>x</script>';
const request = (status: RequestStatus, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  id: '6f1c7e2a-1111-4222-8333-944455556666',
  version: 3,
  status,
  kind: 'request',
  requester: { aadObjectId: 'r', name: HOSTILE, tenantId: 't', email: 'p@fabrikam-mssp.example' },
  people: [{ email: 'jane@fabrikam-mssp.example', firstName: HOSTILE, lastName: 'Doe', displayName: HOSTILE }],
  role: 'security-operator',
  durationDays: 60,
  justification: HOSTILE,
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
  decision:
    status === 'pending'
      ? undefined
      : {
          by: { aadObjectId: 'a', name: 'Megan Bowen', tenantId: 't' },
          at: '2026-11-27T10:05:00.000Z',
          outcome: status === 'rejected' ? 'rejected' : status === 'cancelled' ? 'cancelled' : 'approved',
          comment: HOSTILE,
        },
  ...extra,
});

const expectClean = (card: unknown) => {
  expect(cardProblems(card)).toEqual([]);
  expect(shownText(card)).toContain('${$root.secret}');
};

describe('request cards', () => {
  it('form: validates, keeps values, lists problems', () => {
    const card = renderRequestFormCard({
      kind: 'request',
      values: { people: HOSTILE, justification: HOSTILE },
      problems: [{ field: 'people', message: HOSTILE }],
      policy,
    });
    expectClean(card);
    expect(cardText(card)).toContain('Please fix these');
  });

  it('review: shows warnings for Security Operator and long access', () => {
    const r = request('pending');
    const card = renderRequestReviewCard({ kind: 'request', draft: r, policy });
    expectClean(card);
    expect(cardText(card)).toMatch(/Security Operator can act on incidents/);
    expect(cardText(card)).toMatch(/long access, 60 days/);
  });

  it.each(['pending', 'approved', 'provisioning', 'completed', 'failed', 'rejected', 'cancelled'] as const)(
    'status card (%s) validates in every view',
    (status) => {
      for (const view of ['approver', 'requester', 'observer'] as const) {
        const card = renderRequestCard(
          request(status, {
            failure: { message: HOSTILE, reference: 'ABC', step: 'invite' },
            progress: { done: 1, total: 3 },
          }),
          {
            view,
            policy,
            canRetry: true,
            refreshUserIds: ['29:a', '29:b'],
            notice: view === 'observer' ? 'Only approvers can decide.' : undefined,
          },
        );
        expectClean(card);
      }
    },
  );

  it('approver view of a pending request carries only the id and version, with Approve and Reject', () => {
    const card = renderRequestCard(request('pending'), {
      view: 'approver',
      policy,
      refreshUserIds: ['29:x'],
    }) as unknown as {
      actions: Array<{
        type: string;
        verb: string;
        data: Record<string, unknown>;
        fallback: { type: string; data: Record<string, unknown> };
      }>;
      refresh: { userIds: string[]; action: { verb: string } };
    };
    expect(card.actions.map((a) => a.verb)).toEqual([RequestVerbs.approve, RequestVerbs.reject]);
    expect(card.actions[0].data).toEqual({ requestId: '6f1c7e2a-1111-4222-8333-944455556666', version: 3 });
    expect(card.actions[0].fallback).toMatchObject({
      type: 'Action.Submit',
      data: { verb: RequestVerbs.approve, version: 3 },
    });
    expect(card.refresh).toMatchObject({ userIds: ['29:x'], action: { verb: RequestVerbs.refresh } });
  });

  it('requester view offers Withdraw; decided requests offer nothing but Retry to admins when failed', () => {
    const verbs = (r: AccessRequest, view: 'approver' | 'requester', canRetry = false) =>
      (
        (renderRequestCard(r, { view, policy, canRetry }) as unknown as { actions?: Array<{ verb: string }> })
          .actions ?? []
      ).map((a) => a.verb);
    expect(verbs(request('pending'), 'requester')).toEqual([RequestVerbs.withdraw]);
    expect(verbs(request('completed'), 'approver')).toEqual([]);
    expect(verbs(request('failed'), 'approver')).toEqual([]);
    expect(verbs(request('failed'), 'approver', true)).toEqual([RequestVerbs.retry]);
  });

  it('delivery and list cards validate', () => {
    const done = request('completed', { expiresAt: '2027-01-26T10:05:00.000Z' });
    expectClean(
      renderDeliveryCard({
        request: done,
        tenantId: 'tid',
        tenantName: HOSTILE,
        audience: 'requester',
        people: [{ displayName: HOSTILE, email: 'x@y.example', invited: true }],
      }),
    );
    expectClean(
      renderDeliveryCard({ request: done, tenantId: 'tid', tenantName: HOSTILE, audience: 'person', people: [] }),
    );
    expectClean(renderRequestListCard({ title: 'My requests', empty: 'None', requests: [done, request('pending')] }));
    expect(cardProblems(renderRequestListCard({ title: 'My requests', empty: 'None', requests: [] }))).toEqual([]);
  });
});

describe('support cards', () => {
  it('validate, open and handled, with hostile text literal', async () => {
    const { renderSupportCaseCard, renderSupportFormCard } = await import('../../src/cards/support/render-support');
    const open = {
      id: 'c0ffee00-0000-4000-8000-000000000000',
      status: 'open' as const,
      requester: { aadObjectId: 'r', name: HOSTILE, tenantId: 't', email: 'p@x.example' },
      severity: 'blocking' as const,
      description: HOSTILE,
      createdAt: '2026-11-27T10:00:00.000Z',
    };
    expectClean(renderSupportFormCard({ tenantName: HOSTILE, description: HOSTILE, problems: [HOSTILE] }));
    expectClean(renderSupportCaseCard(open, { tenantId: 't', tenantName: 'Contoso', canHandle: true }));
    const handled = {
      ...open,
      status: 'handled' as const,
      handled: { by: { id: 'a', name: 'Alex' }, at: '2026-11-27T11:00:00.000Z', note: HOSTILE },
    };
    const card = renderSupportCaseCard(handled, { tenantId: 't', tenantName: 'Contoso', canHandle: true });
    expectClean(card);
    expect(JSON.stringify(card)).not.toContain(SUPPORT_HANDLED);
  });
});
const SUPPORT_HANDLED = '"verb":"support.handled"';
