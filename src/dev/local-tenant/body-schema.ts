import { readFileSync } from 'node:fs';
import path from 'node:path';
import { badRequest, directoryBadRequest, type GraphHttpError } from './errors';
import { isObject, type JsonObject } from './request-body';

/**
 * Strict request bodies, checked against graph-v1-schemas.json: Microsoft's v1.0 CSDL (msgraph-metadata,
 * clean_v10_metadata/cleanMetadata.xml; see the file's "source"), reduced to the endpoints this tenant answers.
 * Graph refuses a write body with a property its type does not declare ("Property 'x' does not exist as a
 * declared property or extension property." from directory APIs; the OData "does not exist on type" from the
 * others), and a $ref body must be exactly {"@odata.id": url} (OData JSON format, "Entity reference").
 */
type PropertySpec = string | { type: string; readOnly?: boolean; immutable?: boolean };
interface TypeSpec {
  readonly openType?: boolean;
  readonly properties: Record<string, PropertySpec>;
  readonly navigationProperties?: Record<string, unknown>;
}
interface EndpointSpec {
  readonly body: 'entity' | 'reference' | 'action';
  readonly type?: string;
  readonly mode?: 'create' | 'update';
  readonly action?: string;
  readonly boundTo?: string;
}
export interface Schemas {
  readonly endpoints: Record<string, EndpointSpec>;
  readonly types: Record<string, TypeSpec>;
  readonly actions: Record<string, Array<{ boundTo: string; bodyParameters: Record<string, unknown> }>>;
}

const SCHEMAS = JSON.parse(readFileSync(path.join(__dirname, 'graph-v1-schemas.json'), 'utf8')) as Schemas;

/** Directory objects and role assignments answer in the directory's words; invitations, PIM and GDAP in OData's. */
const DIRECTORY = /^\w+ \/(users|groups|directoryObjects|roleManagement\/directory\/roleAssignments)(\/|$)/;
/** OData protocol annotations, not properties (conventions.annotations in the schema file). */
const ANNOTATIONS = new Set(['@odata.type', '@odata.id', '@odata.etag', '@odata.context']);
/** Directory extension properties are legal on open types (conventions.openType). */
const EXTENSION = /^extension_[0-9a-f]{32}_\w+$/i;

const typeName = (spec: PropertySpec) => (typeof spec === 'string' ? spec : spec.type);
const elementType = (t: string) => /^Collection\((.+)\)$/.exec(t)?.[1] ?? t;

/** '/users/:id/members/$ref' → '/users/{id}/members/$ref', the key the schema file uses. */
export function endpointKey(method: string, pattern: string): string {
  return `${method.toUpperCase()} ${pattern.replace(/:[A-Za-z]\w*/g, '{id}')}`;
}

class Checker {
  constructor(
    private readonly schemas: Schemas,
    private readonly key: string,
  ) {}

  private unknown(name: string, type: string): GraphHttpError {
    return DIRECTORY.test(this.key)
      ? directoryBadRequest(`Property '${name}' does not exist as a declared property or extension property.`)
      : badRequest(
          `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        );
  }

  private refuse(message: string): GraphHttpError {
    return DIRECTORY.test(this.key) ? directoryBadRequest(message) : badRequest(message);
  }

  entity(body: JsonObject, type: string, mode: 'create' | 'update'): void {
    const spec = this.schemas.types[type];
    if (!spec) return; // a type the file does not describe in full: nothing to check against
    for (const [name, value] of Object.entries(body)) {
      if (ANNOTATIONS.has(name)) continue;
      const bind = /^(.+)@odata\.bind$/.exec(name)?.[1];
      if (bind !== undefined) {
        if (!spec.navigationProperties?.[bind]) throw this.unknown(bind, type);
        continue;
      }
      if (spec.navigationProperties?.[name]) continue; // deep insert
      const prop = spec.properties[name];
      if (prop === undefined) {
        if (spec.openType && EXTENSION.test(name)) continue;
        throw this.unknown(name, type);
      }
      if (typeof prop !== 'string' && prop.readOnly)
        throw this.refuse(`Property '${name}' is read-only and cannot be set.`);
      if (typeof prop !== 'string' && prop.immutable && mode === 'update')
        throw this.refuse(`Property '${name}' cannot be changed once the object exists.`);
      this.nested(value, elementType(typeName(prop)), mode);
    }
  }

  /** Complex values are checked with their own type (or the derived type their @odata.type names). */
  private nested(value: unknown, type: string, mode: 'create' | 'update'): void {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (!isObject(item)) continue;
      const named = typeof item['@odata.type'] === 'string' ? item['@odata.type'].replace(/^#/, '') : undefined;
      const actual = named && this.schemas.types[named] ? named : type;
      if (this.schemas.types[actual]) this.entity(item, actual, mode);
    }
  }

  reference(body: JsonObject): void {
    const extra = Object.keys(body).find((k) => k !== '@odata.id');
    if (extra !== undefined) throw this.unknown(extra, 'microsoft.graph.directoryObject');
    if (typeof body['@odata.id'] !== 'string')
      throw badRequest(
        "The request body must contain '@odata.id', e.g. https://graph.microsoft.com/v1.0/directoryObjects/{id}.",
      );
  }

  action(body: JsonObject, endpoint: EndpointSpec): void {
    const overloads = this.schemas.actions[endpoint.action ?? ''] ?? [];
    const overload = overloads.find((o) => o.boundTo === endpoint.boundTo) ?? overloads[0];
    if (!overload) return;
    const extra = Object.keys(body).find((k) => !(k in overload.bodyParameters));
    if (extra !== undefined) throw this.unknown(extra, endpoint.action ?? 'action');
  }
}

/**
 * Refuses a body that does not fit the endpoint's declared type; endpoints the file does not list pass. The
 * shipped file marks no property readOnly or immutable (its CSDL source carries few such annotations), so those
 * refusals come from the route handlers today; the check applies as soon as a schema marks one.
 */
export function checkBody(method: string, pattern: string, body: unknown, schemas: Schemas = SCHEMAS): void {
  const key = endpointKey(method, pattern);
  const endpoint = schemas.endpoints[key];
  if (!endpoint || !isObject(body)) return;
  const checker = new Checker(schemas, key);
  if (endpoint.body === 'reference') checker.reference(body);
  else if (endpoint.body === 'action') checker.action(body, endpoint);
  else if (endpoint.type) checker.entity(body, endpoint.type, endpoint.mode ?? 'create');
}
