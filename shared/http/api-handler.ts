import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../domain/common/errors.js';
import { ROLES, rolesAllow, type Role } from '../domain/access/roles.js';
import { DECIDABLE_LEVELS, type DecidableLevel } from '../domain/access/api-keys.js';
import { logger } from '../observability/logger.js';
import { LIMITS } from '../domain/common/limits.js';
import { MethodNotAllowedError, PayloadTooLargeError, RouteNotFoundError, UnsupportedMediaTypeError } from './errors.js';
import { internalProblem, problemFromError, type Problem, type ProblemSlug } from './problem.js';
import { findRoute, methodsByPath, problemsOf, readsBody } from './route-queries.js';
import type { ApiFunctionName, RouteSpec } from './route-spec.js';
import { routes, type Route } from './routes.js';
import { requestHashOf } from './request-hash.js';
import { beginRequest, endRequest, observeMovement } from './request-telemetry.js';
import { parseOrThrow } from './validation.js';

/** Who is calling, as the Lambda authorizer established it. */
export interface Caller {
  tenantId: string;
  keyId: string;
  /** The key's name, for audit entries. */
  keyName: string;
  roles: readonly Role[];
  maxApprovalLevel: DecidableLevel;
}

type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiRequest<R extends RouteSpec = RouteSpec> {
  route: R;
  caller: R['auth'] extends 'apiKey' ? Caller : undefined;
  body: OutputOf<R['body']>;
  query: OutputOf<R['query']>;
  pathParameters: Readonly<Record<string, string>>;
  /** Present when the route is idempotent and the client sent `Idempotency-Key`. */
  idempotency: { key: string; requestHash: string } | undefined;
  /** The version named by `If-Match`, when the route is conditional and the client sent one. */
  ifMatchVersion: number | undefined;
  /** The body of a `csvBody` or `signedFormBody` route, as text. */
  text: R['csvBody'] extends object ? string : R['signedFormBody'] extends object ? string : undefined;
  /** A request header by name (any case). */
  header: (name: string) => string | undefined;
  /** The `Accept` header, for routes that answer more than JSON (reports). */
  accept: string | undefined;
  /** The path as the client asked for it, stage included (`/prod/`), when the gateway says. */
  stagePath: string | undefined;
  requestId: string;
}

/** JSON (`body`), or another representation as text with its own `Content-Type` in `headers` (CSV, SVG). */
export type ApiResponse =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers: { 'Content-Type': string } & Record<string, string> };

type RoutesOf<F extends ApiFunctionName> = Extract<Route, { functionName: F }>;
export type Operations<F extends ApiFunctionName> = {
  [R in RoutesOf<F> as R['operationId']]: (request: ApiRequest<R>) => Promise<ApiResponse>;
};

const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
const IF_MATCH_PATTERN = /^(?:W\/)?"?(\d{1,15})"?$/;

function headerValue(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

function callerFrom(event: APIGatewayProxyEvent): Caller {
  const context = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  const tenantId = context?.tenantId;
  const keyId = context?.keyId;
  const roles = typeof context?.roles === 'string' ? context.roles.split(',') : [];
  if (typeof tenantId !== 'string' || !tenantId || typeof keyId !== 'string') throw new UnauthorizedError();
  const level = context?.maxApprovalLevel;
  return {
    tenantId,
    keyId,
    keyName: typeof context?.keyName === 'string' ? context.keyName : keyId,
    roles: roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    // A context without a level (cached before levels existed) decides nothing above manager.
    maxApprovalLevel: (DECIDABLE_LEVELS as readonly unknown[]).includes(level) ? level as DecidableLevel : 'manager',
  };
}

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads the JSON body: 413 over 64 KiB, 415 when it is not JSON, 400 when JSON is malformed.
 * A declared JSON type with a broken body is a malformed request (400); a body declared as
 * something else, or undeclared and not JSON, is the wrong media type (415).
 * `schemaless`: the route takes no body, so an empty one passes whatever its Content-Type
 * (there is no content to be of the wrong type; clients such as `curl -d ''` label it anyway).
 */
function readJsonBody(event: APIGatewayProxyEvent, optional: boolean, schemaless = false): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > LIMITS.bodyBytesMax) throw new PayloadTooLargeError(LIMITS.bodyBytesMax);
  if (schemaless && text.trim() === '') return {};
  const contentType = headerValue(event, 'content-type');
  if (contentType !== undefined && !isJsonMediaType(contentType)) throw new UnsupportedMediaTypeError();
  if (text.trim() === '') {
    if (optional) return {};
    throw new ValidationError([{ pointer: '', detail: 'a JSON request body is required' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    if (contentType === undefined) throw new UnsupportedMediaTypeError();
    throw new ValidationError([{ pointer: '', detail: 'the request body is not valid JSON' }]);
  }
}

/** A `csvBody` or `signedFormBody` route's body as sent (API Gateway may base64 it): 413 over its size, 415 for another type. */
function readTextBody(event: APIGatewayProxyEvent, maxBytes: number, mediaType: 'text/csv' | 'application/x-www-form-urlencoded'): string {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const declared = headerValue(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (declared !== mediaType) throw new UnsupportedMediaTypeError(`The request body must be ${mediaType}.`);
  return text;
}

/**
 * The body of a route that takes none: `{}` passes (many clients send it with a bare POST);
 * a field is "not a known field" and anything else a 400, as on every route, so a client
 * that believes it sends something (a reason, an amount) learns that it is not read.
 */
const NoBody = z.strictObject({}, { error: 'this route takes no request body (send none, or {})' });

function readQuery(event: APIGatewayProxyEvent): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (!values || values.length === 0) continue;
    if (values.length > 1) throw new ValidationError([{ pointer: `/query/${name}`, detail: 'must be given at most once' }]);
    query[name] = values[0] as string;
  }
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined && !(name in query)) query[name] = value;
  }
  return query;
}

function readIdempotencyKey(event: APIGatewayProxyEvent): string | undefined {
  const key = headerValue(event, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ValidationError([{ pointer: '/headers/Idempotency-Key', detail: `must be 1-${LIMITS.idempotencyKeyLength} printable ASCII characters` }]);
  }
  return key;
}

function readIfMatch(event: APIGatewayProxyEvent): number | undefined {
  const value = headerValue(event, 'if-match');
  if (value === undefined) return undefined;
  const match = IF_MATCH_PATTERN.exec(value.trim());
  if (!match) throw new ValidationError([{ pointer: '/headers/If-Match', detail: 'must be a resource version such as 3 or "3"' }]);
  return Number(match[1]);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: status, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

function problemResult(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: problem.status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(problem) };
}

/** A problem answered by an operation whose route does not declare it (routes.ts `problems`). */
export interface UndeclaredProblem {
  operationId: string;
  slug: ProblemSlug;
  requestId: string;
}

/** Nothing drains the record in a deployed function, so it keeps only the first ones; the error log has them all. */
const UNDECLARED_PROBLEMS_KEPT = 100;
const undeclaredProblems: UndeclaredProblem[] = [];

/** The undeclared answers recorded since the last call, which forgets them (the test setup fails on any). */
export function takeUndeclaredProblems(): UndeclaredProblem[] {
  return undeclaredProblems.splice(0);
}

/**
 * The client still gets the problem (it is the right answer; the declaration is what is
 * wrong), but the OpenAPI document does not list it for this operation: record and log it.
 */
function checkDeclared(route: RouteSpec | undefined, slug: ProblemSlug, requestId: string): void {
  if (!route || problemsOf(route).includes(slug)) return;
  const undeclared = { operationId: route.operationId, slug, requestId };
  if (undeclaredProblems.length < UNDECLARED_PROBLEMS_KEPT) undeclaredProblems.push(undeclared);
  logger.error('answered a problem its route does not declare', undeclared);
}

function resolveRoute(event: APIGatewayProxyEvent): RouteSpec {
  const route = findRoute(event.httpMethod, event.resource);
  if (route) return route;
  const allowed = methodsByPath().get(event.resource);
  if (allowed) throw new MethodNotAllowedError(allowed);
  throw new RouteNotFoundError(event.path);
}

/**
 * An id longer than any we issue names nothing: 404 before any read (DynamoDB would refuse
 * the oversized key with a 500-class error). Checked after validation, like any unknown id.
 */
function refuseImpossibleIds(pathParameters: Record<string, string>): void {
  for (const [name, value] of Object.entries(pathParameters)) {
    if (value.length > LIMITS.idLength) throw new NotFoundError(name === 'id' ? 'Resource' : name, `${value.slice(0, 24)}…`);
  }
}

async function buildRequest(route: RouteSpec, event: APIGatewayProxyEvent, requestId: string): Promise<ApiRequest> {
  let caller: Caller | undefined;
  if (route.auth === 'apiKey') {
    caller = callerFrom(event);
    if (!rolesAllow(caller.roles, route.roles)) throw new ForbiddenError();
  }
  const pathParameters = Object.fromEntries(
    Object.entries(event.pathParameters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const query = route.query ? parseOrThrow(route.query, readQuery(event), '/query') : undefined;
  const form = route.signedFormBody && readTextBody(event, route.signedFormBody.maxBytes, 'application/x-www-form-urlencoded');
  const text = route.csvBody ? readTextBody(event, route.csvBody.maxBytes, 'text/csv') : form;
  const rawBody = readsBody(route) && text === undefined ? readJsonBody(event, route.bodyOptional === true || !route.body, !route.body) : undefined;
  const body = route.body ? parseOrThrow(route.body, rawBody) : undefined;
  if (!route.body && rawBody !== undefined) parseOrThrow(NoBody, rawBody);
  const idempotencyKey = route.idempotent ? readIdempotencyKey(event) : undefined;
  refuseImpossibleIds(pathParameters);
  return {
    route,
    caller,
    body,
    query,
    pathParameters,
    // A route without a body schema hashes no body: `{}` and none are the same request, and
    // keys stored before such routes read their body keep matching.
    idempotency: idempotencyKey === undefined ? undefined : {
      key: idempotencyKey, requestHash: requestHashOf(route, pathParameters, route.body ? rawBody : undefined),
    },
    ifMatchVersion: route.conditional ? readIfMatch(event) : undefined,
    text,
    header: (name: string) => headerValue(event, name),
    accept: headerValue(event, 'accept'),
    stagePath: event.requestContext?.path,
    requestId,
  } as ApiRequest;
}

/**
 * Builds the Lambda handler of one API function: finds the route (API Gateway's
 * `resource` + method), checks roles, parses and validates input, runs the operation,
 * and maps every error to problem+json, flagging a problem the route does not declare.
 * A request that fails here changes nothing, because validation runs before any operation.
 * Log lines of the invocation carry its request ids and tenant; its metrics are written before it returns.
 */
export function createApiHandler<F extends ApiFunctionName>(functionName: F, operations: NoInfer<Operations<F>>) {
  const table = operations as unknown as Record<string, (request: ApiRequest) => Promise<ApiResponse>>;
  const ownRoutes = (routes as readonly RouteSpec[]).filter((route) => route.functionName === functionName);
  return async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
    const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? 'local';
    beginRequest(event, context, requestId);
    try {
      return await answer(event, requestId);
    } finally {
      endRequest();
    }
  };

  async function answer(event: APIGatewayProxyEvent, requestId: string): Promise<APIGatewayProxyResult> {
    let route: RouteSpec | undefined;
    try {
      route = resolveRoute(event);
      const operation = ownRoutes.includes(route) ? table[route.operationId] : undefined;
      if (!operation) throw new MethodNotAllowedError(methodsByPath().get(event.resource) ?? []);
      const request = await buildRequest(route, event, requestId);
      const response = await observeMovement(route.operationId, () => operation(request));
      if ('text' in response) return { statusCode: response.status, headers: response.headers, body: response.text };
      return json(response.status, response.body, response.headers);
    } catch (error) {
      const mapped = problemFromError(error, requestId);
      if (mapped) {
        checkDeclared(route, mapped.slug, requestId);
        return problemResult(mapped.problem, mapped.headers);
      }
      logger.error('unhandled error', { requestId, resource: event.resource, method: event.httpMethod, error });
      return problemResult(internalProblem(requestId));
    }
  }
}
