import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestVerbs } from '../../src/cards/requests/request-verbs';
import { cardActionInvoke, teamsMessage } from '../support/activities';
import { startE2e, type E2e } from '../support/e2e';
import { ALEX, MEGAN, STRANGER } from '../support/seed';
import { stateOf } from './corpus-support';

/**
 * The transport half of the bad-input corpus: bodies, content types, activity shapes and invokes that Teams would
 * never send, thrown at the real server. Each must be answered with a 4xx (never a 5xx, never a crash) and change
 * nothing that matters (see stateOf).
 */

let e: E2e;
let before: Record<string, number>;
beforeAll(async () => {
  e = await startE2e();
  await e.say(ALEX, 'help');
  before = await stateOf(e);
});
afterAll(async () => {
  await e.close();
});

const raw = (body: string, contentType?: string) =>
  fetch(e.app.messagesUrl, {
    method: 'POST',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body,
  });
const json = (activity: unknown) => raw(JSON.stringify(activity), 'application/json');
const message = (over: Record<string, unknown> = {}) => ({ ...teamsMessage(e.connector.url, ALEX, 'help'), ...over });
const without = (field: string) => {
  const m = message() as Record<string, unknown>;
  delete m[field];
  return m;
};
const invoke = (value: unknown, name = 'adaptiveCard/action') => ({
  ...teamsMessage(e.connector.url, ALEX, ''),
  type: 'invoke',
  name,
  text: undefined,
  value,
});
const click = (who: typeof ALEX, verb: string, data: unknown) =>
  json({
    ...cardActionInvoke(e.connector.url, who, verb, {}),
    value: { action: { type: 'Action.Execute', verb, data } },
  });

type Case = readonly [name: string, send: () => Promise<Response>, expected?: number];

const MALFORMED_JSON: Case[] = [
  '{',
  '[',
  '{"type": "message",',
  '{"type": "message"}}',
  "{'type': 'message'}",
  '{"type": "message", "text": "\\x"}',
  'undefined',
  'NaN',
  '\u0000\u0001\u0002',
  '{"a":' + '['.repeat(5000),
].map((body, i) => [`malformed JSON #${i + 1}`, () => raw(body, 'application/json'), 400] as const);

const NOT_AN_ACTIVITY: Case[] = ['null', '"a string"', '42', 'true', '[]', '[{"type":"message"}]', '{}'].map(
  (body) => [`JSON that is not an activity: ${body}`, () => raw(body, 'application/json')] as const,
);

const CONTENT_TYPES: Case[] = [
  ['no content type', () => raw(JSON.stringify(message()))],
  ['text/plain', () => raw(JSON.stringify(message()), 'text/plain')],
  ['application/xml', () => raw('<activity type="message"/>', 'application/xml')],
  ['form-encoded', () => raw('type=message&text=help', 'application/x-www-form-urlencoded')],
  ['multipart without a boundary', () => raw('--x\r\n\r\n{}', 'multipart/form-data')],
  ['an unknown charset', () => raw(JSON.stringify(message()), 'application/json; charset=klingon')],
];

const OVERSIZED: Case[] = [
  ['300 KB of text', () => json(message({ text: 'x'.repeat(300 * 1024) })), 413],
  ['1 MB of card data', () => json(invoke({ action: { verb: 'x', data: { blob: 'y'.repeat(1024 * 1024) } } })), 413],
  ['5 MB body', () => raw('a'.repeat(5 * 1024 * 1024), 'application/json'), 413],
];

const ODD_FIELDS: Case[] = [
  ['no type', () => json(without('type'))],
  ['type is a number', () => json(message({ type: 7 }))],
  ['type is an object', () => json(message({ type: { message: true } }))],
  ['no conversation', () => json(without('conversation'))],
  ['conversation is null', () => json(message({ conversation: null }))],
  ['conversation id is a number', () => json(message({ conversation: { id: 5, conversationType: 'personal' } }))],
  ['no from', () => json(without('from'))],
  ['from is a string', () => json(message({ from: 'alex' }))],
  ['from without id', () => json(message({ from: { name: 'Alex', aadObjectId: ALEX.aadObjectId } }))],
  ['aadObjectId not a GUID', () => json(message({ from: { id: '29:x', name: 'x', aadObjectId: '../../etc' } }))],
  ['aadObjectId of 10,000 characters', () => json(message({ from: { id: '29:x', aadObjectId: 'a'.repeat(10_000) } }))],
  ['no serviceUrl', () => json(without('serviceUrl'))],
  ['serviceUrl is javascript:', () => json(message({ serviceUrl: 'javascript:alert(1)' }))],
  ['serviceUrl is a file URL', () => json(message({ serviceUrl: 'file:///etc/passwd' }))],
  ['serviceUrl is a closed local port', () => json(message({ serviceUrl: 'http://127.0.0.1:9/' }))],
  ['no channelId', () => json(without('channelId'))],
  ['an unknown channel', () => json(message({ channelId: 'carrier-pigeon' }))],
  ['text is a number', () => json(message({ text: 12345 }))],
  ['text is an object', () => json(message({ text: { toString: 'help' } }))],
  ['text is an array', () => json(message({ text: ['help', 'whoami'] }))],
  ['value is a string', () => json(message({ text: '', value: 'request.approve' }))],
  ['value is an array', () => json(message({ text: '', value: [{ verb: RequestVerbs.approve }] }))],
  ['value with a verb of the wrong type', () => json(message({ text: '', value: { verb: 42 } }))],
  [
    'no tenant anywhere',
    () => json(message({ channelData: {}, conversation: { id: 'a:x', conversationType: 'personal' } })),
  ],
  [
    'tenant differs between conversation and channelData',
    () => json(message({ channelData: { tenant: { id: STRANGER.tenantId } } })),
  ],
  ['channelData is a string', () => json(message({ channelData: 'tenant' }))],
  ['attachments is a string', () => json(message({ attachments: 'card' }))],
  [
    'entities with a hostile mention',
    () => json(message({ entities: [{ type: 'mention', text: '<at>' + 'x'.repeat(5000) }] })),
  ],
  ['a timestamp that is not a date', () => json(message({ timestamp: 'yesterday' }))],
  ['an id of 10,000 characters', () => json(message({ id: 'i'.repeat(10_000) }))],
  ['replyToId that does not exist', () => json(message({ replyToId: randomUUID() }))],
  [
    'a prototype-polluting key',
    () => raw('{"__proto__":{"admin":true},"type":"message","text":"help"}', 'application/json'),
  ],
];

const ACTIVITY_TYPES: Case[] = [
  'foo',
  'event',
  'typing',
  'messageReaction',
  'endOfConversation',
  'installationUpdate',
  'messageUpdate',
  'messageDelete',
  'handoff',
  'trace',
  'conversationUpdate',
].map((type) => [`activity type '${type}'`, () => json(message({ type, text: undefined }))] as const);

const INVOKES: Case[] = [
  ['invoke without a name', () => json({ ...invoke({ action: { verb: RequestVerbs.approve } }), name: undefined })],
  ['an unknown invoke name', () => json(invoke({}, 'composeExtension/query'))],
  ['task/fetch', () => json(invoke({ data: {} }, 'task/fetch'))],
  ['signin/verifyState', () => json(invoke({ state: '123' }, 'signin/verifyState'))],
  ['fileConsent/invoke', () => json(invoke({ action: 'accept' }, 'fileConsent/invoke'))],
  ['actionableMessage/executeAction', () => json(invoke({ body: '{}' }, 'actionableMessage/executeAction'))],
  ['adaptiveCard/action without value', () => json(invoke(undefined))],
  ['adaptiveCard/action with value null', () => json(invoke(null))],
  ['adaptiveCard/action without action', () => json(invoke({ trigger: 'manual' }))],
  ['action is a string', () => json(invoke({ action: 'request.approve' }))],
  ['action is an array', () => json(invoke({ action: [RequestVerbs.approve] }))],
  ['verb missing', () => json(invoke({ action: { type: 'Action.Execute', data: {} } }))],
  ['verb is a number', () => json(invoke({ action: { type: 'Action.Execute', verb: 1, data: {} } }))],
  ['verb is an object', () => json(invoke({ action: { type: 'Action.Execute', verb: { v: 1 }, data: {} } }))],
  ['an unknown verb', () => json(invoke({ action: { type: 'Action.Execute', verb: 'admin.makeMeGod', data: {} } }))],
  [
    'data is a string',
    () => json(invoke({ action: { type: 'Action.Execute', verb: RequestVerbs.approve, data: 'x' } })),
  ],
  [
    'data is an array',
    () => json(invoke({ action: { type: 'Action.Execute', verb: RequestVerbs.approve, data: [1] } })),
  ],
];

const FORGED: Case[] = [
  [
    'approve a request that does not exist',
    () => click(MEGAN, RequestVerbs.approve, { requestId: randomUUID(), version: 1 }),
  ],
  [
    'approve with a request id of the wrong type',
    () => click(MEGAN, RequestVerbs.approve, { requestId: { $ne: null }, version: 1 }),
  ],
  [
    'approve with an SQL-looking id',
    () => click(MEGAN, RequestVerbs.approve, { requestId: "' OR 1=1 --", version: 1 }),
  ],
  [
    'approve with a version of the wrong type',
    () => click(MEGAN, RequestVerbs.approve, { requestId: randomUUID(), version: 'one' }),
  ],
  [
    'approve with a huge version',
    () => click(MEGAN, RequestVerbs.approve, { requestId: randomUUID(), version: 1e308 }),
  ],
  ['reject without a reason', () => click(MEGAN, RequestVerbs.reject, { requestId: randomUUID(), version: 1 })],
  ['retry a request that does not exist', () => click(ALEX, RequestVerbs.retry, { requestId: randomUUID() })],
  ['withdraw a request that does not exist', () => click(ALEX, RequestVerbs.withdraw, { requestId: randomUUID() })],
  ['refresh a request that does not exist', () => click(ALEX, RequestVerbs.refresh, { requestId: randomUUID() })],
  ['revoke a grant that does not exist', () => click(ALEX, 'grant.revoke', { grantId: randomUUID(), reason: 'x' })],
  ['extend a grant that does not exist', () => click(ALEX, 'grant.extend', { grantId: randomUUID(), days: 5 })],
  ['mark a support case handled that does not exist', () => click(ALEX, 'support.handled', { caseId: randomUUID() })],
  ['terminate GDAP on the customer side', () => click(ALEX, 'gdap.terminate', { relationshipId: randomUUID() })],
  ['a stranger approving', () => click(STRANGER, RequestVerbs.approve, { requestId: randomUUID(), version: 1 })],
  ['a form submit with nothing reviewed', () => click(ALEX, RequestVerbs.formSubmit, {})],
];

describe.each([
  ['malformed JSON', MALFORMED_JSON],
  ['bodies that are not an activity', NOT_AN_ACTIVITY],
  ['content types', CONTENT_TYPES],
  ['oversized bodies', OVERSIZED],
  ['missing or odd activity fields', ODD_FIELDS],
  ['activity types', ACTIVITY_TYPES],
  ['invokes', INVOKES],
  ['forged card actions', FORGED],
] as const)('bad input over HTTP: %s', (_group, cases) => {
  const named = cases.map(([name, send, expected]) => ({ name, send, expected }));
  it.each(named)('$name: no 5xx, nothing changed', async ({ send, expected }) => {
    const res = await send();
    await res.arrayBuffer();
    if (expected) expect(res.status).toBe(expected);
    expect(res.status).toBeLessThan(500);
    await e.app.background.drain();
    expect(await stateOf(e)).toEqual(before);
  });
});

describe('after the corpus', () => {
  it('the bot is alive and still answers a person', async () => {
    expect((await fetch(`${e.app.url}/healthz`)).status).toBe(200);
    const replies = await e.say(ALEX, 'help');
    expect(JSON.stringify(replies)).toContain('What I can do');
    expect(await stateOf(e)).toEqual(before);
  });
});
