import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type {
  APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult, APIGatewayTokenAuthorizerEvent, Context,
} from 'aws-lambda';
import { GATEWAY_PROBLEMS, GATEWAY_SETTINGS, gatewayProblemTemplate } from '../shared/http/gateway.js';
import { findRoute, methodsByPath } from '../shared/http/route-queries.js';
import { logger } from '../shared/observability/logger.js';
import { lambdaContext, loadHandler } from './functions.js';

/**
 * A small emulation of API Gateway (REST) in front of the real Lambda handlers (the entries
 * of functions/catalog.ts that the route table names, and the authorizer): resource
 * matching from the route table, the TOKEN authorizer with its result cache, stage
 * throttling, per-key throttling (what the usage plans do in AWS), and gateway responses as
 * problem+json, so `npm start` behaves like AWS.
 */

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type TokenAuthorizer = (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** API Gateway's own limit on request payloads; the handlers enforce the API's 64 KiB. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string | null;
  sourceIp: string;
}

interface CompiledPath {
  resource: string;
  pattern: RegExp;
  parameterNames: string[];
}

function compilePaths(): CompiledPath[] {
  return [...methodsByPath().keys()].map((resource) => {
    const parameterNames: string[] = [];
    const pattern = resource.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, name: string) => {
      parameterNames.push(name);
      return '([^/]+)';
    });
    return { resource, pattern: new RegExp(`^${pattern}/?$`), parameterNames };
  });
}

function gatewayProblem(responseType: string, requestId: string): APIGatewayProxyResult {
  const entry = GATEWAY_PROBLEMS.find((problem) => problem.responseType === responseType) ?? GATEWAY_PROBLEMS.find((problem) => problem.responseType === 'DEFAULT_5XX')!;
  const body = gatewayProblemTemplate(entry.slug, entry.detail).replace('$context.requestId', requestId);
  return { statusCode: (JSON.parse(body) as { status: number }).status, headers: { 'Content-Type': 'application/problem+json', ...entry.headers }, body };
}

/** Token bucket with API Gateway's rate and burst. */
class TokenBucket {
  private tokens: number;
  private lastRefillMs = Date.now();
  constructor(readonly ratePerSecond: number, readonly burst: number) {
    this.tokens = burst;
  }
  take(): boolean {
    const nowMs = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastRefillMs) / 1000) * this.ratePerSecond);
    this.lastRefillMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Buckets kept at most; past it they start again full (a forgotten bucket is an idle key's). */
const KEY_BUCKETS_MAX = 10_000;

type AuthorizerContext = Record<string, string | number | boolean>;

export class LocalGateway {
  private readonly paths = compilePaths();
  /** token → authorizer result, as API Gateway caches it (successful results only). */
  private readonly authorizerCache = new Map<string, { context: AuthorizerContext; expiresAtMs: number }>();
  private readonly throttle = new TokenBucket(GATEWAY_SETTINGS.throttleRateLimitPerSecond, GATEWAY_SETTINGS.throttleBurstLimit);
  /** One bucket per key, as a usage plan meters each key on its own: one key's traffic never drains another's. */
  private readonly keyBuckets = new Map<string, TokenBucket>();
  private readonly authorizationPattern = new RegExp(GATEWAY_SETTINGS.authorizationHeaderPattern);

  /** Locally a revoked key stops working at once: revocation flushes the cache (in AWS it lasts the TTL). */
  flushAuthorizerCache(): void {
    this.authorizerCache.clear();
  }

  async handle(request: GatewayRequest): Promise<APIGatewayProxyResult> {
    const requestId = randomUUID();
    if (!this.throttle.take()) return gatewayProblem('THROTTLED', requestId);
    const url = new URL(request.url, 'http://localhost');
    const matched = this.match(url.pathname);
    if (!matched) return gatewayProblem('MISSING_AUTHENTICATION_TOKEN', requestId);
    const route = findRoute(request.method, matched.resource);

    let authorizer: AuthorizerContext | undefined;
    if (route?.auth === 'apiKey') {
      const outcome = await this.authorize(headerOf(request.headers, 'authorization'), requestId);
      if ('refused' in outcome) return outcome.refused;
      authorizer = outcome.context;
      // As with apiKeyRequired in AWS: no usage identifier, no access.
      if (typeof authorizer.usageIdentifierKey !== 'string') return gatewayProblem('ACCESS_DENIED', requestId);
      if (!this.keyBucket(authorizer).take()) return gatewayProblem('THROTTLED', requestId);
    }

    const event = this.toEvent(request, url, matched, requestId, authorizer);
    const functionName = route?.functionName ?? 'health';
    const handler = await loadHandler<ProxyHandler>(functionName);
    try {
      const result = await handler(event, lambdaContext(functionName));
      const keyChanged = (route?.operationId === 'revokeApiKey' && result.statusCode === 204) || (route?.operationId === 'rotateApiKey' && result.statusCode === 201);
      if (keyChanged) this.flushAuthorizerCache();
      return result;
    } catch (error) {
      logger.error('function failed', { functionName, error });
      return gatewayProblem('DEFAULT_5XX', requestId);
    }
  }

  /** The key's bucket, at the limit the authorizer gave it (a changed limit starts a new bucket). */
  private keyBucket(context: AuthorizerContext): TokenBucket {
    const id = String(context.usageIdentifierKey);
    const ratePerSecond = Number(context.rateLimitPerSecond);
    const burst = Number(context.rateLimitBurst);
    const existing = this.keyBuckets.get(id);
    if (existing && existing.ratePerSecond === ratePerSecond && existing.burst === burst) return existing;
    if (this.keyBuckets.size >= KEY_BUCKETS_MAX) this.keyBuckets.clear();
    const bucket = new TokenBucket(ratePerSecond, burst);
    this.keyBuckets.set(id, bucket);
    return bucket;
  }

  private match(pathname: string): { resource: string; pathParameters: Record<string, string> } | undefined {
    for (const path of this.paths) {
      const found = path.pattern.exec(pathname);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      try {
        path.parameterNames.forEach((name, index) => {
          pathParameters[name] = decodeURIComponent(found[index + 1] ?? '');
        });
      } catch {
        // A malformed percent-encoding names no resource: the gateway's 404, never a 5xx.
        return undefined;
      }
      return { resource: path.resource, pathParameters };
    }
    return undefined;
  }

  private async authorize(header: string | undefined, requestId: string): Promise<{ context: AuthorizerContext } | { refused: APIGatewayProxyResult }> {
    if (header === undefined || !this.authorizationPattern.test(header)) return { refused: gatewayProblem('UNAUTHORIZED', requestId) };
    const cached = this.authorizerCache.get(header);
    if (cached && cached.expiresAtMs > Date.now()) return { context: cached.context };
    const event: APIGatewayTokenAuthorizerEvent = {
      type: 'TOKEN',
      authorizationToken: header,
      methodArn: 'arn:aws:execute-api:local:000000000000:local/local/GET/v1',
    };
    const authorizerHandler = await loadHandler<TokenAuthorizer>('authorizer');
    let result: APIGatewayAuthorizerResult;
    try {
      result = await authorizerHandler(event);
    } catch (error) {
      if ((error as Error).message === 'Unauthorized') return { refused: gatewayProblem('UNAUTHORIZED', requestId) };
      logger.error('authorizer failed', { error });
      return { refused: gatewayProblem('AUTHORIZER_FAILURE', requestId) };
    }
    if (result.policyDocument.Statement.some((statement) => statement.Effect === 'Deny')) return { refused: gatewayProblem('ACCESS_DENIED', requestId) };
    const context: AuthorizerContext = {
      ...(result.context ?? {}), principalId: result.principalId, ...(typeof result.usageIdentifierKey === 'string' && { usageIdentifierKey: result.usageIdentifierKey }),
    };
    this.authorizerCache.set(header, { context, expiresAtMs: Date.now() + GATEWAY_SETTINGS.authorizerCacheTtlSeconds * 1000 });
    return { context };
  }

  private toEvent(
    request: GatewayRequest,
    url: URL,
    matched: { resource: string; pathParameters: Record<string, string> },
    requestId: string,
    authorizer: AuthorizerContext | undefined,
  ): APIGatewayProxyEvent {
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      headers[name] = values.join(',');
      multiValueHeaders[name] = values;
    }
    const multiValueQuery: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) (multiValueQuery[name] ??= []).push(value);
    const hasQuery = Object.keys(multiValueQuery).length > 0;
    return {
      resource: matched.resource,
      path: url.pathname,
      httpMethod: request.method,
      headers,
      multiValueHeaders,
      queryStringParameters: hasQuery ? Object.fromEntries(Object.entries(multiValueQuery).map(([name, values]) => [name, values[values.length - 1] ?? ''])) : null,
      multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
      pathParameters: Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : null,
      stageVariables: null,
      body: request.body,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: authorizer ?? null,
        protocol: 'HTTP/1.1',
        httpMethod: request.method,
        identity: { sourceIp: request.sourceIp } as APIGatewayProxyEvent['requestContext']['identity'],
        path: url.pathname,
        stage: 'local',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: matched.resource,
      },
    };
  }
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
