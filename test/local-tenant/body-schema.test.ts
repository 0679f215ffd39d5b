import { describe, expect, it } from 'vitest';
import { checkBody, endpointKey, type Schemas } from '../../src/dev/local-tenant/body-schema';
import { GraphHttpError } from '../../src/dev/local-tenant/errors';

/** A small schema in the shipped file's shape, with the readOnly and immutable marks the shipped file lacks. */
const SCHEMAS: Schemas = {
  endpoints: {
    'POST /widgets': { body: 'entity', type: 'test.widget', mode: 'create' },
    'PATCH /widgets/{id}': { body: 'entity', type: 'test.widget', mode: 'update' },
    'POST /widgets/{id}/parts/$ref': { body: 'reference' },
  },
  types: {
    'test.widget': {
      openType: true,
      properties: {
        name: 'Edm.String',
        id: { type: 'Edm.String', readOnly: true },
        serial: { type: 'Edm.String', immutable: true },
        size: { type: 'test.size' },
      },
      navigationProperties: { parts: {} },
    },
    'test.size': { properties: { width: 'Edm.Int32' } },
  },
  actions: {},
};

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphHttpError) return `${error.status} ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('local tenant: the strict body checker', () => {
  it('maps a route pattern to the schema file key', () => {
    expect(endpointKey('patch', '/users/:id')).toBe('PATCH /users/{id}');
  });

  it('refuses readOnly always and immutable on update; accepts both where Graph would', () => {
    expect(refusal(() => checkBody('POST', '/widgets', { id: 'x' }, SCHEMAS))).toMatch(/^400 .*'id' is read-only/);
    expect(refusal(() => checkBody('POST', '/widgets', { serial: 'S1' }, SCHEMAS))).toBe('accepted');
    expect(refusal(() => checkBody('PATCH', '/widgets/:id', { serial: 'S2' }, SCHEMAS))).toMatch(/^400 .*'serial'/);
  });

  it('accepts annotations, @odata.bind to a navigation property and directory extensions on open types', () => {
    const body = {
      '@odata.type': '#test.widget',
      name: 'w',
      'parts@odata.bind': ['https://graph.microsoft.com/v1.0/directoryObjects/1'],
      extension_0123456789abcdef0123456789abcdef_colour: 'red',
    };
    expect(refusal(() => checkBody('POST', '/widgets', body, SCHEMAS))).toBe('accepted');
    expect(refusal(() => checkBody('POST', '/widgets', { colour: 'red' }, SCHEMAS))).toMatch(/'colour'/);
    expect(refusal(() => checkBody('POST', '/widgets', { 'wheels@odata.bind': [] }, SCHEMAS))).toMatch(/'wheels'/);
  });

  it('checks nested complex values and $ref bodies', () => {
    expect(refusal(() => checkBody('POST', '/widgets', { size: { width: 1, depth: 2 } }, SCHEMAS))).toMatch(
      /'depth' does not exist on type 'test.size'/,
    );
    expect(refusal(() => checkBody('POST', '/widgets/:id/parts/$ref', { '@odata.id': 'u' }, SCHEMAS))).toBe('accepted');
    expect(refusal(() => checkBody('POST', '/widgets/:id/parts/$ref', { '@odata.id': 'u', x: 1 }, SCHEMAS))).toMatch(
      /^400 /,
    );
    expect(refusal(() => checkBody('POST', '/widgets/:id/parts/$ref', { id: 'u' }, SCHEMAS))).toMatch(/^400 /);
  });

  it('lets endpoints the schema does not list through', () => {
    expect(refusal(() => checkBody('POST', '/$batch', { anything: true }, SCHEMAS))).toBe('accepted');
  });
});
