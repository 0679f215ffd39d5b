/**
 * The PostgreSQL server every storage test uses. The Vitest global setup (test/support/embedded-postgres-setup.ts)
 * sets TEST_DATABASE_URL before any test file loads: the server already answering at the default or given URL, or an
 * embedded one it started. Test code may read process.env; src never does.
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

/** The test server's URL with its tables in `schema` (created by openPostgresDatabase on first open). */
export function testDatabaseUrlFor(schema: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Said when the server does not answer: the global setup should have made sure one does. */
export function unreachableMessage(err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err);
  return (
    `PostgreSQL is not reachable at ${redacted(TEST_DATABASE_URL)} (${reason}); run the tests through Vitest's config ` +
    '(npm test, or npx vitest run <file>), which starts an embedded server when none answers'
  );
}

function redacted(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}
