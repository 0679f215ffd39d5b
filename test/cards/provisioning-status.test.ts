import { describe, expect, it } from 'vitest';
import { statusLine } from '../../src/cards/requests/render-request';
import type { AccessRequest } from '../../src/services/requests/types';

const base: AccessRequest = {
  id: '6f1c7e2a-1111-4222-8333-944455556666',
  version: 4,
  status: 'provisioning',
  kind: 'request',
  requester: { aadObjectId: 'r', name: 'Patti Fernandez', tenantId: 't' },
  people: [
    { email: 'ana@fabrikam-mssp.example', firstName: 'Ana', lastName: 'Ruiz', displayName: 'Ana Ruiz' },
    { email: 'ben@fabrikam-mssp.example', firstName: 'Ben', lastName: 'Okafor', displayName: 'Ben Okafor' },
  ],
  role: 'security-reader',
  durationDays: 30,
  justification: 'Incident response retainer',
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
  decision: {
    by: { aadObjectId: 'a', name: 'Megan Bowen', tenantId: 't' },
    at: '2026-11-27T10:05:00.000Z',
    outcome: 'approved',
  },
};

describe('the status line while and after provisioning', () => {
  it('says the bot is waiting for Microsoft Entra to finish creating a just-invited guest', () => {
    const waiting = statusLine({ ...base, progress: { done: 0, total: 2, waiting: 'ana@fabrikam-mssp.example' } });
    expect(waiting.text).toContain(
      '(0 of 2 people done)… Waiting for Microsoft Entra to finish creating the guest ana@fabrikam-mssp.example.',
    );
    expect(statusLine({ ...base, progress: { done: 1, total: 2 } }).text).not.toContain('Waiting');
  });

  it('names who failed when others have access, and stays as before when nobody got it', () => {
    const message = 'Refused. (For ana@fabrikam-mssp.example.) Access was granted to ben@fabrikam-mssp.example.';
    const person = { email: 'ana@fabrikam-mssp.example', step: 'role', message: 'Refused.', reference: 'R1' };
    const partly = statusLine({
      ...base,
      status: 'failed',
      failure: { message, reference: 'R1', step: 'role', people: [person], granted: ['ben@fabrikam-mssp.example'] },
    });
    expect(partly).toMatchObject({ style: 'attention' });
    expect(partly.text).toContain(`setting up access failed for ana@fabrikam-mssp.example: ${message} (Reference: R1)`);
    const none = statusLine({
      ...base,
      status: 'failed',
      failure: { message: 'Refused.', reference: 'R2', step: 'role' },
    });
    expect(none.text).toBe(
      'Approved by Megan Bowen on 27 Nov 2026, 10:05 UTC, but setting up access failed: Refused. (Reference: R2)',
    );
  });
});
