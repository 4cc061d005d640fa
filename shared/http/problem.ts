import {
  BudgetArchivedError, BudgetExceededError, ConcurrentChangeError, ConflictError, CurrencyMismatchError, ForbiddenError,
  IdempotencyKeyReuseError, NotFoundError, PreconditionFailedError, ReservationNotHeldError,
  UnauthorizedError, ValidationError,
} from '../domain/common/errors.js';
import { formatAmount } from '../domain/common/amount.js';
import { LIMITS } from '../domain/common/limits.js';
import type { StoredResponse } from '../domain/common/ports.js';
import { MethodNotAllowedError, PayloadTooLargeError, RouteNotFoundError, UnsupportedMediaTypeError } from './errors.js';

/** Problem type URIs end in one of these slugs (API.md); clients match on the slug. */
export const PROBLEM_TYPE_BASE = 'https://budget-service.dev/problems/';

export const PROBLEM_TYPES = {
  'validation-error': { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'budget-exceeded': { status: 409, title: 'Budget exceeded' },
  'reservation-not-held': { status: 409, title: 'Reservation is not held' },
  'budget-archived': { status: 409, title: 'Budget is archived' },
  conflict: { status: 409, title: 'Conflict' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'idempotency-key-reuse': { status: 422, title: 'Idempotency key reused' },
  'currency-mismatch': { status: 422, title: 'Currency mismatch' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
} as const;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

/** What only the HTTP edge (the handler wrapper or API Gateway) answers; the domain never raises these. */
type EdgeProblemSlug = 'method-not-allowed' | 'payload-too-large' | 'unsupported-media-type' | 'rate-limited' | 'internal';
/** What a route may declare: the problems raised by the domain code its operation calls. */
export type DomainProblemSlug = Exclude<ProblemSlug, EdgeProblemSlug>;

/** The request id of the examples: what API Gateway's `$context.requestId` looks like. */
const EXAMPLE_REQUEST_ID = '5f0c7e1a-3b9d-4c2e-8a6f-1d4b7e9c2a30';
const EXAMPLE_BUDGET_ID = 'bud_01KB2M7Q8R4T6V9X2Z5C8E1G3J';

/**
 * One realistic answer per problem type, for the OpenAPI document. Each is what
 * {@link problemFromError} makes of a real error, so an example cannot show an
 * extension the API does not send, nor miss one it does.
 */
export const PROBLEM_EXAMPLES: Readonly<Record<ProblemSlug, Problem>> = {
  'validation-error': exampleOf(new ValidationError([
    { pointer: '/amount', detail: 'amount must have at most 6 digits after the point' },
    { pointer: '/currency', detail: 'must be an ISO 4217 alphabetic currency code such as "USD"' },
  ])),
  unauthorized: exampleOf(new UnauthorizedError()),
  forbidden: exampleOf(new ForbiddenError()),
  'not-found': exampleOf(new NotFoundError('Budget', EXAMPLE_BUDGET_ID)),
  'method-not-allowed': exampleOf(new MethodNotAllowedError(['GET', 'POST'])),
  'budget-exceeded': exampleOf(new BudgetExceededError(EXAMPLE_BUDGET_ID, 12_500_000n, 30_000_000n)),
  'reservation-not-held': exampleOf(new ReservationNotHeldError('res_01KB2MA3D5F7H9K1M3P5R7T9V1', 'charged')),
  'budget-archived': exampleOf(new BudgetArchivedError(EXAMPLE_BUDGET_ID)),
  conflict: exampleOf(new ConflictError(`Budget ${EXAMPLE_BUDGET_ID} has 2 active child budget(s); archive or move them first.`)),
  'precondition-failed': exampleOf(new PreconditionFailedError(4)),
  'payload-too-large': exampleOf(new PayloadTooLargeError(LIMITS.bodyBytesMax)),
  'unsupported-media-type': exampleOf(new UnsupportedMediaTypeError()),
  'idempotency-key-reuse': exampleOf(new IdempotencyKeyReuseError()),
  'currency-mismatch': exampleOf(new CurrencyMismatchError('USD', 'EUR')),
  // Only API Gateway throttles (no error class): the detail of its gateway response.
  'rate-limited': problem('rate-limited', 'Too many requests; retry after a short pause.', {}, EXAMPLE_REQUEST_ID),
  internal: internalProblem(EXAMPLE_REQUEST_ID),
};

function exampleOf(error: Error): Problem {
  const answer = problemFromError(error, EXAMPLE_REQUEST_ID);
  if (!answer) throw new Error(`${error.name} has no problem type`);
  return answer.problem;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

/**
 * The one builder of problem+json bodies (handlers, the local server, API Gateway's
 * gateway responses). `requestId`, when there is one, lets a client quote the request
 * that failed; it comes last, after the type's own extensions.
 */
export function problem(slug: ProblemSlug, detail: string, extensions: Record<string, unknown> = {}, requestId?: string): Problem {
  const { status, title } = PROBLEM_TYPES[slug];
  return { type: PROBLEM_TYPE_BASE + slug, title, status, detail, ...extensions, ...(requestId !== undefined && { requestId }) };
}

export interface ProblemResponse {
  slug: ProblemSlug;
  problem: Problem;
  headers?: Record<string, string>;
}

/**
 * The one place where errors become problem+json. Anything not in the tree is a bug:
 * the caller answers it as `internal` without leaking its message, and logs it.
 */
export function problemFromError(error: unknown, requestId?: string): ProblemResponse | undefined {
  const answer = (slug: ProblemSlug, extensions?: Record<string, unknown>, headers?: Record<string, string>): ProblemResponse => ({
    slug,
    problem: problem(slug, (error as Error).message, extensions, requestId),
    ...(headers && { headers }),
  });
  if (error instanceof ValidationError) return answer('validation-error', { errors: error.errors });
  if (error instanceof UnauthorizedError) return answer('unauthorized');
  if (error instanceof ForbiddenError) return answer('forbidden');
  if (error instanceof NotFoundError || error instanceof RouteNotFoundError) return answer('not-found');
  if (error instanceof MethodNotAllowedError) return answer('method-not-allowed', {}, { Allow: error.allowedMethods.join(', ') });
  if (error instanceof BudgetExceededError) {
    return answer('budget-exceeded', {
      budgetId: error.budgetId,
      available: formatAmount(error.availableMicros),
      requested: formatAmount(error.requestedMicros),
    });
  }
  if (error instanceof ReservationNotHeldError) return answer('reservation-not-held', { reservationStatus: error.reservationStatus });
  if (error instanceof BudgetArchivedError) return answer('budget-archived', { budgetId: error.budgetId });
  if (error instanceof ConflictError) return answer('conflict');
  if (error instanceof PreconditionFailedError) return answer('precondition-failed', { currentVersion: error.currentVersion });
  if (error instanceof PayloadTooLargeError) return answer('payload-too-large');
  if (error instanceof UnsupportedMediaTypeError) return answer('unsupported-media-type');
  if (error instanceof IdempotencyKeyReuseError) return answer('idempotency-key-reuse');
  if (error instanceof CurrencyMismatchError) return answer('currency-mismatch', { expected: error.expected, actual: error.actual });
  return undefined;
}

export function internalProblem(requestId?: string): Problem {
  return problem('internal', 'Something went wrong on our side. The request may be retried.', {}, requestId);
}

/**
 * Refusals that answer a keyed request for good (API.md, Idempotency): a domain decision
 * such as 409 or 422. Not what decided nothing (400, 404), not a race worth retrying, and
 * not `idempotency-key-reuse`, which is about the key, not the request.
 */
const STORED_REFUSALS: ReadonlySet<ProblemSlug> = new Set(['budget-exceeded', 'reservation-not-held', 'budget-archived', 'conflict', 'currency-mismatch']);

/** The refusal as the client receives it (same body, same request id), to store and replay; undefined when it is not an answer. */
export function refusalToStore(error: unknown, requestId: string): StoredResponse | undefined {
  if (error instanceof ConcurrentChangeError) return undefined;
  const mapped = problemFromError(error, requestId);
  if (!mapped || !STORED_REFUSALS.has(mapped.slug)) return undefined;
  return { status: mapped.problem.status, body: mapped.problem, headers: { 'Content-Type': 'application/problem+json', ...mapped.headers } };
}
