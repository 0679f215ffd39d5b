import BetterSqlite3 from 'better-sqlite3';
import type { E2e } from '../support/e2e';

/**
 * What "no state change" means for the bad-input corpus: the rows that carry decisions and access (requests, saga
 * steps, grants, jobs, card copies, GDAP requests, settings) and the directory the local tenant holds. Conversation
 * references and the audit log may grow (a refusal is audited by design), so they are not part of it.
 */
const TABLES = ['access_requests', 'saga_steps', 'grants', 'jobs', 'card_posts', 'gdap_requests', 'settings'];

export async function stateOf(e: E2e): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const db = new BetterSqlite3(e.dbFile, { readonly: true, fileMustExist: true });
  try {
    for (const t of TABLES) counts[t] = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
  const users = (await e.graph.api('/users').top(999).get()) as { value: unknown[] };
  const roles = (await e.graph.api('/roleManagement/directory/roleAssignments').get()) as { value: unknown[] };
  counts['tenant users'] = users.value.length;
  counts['tenant role assignments'] = roles.value.length;
  return counts;
}

/** Hostile strings a person could type into any free-text field. */
export const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['a Markdown link', '[Open the verification portal](https://evil.example/login)'],
  ['Markdown emphasis and a list', '**URGENT** _now_\n- step one\n1. step two'],
  ['HTML', '<script>alert(1)</script><img src=x onerror=alert(2)><a href="https://evil.example">x</a>'],
  ['template syntax', '${$root.requester.name} {{DATE(2026-01-01T00:00:00Z)}} ${json($root)}'],
  ['a control character', 'weekend\u0007 cover \u0000 now'],
  ['a bidi override', 'cover for \u202Egnp.exe\u202C the SOC'],
  ['a zero-width joiner', 'ad\u200Bmin cover for the SOC'],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['emoji', 'Weekend cover 🚨🔥👩‍💻 for the SOC 🛡️'],
  ['right-to-left text', 'تغطية نهاية الأسبوع لفريق العمليات الأمنية'],
  ['an empty string', ''],
  ['only whitespace', ' \t \n '],
];
