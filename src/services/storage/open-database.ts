import { openPostgresDatabase } from './postgres-database';
import { openSqliteDatabase } from './sqlite-database';
import type { Database } from './types';

/** `sqlite:<path>` (or `sqlite::memory:`) → SQLite; `postgres://…` → PostgreSQL. */
export async function openDatabase(url: string, clock: () => Date = () => new Date()): Promise<Database> {
  if (url.startsWith('sqlite:')) return openSqliteDatabase(url.slice('sqlite:'.length), clock);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresDatabase(url, clock);
  throw new Error(`openDatabase(): unsupported DATABASE_URL scheme in '${url.replace(/\/\/[^@]*@/, '//***@')}'`);
}
