/** What every domain area shares: exact amounts, currencies, ids, the error tree, named limits, and the ports every store needs. */
export { MAX_AMOUNT_MICROS, MAX_FRACTION_DIGITS, MICROS_PER_UNIT, amountPattern, formatAmount, parseAmount, toMicros, tryParseAmount, type AmountParseResult } from './amount.js';
export { CURRENCY_CODES, isCurrencyCode } from './currency.js';
export {
  BudgetArchivedError, BudgetExceededError, ConcurrentChangeError, ConflictError, CurrencyMismatchError, DomainError, ForbiddenError, IdempotencyKeyReuseError,
  NotFoundError, PreconditionFailedError, ReservationNotHeldError, UnauthorizedError, ValidationError, type FieldError,
} from './errors.js';
export { sortableId } from './ids.js';
export { answerRefusal, type KeyedAnswers } from './keyed.js';
export { LIMITS, type PageQuery } from './limits.js';
export { WriteConflict, type IdempotencyRequest, type IdempotencyStore, type IdempotentWrite, type Page, type StoredResponse } from './ports.js';
