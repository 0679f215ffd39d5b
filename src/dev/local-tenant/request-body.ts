import { badRequest, GraphHttpError } from './errors';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as an object; an absent body counts as {}. */
export function bodyObject(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
  return body;
}

/** Reads typed properties with Graph's wording for missing and invalid values. */
export class BodyReader {
  constructor(
    private readonly body: JsonObject,
    private readonly resource: string,
    private readonly code = 'Request_BadRequest',
  ) {}

  has(key: string): boolean {
    return this.body[key] !== undefined;
  }

  requiredString(key: string): string {
    const value = this.body[key];
    if (value === undefined || value === null || value === '')
      throw this.error(`A value is required for property '${key}' of resource '${this.resource}'.`);
    if (typeof value !== 'string') throw this.invalid(key);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(key);
    return value;
  }

  requiredBoolean(key: string): boolean {
    const value = this.body[key];
    if (value === undefined || value === null)
      throw this.error(`A value is required for property '${key}' of resource '${this.resource}'.`);
    if (typeof value !== 'boolean') throw this.invalid(key);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.invalid(key);
    return value;
  }

  invalid(key: string, detail?: string): GraphHttpError {
    return this.error(
      `Invalid value specified for property '${key}' of resource '${this.resource}'.${detail ? ` ${detail}` : ''}`,
    );
  }

  error(message: string): GraphHttpError {
    return badRequest(message, this.code);
  }
}
