import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verbs } from '../../src/cards/verbs';
import { cardActionInvoke } from '../support/activities';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX } from '../support/seed';

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e.close();
});

/** An adaptiveCard/action invoke from Alex with its `value` (or anything else) replaced. */
const invoke = (patch: Record<string, unknown>) => ({
  ...cardActionInvoke(e2e.connector.url, ALEX, Verbs.runCommand, { command: 'help' }),
  ...patch,
});
const action = (a: unknown) => invoke({ value: { action: a, trigger: 'manual' } });

const cases: Array<[string, () => Record<string, unknown>]> = [
  ['no value at all', () => invoke({ value: undefined })],
  ['a value that is a string', () => invoke({ value: 'approve everything' })],
  ['a value that is an array', () => invoke({ value: [1, 2] })],
  ['a value without action', () => invoke({ value: { trigger: 'manual' } })],
  ['an action that is null', () => action(null)],
  ['an action that is a string', () => action('Action.Execute')],
  ['an action that is an array', () => action([{ verb: Verbs.runCommand }])],
  ['an action without a verb', () => action({ type: 'Action.Execute', data: {} })],
  ['a verb that is a number', () => action({ type: 'Action.Execute', verb: 42, data: {} })],
  ['a verb that is an object', () => action({ type: 'Action.Execute', verb: { toString: 'x' }, data: {} })],
  ['data that is a string', () => action({ type: 'Action.Execute', verb: Verbs.runCommand, data: 'help' })],
  ['data that is an array', () => action({ type: 'Action.Execute', verb: Verbs.runCommand, data: ['help'] })],
  ['data that is null', () => action({ type: 'Action.Execute', verb: Verbs.runCommand, data: null })],
  ['an action of another type', () => action({ type: 'Action.Submit', verb: Verbs.runCommand, data: {} })],
  ['an invoke with no name', () => invoke({ name: undefined })],
  ['an unknown invoke name', () => invoke({ name: 'evil/escalate' })],
  ['a Teams invoke this bot does not handle', () => invoke({ name: 'composeExtension/query' })],
  ['a task module fetch it does not offer', () => invoke({ name: 'task/fetch' })],
];

describe('malformed invokes over real HTTP', () => {
  it.each(cases)('answers 400, never 5xx, to %s and says nothing in chat', async (_label, make) => {
    const before = e2e.connector.calls.length;
    const res = await e2e.post(make());
    expect(res.status).toBe(400);
    expect(e2e.connector.calls.slice(before).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('still answers a well-formed click afterwards', async () => {
    const res = await e2e.post(invoke({}));
    expect(res.status).toBe(200);
  });
});

const raw = (body: string, contentType = 'application/json') =>
  fetch(e2e.app.messagesUrl, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('malformed bodies over real HTTP', () => {
  const bodies: Array<[string, string, string?]> = [
    ['broken JSON', '{"type": "invoke", '],
    ['JSON null', 'null'],
    ['a JSON string', '"invoke"'],
    ['a JSON array', '[{"type":"invoke"}]'],
    ['an activity without a type', JSON.stringify({ name: 'adaptiveCard/action', value: {} })],
    ['form-encoded text', 'type=invoke&name=adaptiveCard%2Faction', 'application/x-www-form-urlencoded'],
  ];
  it.each(bodies)('answers 4xx, never 5xx, to %s', async (_label, body, contentType) => {
    const res = await raw(body, contentType);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
