import { randomUUID } from 'node:crypto';
import type { DirectoryService } from '../directory/directory-service';
import type { RequestActor } from '../requests/types';
import { ConcurrencyError, type AuditLog, type StateStore } from '../storage/types';
import { TEXT_LIMITS, freeTextProblem } from '../requests/text-rules';

export type SupportSeverity = 'blocking' | 'degraded' | 'question';
export const SUPPORT_SEVERITIES: Readonly<Record<SupportSeverity, string>> = {
  blocking: 'Blocking: Security Copilot cannot be used',
  degraded: 'Degraded: something fails or is slow',
  question: 'Question or how-to',
};

export interface SupportCase {
  readonly id: string;
  readonly etag?: string;
  readonly status: 'open' | 'handled';
  readonly requester: RequestActor & { readonly email?: string };
  readonly severity: SupportSeverity;
  readonly description: string;
  readonly createdAt: string;
  readonly handled?: {
    readonly by: { readonly id: string; readonly name: string };
    readonly at: string;
    readonly note?: string;
  };
}

const KEY = (id: string) => `support/${id}`;
const MAX_TEXT = TEXT_LIMITS.description;

/**
 * Partner staff describe a Security Copilot problem; the customer's admins open the Microsoft support case on the
 * partner's behalf (Microsoft's rule while the partner works in the customer's tenant) and mark it handled.
 * Marking is a compare-and-set: the first admin wins, later clicks see who did.
 */
export class SupportService {
  constructor(
    private readonly deps: {
      state: StateStore;
      audit: AuditLog;
      directory: DirectoryService;
      clock?: () => Date;
      newId?: () => string;
    },
  ) {}

  validate(raw: {
    description?: unknown;
    severity?: unknown;
  }): { description: string; severity: SupportSeverity } | { problems: string[] } {
    const description = typeof raw.description === 'string' ? raw.description.trim() : '';
    const severity = typeof raw.severity === 'string' ? raw.severity : '';
    const problems: string[] = [];
    if (description.length < 10)
      problems.push('Describe the problem in a sentence or two: what you did, what happened, and any error text.');
    else {
      const problem = freeTextProblem('The description', description, MAX_TEXT);
      if (problem) problems.push(problem);
    }
    if (!(severity in SUPPORT_SEVERITIES)) problems.push('Choose how badly it affects you.');
    return problems.length > 0 ? { problems } : { description, severity: severity as SupportSeverity };
  }

  async open(
    requester: SupportCase['requester'],
    input: { description: string; severity: SupportSeverity },
  ): Promise<SupportCase> {
    const now = (this.deps.clock ?? (() => new Date()))().toISOString();
    const created: SupportCase = {
      id: (this.deps.newId ?? randomUUID)(),
      status: 'open',
      requester,
      ...input,
      createdAt: now,
    };
    const etag = await this.deps.state.write(KEY(created.id), created);
    await this.deps.audit.append({
      actorId: requester.aadObjectId,
      actorName: requester.name,
      action: 'support.opened',
      subject: created.id,
      after: created,
    });
    return { ...created, etag };
  }

  async get(id: string): Promise<SupportCase | undefined> {
    if (!/^[\w-]{1,64}$/.test(id)) return undefined;
    const found = (await this.deps.state.read([KEY(id)])).get(KEY(id));
    return found ? { ...(found.value as SupportCase), etag: found.etag } : undefined;
  }

  async markHandled(
    id: unknown,
    actor: RequestActor,
    note: string | undefined,
  ): Promise<{ case: SupportCase; changed: boolean } | { error: string; case?: SupportCase }> {
    const current = typeof id === 'string' ? await this.get(id) : undefined;
    if (!current) return { error: 'I have no record of that support case.' };
    if (!(await this.deps.directory.staffRoles(actor)).isAdmin) {
      await this.deps.audit.append({
        actorId: actor.aadObjectId,
        actorName: actor.name,
        action: 'access.refused',
        subject: current.id,
        detail: { action: 'support.handled' },
      });
      return { error: 'Only admins can mark a support case handled.', case: current };
    }
    if (current.status === 'handled') return { case: current, changed: false };
    const noteProblem = note ? freeTextProblem('The note', note.trim(), MAX_TEXT) : undefined;
    if (noteProblem) return { error: noteProblem, case: current };
    const { etag, ...stored } = current;
    const next: SupportCase = {
      ...stored,
      status: 'handled',
      handled: {
        by: { id: actor.aadObjectId, name: actor.name },
        at: (this.deps.clock ?? (() => new Date()))().toISOString(),
        note: note?.trim() || undefined,
      },
    };
    try {
      const newEtag = await this.deps.state.write(KEY(current.id), next, etag);
      await this.deps.audit.append({
        actorId: actor.aadObjectId,
        actorName: actor.name,
        action: 'support.handled',
        subject: current.id,
        before: { status: 'open' },
        after: { status: 'handled', note: next.handled?.note },
      });
      return { case: { ...next, etag: newEtag }, changed: true };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      return { case: (await this.get(current.id)) ?? current, changed: false };
    }
  }
}
