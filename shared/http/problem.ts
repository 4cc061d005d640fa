import {
  BudgetArchivedError, BudgetExceededError, ConflictError, CurrencyMismatchError, ForbiddenError,
  IdempotencyKeyReuseError, NotFoundError, PreconditionFailedError, ReservationNotHeldError,
  UnauthorizedError, ValidationError,
} from '../domain/common/errors.js';
import { formatAmount } from '../domain/common/amount.js';
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

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

export function problem(slug: ProblemSlug, detail: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEM_TYPES[slug];
  return { type: PROBLEM_TYPE_BASE + slug, title, status, detail, ...extensions };
}

export interface ProblemResponse {
  problem: Problem;
  headers?: Record<string, string>;
}

/**
 * The one place where errors become problem+json. Anything not in the tree is a bug:
 * it is answered as `internal` without leaking its message, and reported to the caller's logger.
 */
export function problemFromError(error: unknown): ProblemResponse | undefined {
  if (error instanceof ValidationError) return { problem: problem('validation-error', error.message, { errors: error.errors }) };
  if (error instanceof UnauthorizedError) return { problem: problem('unauthorized', error.message) };
  if (error instanceof ForbiddenError) return { problem: problem('forbidden', error.message) };
  if (error instanceof NotFoundError || error instanceof RouteNotFoundError) return { problem: problem('not-found', error.message) };
  if (error instanceof MethodNotAllowedError) {
    return { problem: problem('method-not-allowed', error.message), headers: { Allow: error.allowedMethods.join(', ') } };
  }
  if (error instanceof BudgetExceededError) {
    return {
      problem: problem('budget-exceeded', error.message, {
        budgetId: error.budgetId,
        available: formatAmount(error.availableMicros),
        requested: formatAmount(error.requestedMicros),
      }),
    };
  }
  if (error instanceof ReservationNotHeldError) {
    return { problem: problem('reservation-not-held', error.message, { reservationStatus: error.reservationStatus }) };
  }
  if (error instanceof BudgetArchivedError) return { problem: problem('budget-archived', error.message, { budgetId: error.budgetId }) };
  if (error instanceof ConflictError) return { problem: problem('conflict', error.message) };
  if (error instanceof PreconditionFailedError) {
    return { problem: problem('precondition-failed', error.message, { currentVersion: error.currentVersion }) };
  }
  if (error instanceof PayloadTooLargeError) return { problem: problem('payload-too-large', error.message) };
  if (error instanceof UnsupportedMediaTypeError) return { problem: problem('unsupported-media-type', error.message) };
  if (error instanceof IdempotencyKeyReuseError) return { problem: problem('idempotency-key-reuse', error.message) };
  if (error instanceof CurrencyMismatchError) {
    return { problem: problem('currency-mismatch', error.message, { expected: error.expected, actual: error.actual }) };
  }
  return undefined;
}

export function internalProblem(): Problem {
  return problem('internal', 'Something went wrong on our side. The request may be retried.');
}
