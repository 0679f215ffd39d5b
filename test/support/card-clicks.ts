/**
 * What a Teams client does when a person presses an `Action.Submit`: it sends the action's own `data` (the verb,
 * and the form id and digest the bot stamped on it) merged with the inputs. Tests name the verb and the inputs; this
 * finds the newest card in the conversation with a button of that verb and merges its data underneath.
 */
export class CardClicks {
  private readonly cards = new Map<string, unknown[]>();

  /** Remembers the cards among `activities`, sent into `conversationId`. */
  remember(conversationId: string, activities: ReadonlyArray<{ attachments?: unknown }>): void {
    const list = this.cards.get(conversationId) ?? [];
    for (const a of activities)
      for (const att of (a.attachments ?? []) as Array<{ contentType?: string; content?: unknown }>)
        if (att.contentType === 'application/vnd.microsoft.card.adaptive') list.push(att.content);
    this.cards.set(conversationId, list);
  }

  /** The data the newest button with `verb` in that conversation carries, if any card had one. */
  buttonData(conversationId: string, verb: string): Record<string, unknown> | undefined {
    const list = this.cards.get(conversationId) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const found = findSubmit(list[i], verb);
      if (found) return found;
    }
    return undefined;
  }

  /** `value` as the client would send it: the button's data under the typed inputs. Values with a form id pass as is. */
  complete(conversationId: string, value: unknown): unknown {
    if (!value || typeof value !== 'object') return value;
    const v = value as Record<string, unknown>;
    if (typeof v.verb !== 'string' || 'formId' in v) return value;
    return { ...this.buttonData(conversationId, v.verb), ...v };
  }
}

function findSubmit(node: unknown, verb: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findSubmit(n, verb);
      if (found) return found;
    }
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const data = o.data as Record<string, unknown> | undefined;
    if (o.type === 'Action.Submit' && data?.verb === verb) return { ...data };
    return findSubmit(Object.values(o), verb);
  }
  return undefined;
}

/**
 * A submit `value` as a Teams client would send it from a person's personal chat with the bot: the data of the
 * newest button with that verb among what the bot sent there (through `connector`), under the typed inputs.
 */
export function submitted(
  connector: { readonly calls: ReadonlyArray<{ path: string; body: { attachments?: unknown } }> },
  who: { readonly aadObjectId: string },
  value: Record<string, unknown>,
): unknown {
  const chat = `a:personal-${who.aadObjectId}`;
  const clicks = new CardClicks();
  clicks.remember(
    chat,
    connector.calls
      .filter((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(chat)}/`))
      .map((c) => c.body),
  );
  return clicks.complete(chat, value);
}
