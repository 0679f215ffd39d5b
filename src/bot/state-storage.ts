import type { Storage, StoreItems } from 'botbuilder';
import type { StateStore } from '../services/storage/types';

/**
 * Bot Framework state (conversation and user state, dialog stacks) kept in our own database. An item read with an
 * eTag is written back only if nobody changed it meanwhile, so two turns racing on one conversation cannot
 * silently overwrite each other: the loser's turn fails and the turn error handler tells the user.
 */
export class StateStoreStorage implements Storage {
  constructor(private readonly store: StateStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    const found = await this.store.read(keys);
    const items: StoreItems = {};
    for (const [key, { value, etag }] of found) items[key] = { ...(value as object), eTag: etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string };
      await this.store.write(key, value, eTag);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.store.delete(keys);
  }
}
