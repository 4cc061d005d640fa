/**
 * The domain's error tree. Each error carries the context a caller needs; the HTTP
 * layer maps the tree to problem+json in one place (`shared/http/problem.ts`).
 */

export interface FieldError {
  /** JSON Pointer into the request body (`/limit`), or `/query/<name>` for query parameters. */
  pointer: string;
  detail: string;
}

export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[], message = 'The request is not valid.') {
    super(message);
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid API key is required.') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'This API key does not allow this operation.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends DomainError {
  readonly resource: string;
  readonly id: string;
  constructor(resource: string, id: string) {
    super(`${resource} ${id} was not found.`);
    this.name = 'NotFoundError';
    this.resource = resource;
    this.id = id;
  }
}

/** A state conflict: archiving a budget with active children, a cycle in parents, a duplicate id. */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * A conflict with a concurrent writer that a retry may not meet again: it is not an answer
 * to the request, so it is never stored for idempotent replay.
 */
export class ConcurrentChangeError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = 'ConcurrentChangeError';
  }
}

export class BudgetArchivedError extends DomainError {
  readonly budgetId: string;
  constructor(budgetId: string) {
    super(`Budget ${budgetId} is archived.`);
    this.name = 'BudgetArchivedError';
    this.budgetId = budgetId;
  }
}

export class BudgetExceededError extends DomainError {
  readonly budgetId: string;
  readonly availableMicros: bigint;
  readonly requestedMicros: bigint;
  constructor(budgetId: string, availableMicros: bigint, requestedMicros: bigint) {
    super(`Budget ${budgetId} does not have room for this amount.`);
    this.name = 'BudgetExceededError';
    this.budgetId = budgetId;
    this.availableMicros = availableMicros;
    this.requestedMicros = requestedMicros;
  }
}

export class ReservationNotHeldError extends DomainError {
  readonly reservationStatus: string;
  constructor(reservationId: string, reservationStatus: string) {
    super(`Reservation ${reservationId} is ${reservationStatus}, not held.`);
    this.name = 'ReservationNotHeldError';
    this.reservationStatus = reservationStatus;
  }
}

export class PreconditionFailedError extends DomainError {
  readonly currentVersion: number;
  constructor(currentVersion: number) {
    super(`The resource is at version ${currentVersion}; If-Match does not match.`);
    this.name = 'PreconditionFailedError';
    this.currentVersion = currentVersion;
  }
}

export class IdempotencyKeyReuseError extends DomainError {
  constructor() {
    super('This Idempotency-Key was already used with a different request.');
    this.name = 'IdempotencyKeyReuseError';
  }
}

export class CurrencyMismatchError extends DomainError {
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string) {
    super(`Expected currency ${expected}, got ${actual}.`);
    this.name = 'CurrencyMismatchError';
    this.expected = expected;
    this.actual = actual;
  }
}
