import { problem, type ProblemSlug } from './problem.js';

/**
 * API Gateway settings shared by the CDK stack and the local server, so the local
 * emulation behaves like the deployed gateway.
 */
export const GATEWAY_SETTINGS = {
  /** How long API Gateway caches an authorizer result: a revoked key works for at most this long in AWS. */
  authorizerCacheTtlSeconds: 60,
  /**
   * Stage-wide throttling (requests per second, burst): API Gateway's account ceiling, so
   * only the per-key limits (usage plans) bind, and one tenant's traffic is never another's.
   */
  throttleRateLimitPerSecond: 10_000,
  throttleBurstLimit: 5_000,
  /** Only `Bearer <key>` reaches the authorizer; anything else is 401 at the gateway. */
  authorizationHeaderPattern: '^Bearer [A-Za-z0-9._~-]{1,512}$',
} as const;

/**
 * API Gateway's own errors (gateway responses) rendered as problem+json with the slugs of
 * API.md. `MISSING_AUTHENTICATION_TOKEN` is what the gateway answers for an unknown path,
 * so it becomes a 404. Templates use `$context` variables only: no user input is echoed.
 */
export const GATEWAY_PROBLEMS: ReadonlyArray<{ responseType: string; slug: ProblemSlug; detail: string; headers?: Record<string, string> }> = [
  { responseType: 'UNAUTHORIZED', slug: 'unauthorized', detail: 'A valid API key is required: Authorization: Bearer <key>.' },
  { responseType: 'ACCESS_DENIED', slug: 'forbidden', detail: 'This API key does not allow this operation.' },
  // A key not (yet) in a usage plan: its first use enrols it, so a retry a moment later passes.
  { responseType: 'INVALID_API_KEY', slug: 'forbidden', detail: 'This API key is not enabled for requests yet; retry in a moment.' },
  { responseType: 'MISSING_AUTHENTICATION_TOKEN', slug: 'not-found', detail: 'No route matches this path.' },
  { responseType: 'RESOURCE_NOT_FOUND', slug: 'not-found', detail: 'No route matches this path.' },
  // Every key's rate is at least 1 request/s, so a second always refills a token.
  { responseType: 'THROTTLED', slug: 'rate-limited', detail: "Too many requests for this API key; retry after the Retry-After seconds.", headers: { 'Retry-After': '1' } },
  { responseType: 'QUOTA_EXCEEDED', slug: 'rate-limited', detail: 'The request quota is exhausted.' },
  { responseType: 'REQUEST_TOO_LARGE', slug: 'payload-too-large', detail: 'The request body is too large.' },
  { responseType: 'UNSUPPORTED_MEDIA_TYPE', slug: 'unsupported-media-type', detail: 'The request body must be JSON.' },
  { responseType: 'BAD_REQUEST_BODY', slug: 'validation-error', detail: 'The request body is not valid.' },
  { responseType: 'BAD_REQUEST_PARAMETERS', slug: 'validation-error', detail: 'The request parameters are not valid.' },
  { responseType: 'AUTHORIZER_FAILURE', slug: 'internal', detail: 'The authorizer failed; the request may be retried.' },
  { responseType: 'AUTHORIZER_CONFIGURATION_ERROR', slug: 'internal', detail: 'The authorizer failed; the request may be retried.' },
  { responseType: 'DEFAULT_5XX', slug: 'internal', detail: 'Something went wrong on our side. The request may be retried.' },
];

/**
 * The problem+json body template of a gateway response (API Gateway mapping template syntax):
 * API Gateway substitutes `$context.requestId` when it answers.
 */
export function gatewayProblemTemplate(slug: ProblemSlug, detail: string): string {
  return JSON.stringify(problem(slug, detail, {}, '$context.requestId'));
}
