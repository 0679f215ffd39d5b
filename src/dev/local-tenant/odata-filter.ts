import { badRequest, GraphHttpError } from './errors';

/**
 * The small part of OData $filter that the bot needs: `prop eq literal`, `prop/any(x:x eq literal)`, joined with
 * `and` / `or` and parentheses. Anything else is refused the way Graph refuses what it does not support.
 */
export type FilterNode =
  | { readonly type: 'eq'; readonly path: string; readonly value: Literal }
  | { readonly type: 'any'; readonly path: string; readonly value: Literal }
  | { readonly type: 'and'; readonly items: readonly FilterNode[] }
  | { readonly type: 'or'; readonly items: readonly FilterNode[] };

type Literal = string | number | boolean | null;
type Token = { kind: 'ident'; text: string } | { kind: 'literal'; value: Literal } | { kind: 'punct'; text: string };

/** Which properties a collection accepts in $filter (names as Graph spells them; compared case-insensitively). */
export interface FilterSpec {
  readonly resource: string;
  readonly eq: readonly string[];
  readonly any?: readonly string[];
}

const invalid = (detail: string) => badRequest(`Invalid filter clause: ${detail}`);
const unsupported = (resource: string, property: string) =>
  new GraphHttpError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
  );

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) i += 1;
    else if ('():,'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i += 1;
    } else if (ch === "'") {
      let value = '';
      for (i += 1; ; i += 1) {
        if (i >= text.length) throw invalid('a string literal is not closed.');
        if (text.charAt(i) === "'") {
          if (text.charAt(i + 1) !== "'") break;
          i += 1;
        }
        value += text.charAt(i);
      }
      tokens.push({ kind: 'literal', value });
      i += 1;
    } else {
      const match = /^[A-Za-z0-9_.$@/+-]+/.exec(text.slice(i));
      if (!match) throw invalid(`unexpected character '${ch}'.`);
      const word = match[0];
      i += word.length;
      if (/^(true|false)$/i.test(word)) tokens.push({ kind: 'literal', value: word.toLowerCase() === 'true' });
      else if (/^null$/i.test(word)) tokens.push({ kind: 'literal', value: null });
      else if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: 'literal', value: Number(word) });
      else tokens.push({ kind: 'ident', text: word });
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly resource: string,
  ) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.i < this.tokens.length) throw invalid(`unexpected '${this.describe(this.tokens[this.i])}'.`);
    return node;
  }

  private or(): FilterNode {
    const items = [this.and()];
    while (this.keyword('or')) items.push(this.and());
    return items.length === 1 ? items[0] : { type: 'or', items };
  }

  private and(): FilterNode {
    const items = [this.primary()];
    while (this.keyword('and')) items.push(this.primary());
    return items.length === 1 ? items[0] : { type: 'and', items };
  }

  private primary(): FilterNode {
    if (this.punct('(')) {
      const node = this.or();
      this.expectPunct(')');
      return node;
    }
    const token = this.tokens[this.i++];
    if (token?.kind !== 'ident')
      throw invalid(token ? `expected a property, found '${this.describe(token)}'.` : 'the expression ends too early.');
    const lambda = /^(.+)\/any$/i.exec(token.text);
    if (lambda && this.punct('(')) {
      const variable = this.expectIdent();
      this.expectPunct(':');
      if (this.expectIdent() !== variable) throw unsupported(this.resource, lambda[1]);
      this.expectKeyword('eq', lambda[1]);
      const value = this.expectLiteral();
      this.expectPunct(')');
      return { type: 'any', path: lambda[1], value };
    }
    if (this.punct('(')) throw unsupported(this.resource, token.text);
    const op = this.tokens[this.i];
    if (op?.kind === 'ident' && /^(ne|gt|ge|lt|le|in|has|not)$/i.test(op.text))
      throw unsupported(this.resource, token.text);
    this.expectKeyword('eq', token.text);
    return { type: 'eq', path: token.text, value: this.expectLiteral() };
  }

  private keyword(word: string): boolean {
    const t = this.tokens[this.i];
    if (t?.kind === 'ident' && t.text.toLowerCase() === word) return ((this.i += 1), true);
    return false;
  }

  private expectKeyword(word: string, property: string): void {
    if (!this.keyword(word))
      throw this.tokens[this.i] ? unsupported(this.resource, property) : invalid('the expression ends too early.');
  }

  private punct(p: string): boolean {
    const t = this.tokens[this.i];
    if (t?.kind === 'punct' && t.text === p) return ((this.i += 1), true);
    return false;
  }

  private expectPunct(p: string): void {
    if (!this.punct(p)) throw invalid(`expected '${p}'.`);
  }

  private expectIdent(): string {
    const t = this.tokens[this.i++];
    if (t?.kind !== 'ident') throw invalid('expected a name.');
    return t.text;
  }

  private expectLiteral(): Literal {
    const t = this.tokens[this.i++];
    if (t?.kind !== 'literal')
      throw invalid(
        t?.kind === 'ident' ? `'${t.text}' is not a literal; quote strings with '.` : 'expected a literal.',
      );
    return t.value;
  }

  private describe(t: Token | undefined): string {
    return t === undefined ? '' : t.kind === 'literal' ? String(t.value) : t.text;
  }
}

export function parseFilter(text: string, resource: string): FilterNode {
  return new Parser(tokenize(text), resource).parse();
}

function checkSpec(node: FilterNode, spec: FilterSpec): void {
  if ('items' in node) {
    node.items.forEach((n) => checkSpec(n, spec));
    return;
  }
  const allowed = node.type === 'eq' ? spec.eq : (spec.any ?? []);
  const property = node.path;
  if (!allowed.some((p) => p.toLowerCase() === property.toLowerCase())) throw unsupported(spec.resource, property);
}

function resolve(item: Record<string, unknown>, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split('/')) {
    if (typeof current !== 'object' || current === null) return undefined;
    const record = current as Record<string, unknown>;
    const name = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
    current = name === undefined ? undefined : record[name];
  }
  return current;
}

function same(a: unknown, b: Literal): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === b;
}

function evaluate(node: FilterNode, item: Record<string, unknown>): boolean {
  switch (node.type) {
    case 'and':
      return node.items.every((n) => evaluate(n, item));
    case 'or':
      return node.items.some((n) => evaluate(n, item));
    case 'eq':
      return same(resolve(item, node.path), node.value);
    case 'any': {
      const values = resolve(item, node.path);
      return Array.isArray(values) && values.some((v) => same(v, node.value));
    }
  }
}

/** Parses and checks a $filter; the predicate compares strings case-insensitively, as Entra does. */
export function compileFilter(text: string | null, spec: FilterSpec): (item: Record<string, unknown>) => boolean {
  if (text === null || text.trim() === '') return () => true;
  const node = parseFilter(text, spec.resource);
  checkSpec(node, spec);
  return (item) => evaluate(node, item);
}
