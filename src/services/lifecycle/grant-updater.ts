import type { Grant, GrantChange, GrantStore } from '../storage/types';

const MAX_CONFLICTS = 5;

/**
 * Compare-and-set with re-apply: `change` gets the stored grant and returns the next state, or undefined when the
 * change no longer applies (someone else moved the grant on). On a version conflict the grant is read again and
 * `change` asked again. Returns the saved grant, or `{ skipped }` with the grant as it was found.
 */
export async function updateGrant(
  store: GrantStore,
  current: Grant,
  change: (g: Grant) => GrantChange | undefined,
): Promise<{ saved: Grant } | { skipped: Grant }> {
  let base = current;
  for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts += 1) {
    const next = change(base);
    if (next === undefined) return { skipped: base };
    const saved = await store.update(base.id, base.version, next);
    if (saved) return { saved };
    const fresh = await store.get(base.id);
    if (!fresh) throw new Error(`updateGrant(): grant ${base.id} disappeared`);
    base = fresh;
  }
  throw new Error(`updateGrant(): grant ${base.id} kept changing (${MAX_CONFLICTS} conflicts)`);
}

/** The grant as a change (without id and version), for building the next state. */
export function asChange(g: Grant): GrantChange {
  const { id: _id, version: _version, ...rest } = g;
  return rest;
}
