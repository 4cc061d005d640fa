import { z } from 'zod';
import { SCOPE_TYPES } from '../domain/budgets/budget.js';
import { LIMITS } from '../domain/common/limits.js';
import { CHECK_ACTIONS } from '../domain/money/reads.js';
import {
  DEFAULT_HOLD_TTL_SECONDS, LEDGER_ENTRY_TYPES, MAX_HOLD_TTL_SECONDS, RESERVATION_STATUSES,
} from '../domain/money/records.js';
import type {
  AdjustmentRequest, ChargeRequest, CheckRequest, CorrectionRequest, ReserveRequest, UsageQuery, UsageRequest, UsageSummaryQuery as UsageSummaryRequest,
} from '../domain/money/requests.js';
import { USAGE_GROUPINGS } from '../domain/money/requests.js';
import { BUDGET_STATES } from '../domain/money/status.js';
import { ENFORCEMENT_MODES } from '../domain/budgets/budget.js';
import {
  Amount, AmountMicros, CurrencyCode, Cursor, Id, NonZeroSignedAmountMicros, PageLimit, QueryFlag, PositiveAmountMicros, SignedAmount, TimestampMs,
} from './common.js';

/** Money on the wire (API.md "Reservations", "Usage", "Adjustments", "Ledger", "Status", "Pre-flight check"). Request schemas hand the domain its own request types. */

const Label = z.string().trim().min(1).max(LIMITS.nameLength);
const Text = z.string().max(LIMITS.descriptionLength);
const Metadata = z
  .record(z.string().min(1).max(LIMITS.tagKeyLength), z.union([z.string().max(LIMITS.metadataValueLength), z.number(), z.boolean(), z.null()]))
  .refine((metadata) => Object.keys(metadata).length <= LIMITS.tagsMax, { message: `at most ${LIMITS.tagsMax} keys` })
  .meta({ description: 'Free-form key/value pairs, kept with the record.' });

export const CreateReservationBody = z
  .strictObject({
    amount: PositiveAmountMicros,
    currency: CurrencyCode.optional(),
    ttlSeconds: z.int().min(1).max(MAX_HOLD_TTL_SECONDS).default(DEFAULT_HOLD_TTL_SECONDS),
    description: Text.optional(),
    category: Label.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateReservation' })
  .transform(({ amount, ...rest }): ReserveRequest => ({ amountMicros: amount, ...rest }));
export type CreateReservationBody = z.output<typeof CreateReservationBody>;

export const ChargeBody = z
  .strictObject({ amount: AmountMicros.optional(), currency: CurrencyCode.optional() })
  .meta({ id: 'Charge' })
  .transform(({ amount, currency }): ChargeRequest => ({ amountMicros: amount, currency }));
export type ChargeBody = z.output<typeof ChargeBody>;

export const Reservation = z
  .object({
    id: z.string(),
    budgetId: z.string(),
    currency: z.string(),
    amount: Amount,
    status: z.enum(RESERVATION_STATUSES),
    overLimit: z.boolean(),
    periodKey: z.string(),
    expiresAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    chargedAmount: Amount.nullable(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    approvalId: z.string().nullable(),
  })
  .meta({ id: 'Reservation' });
export type Reservation = z.output<typeof Reservation>;

export const ReservationPage = z.object({ items: z.array(Reservation), nextCursor: z.string().nullable() }).meta({ id: 'ReservationPage' });

export const ListReservationsQuery = z.object({ status: z.enum(RESERVATION_STATUSES).optional(), limit: PageLimit, cursor: Cursor });
export type ListReservationsQuery = z.output<typeof ListReservationsQuery>;

export const CreateUsageBody = z
  .strictObject({
    amount: PositiveAmountMicros,
    currency: CurrencyCode.optional(),
    occurredAt: TimestampMs.optional(),
    category: Label.optional(),
    provider: Label.optional(),
    source: Label.optional(),
    description: Text.optional(),
    reference: Label.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateUsage' })
  .transform(({ amount, occurredAt, ...rest }): UsageRequest => ({ amountMicros: amount, occurredAtMs: occurredAt, ...rest }));
export type CreateUsageBody = z.output<typeof CreateUsageBody>;

export const Usage = z
  .object({
    id: z.string(),
    budgetId: z.string(),
    currency: z.string(),
    amount: Amount,
    occurredAt: z.string(),
    periodKey: z.string(),
    category: z.string().nullable(),
    provider: z.string().nullable(),
    source: z.string().nullable(),
    description: z.string().nullable(),
    reference: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .meta({ id: 'Usage' });
export type Usage = z.output<typeof Usage>;

export const UsagePage = z.object({ items: z.array(Usage), nextCursor: z.string().nullable() }).meta({ id: 'UsagePage' });

export const ListUsageQuery = z
  .object({
    from: TimestampMs.optional(),
    to: TimestampMs.optional(),
    category: z.string().min(1).max(LIMITS.nameLength).optional(),
    provider: z.string().min(1).max(LIMITS.nameLength).optional(),
    limit: PageLimit,
    cursor: Cursor,
  })
  .transform(({ from, to, ...rest }): UsageQuery => ({ fromMs: from, toMs: to, ...rest }));
export type ListUsageQuery = z.output<typeof ListUsageQuery>;

export const UsageSummaryQuery = z
  .object({
    from: TimestampMs.optional(),
    to: TimestampMs.optional(),
    groupBy: z.enum(USAGE_GROUPINGS).default('category'),
    includeDescendants: QueryFlag.default(false).meta({ description: 'Also count the usage (and charges) of every descendant, archived ones included.' }),
    includeCharges: QueryFlag.default(false).meta({ description: 'Also count charged reservations, at the time they were charged, under their category.' }),
  })
  .transform(({ from, to, ...rest }): UsageSummaryRequest => ({ fromMs: from, toMs: to, ...rest }));
export type UsageSummaryQuery = z.output<typeof UsageSummaryQuery>;

export const UsageSummary = z
  .object({
    total: Amount,
    count: z.int(),
    groups: z.array(z.object({ key: z.string(), amount: Amount, count: z.int() })),
  })
  .meta({ id: 'UsageSummary' });

export const CreateAdjustmentBody = z
  .strictObject({ amount: NonZeroSignedAmountMicros, reason: z.string().trim().min(1).max(LIMITS.descriptionLength), currency: CurrencyCode.optional() })
  .meta({ id: 'CreateAdjustment' })
  .transform(({ amount, ...rest }): AdjustmentRequest => ({ amountMicros: amount, ...rest }));
export type CreateAdjustmentBody = z.output<typeof CreateAdjustmentBody>;

export const CreateCorrectionBody = z
  .strictObject({
    periodKey: z.string().min(1).max(LIMITS.periodKeyLength).meta({ description: 'The period to correct: the current one or an earlier one.' }),
    spentDelta: NonZeroSignedAmountMicros,
    reason: z.string().trim().min(1).max(LIMITS.descriptionLength),
  })
  .meta({ id: 'CreateCorrection' })
  .transform(({ spentDelta, ...rest }): CorrectionRequest => ({ spentDeltaMicros: spentDelta, ...rest }));
export type CreateCorrectionBody = z.output<typeof CreateCorrectionBody>;

export const LedgerEntry = z
  .object({
    id: z.string(),
    budgetId: z.string(),
    type: z.enum(LEDGER_ENTRY_TYPES),
    amount: SignedAmount,
    spentDelta: SignedAmount,
    reservedDelta: SignedAmount,
    limitDelta: SignedAmount,
    reservationId: z.string().optional(),
    approvalId: z.string().optional(),
    usageId: z.string().optional(),
    reason: z.string().optional(),
    periodKey: z.string(),
    createdAt: z.string(),
    actor: z.string(),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.output<typeof LedgerEntry>;

export const LedgerPage = z.object({ items: z.array(LedgerEntry), nextCursor: z.string().nullable() }).meta({ id: 'LedgerPage' });
export const LedgerQuery = z.object({ periodKey: z.string().min(1).max(LIMITS.periodKeyLength).optional(), limit: PageLimit, cursor: Cursor });
export type LedgerQuery = z.output<typeof LedgerQuery>;

export const StatusQuery = z.object({ at: TimestampMs.optional() });

/** A period's figures as status, reports and the roll-up show them. */
export const PERIOD_FIGURE_FIELDS = {
  limit: SignedAmount,
  spent: SignedAmount,
  reserved: SignedAmount,
  available: SignedAmount,
  utilization: z.number(),
  state: z.enum(BUDGET_STATES),
};

export const BudgetStatus = z
  .object({
    budgetId: z.string(),
    currency: z.string(),
    period: z.object({ key: z.string(), start: z.string().nullable(), end: z.string().nullable() }),
    ...PERIOD_FIGURE_FIELDS,
    thresholdsCrossed: z.array(z.int()),
    asOf: z.string(),
  })
  .meta({ id: 'BudgetStatus' });
export type BudgetStatus = z.output<typeof BudgetStatus>;

export const CheckBody = z
  .strictObject({
    amount: AmountMicros,
    currency: CurrencyCode.optional(),
    budgetIds: z.array(Id).min(1).max(LIMITS.checkTargetsMax).optional(),
    scopes: z.array(z.strictObject({ type: z.enum(SCOPE_TYPES), id: z.string().min(1).max(LIMITS.scopeIdLength) })).min(1).max(LIMITS.checkTargetsMax).optional(),
  })
  .refine((body) => body.budgetIds !== undefined || body.scopes !== undefined, { message: 'name budgetIds or scopes' })
  .meta({ id: 'Check' })
  .transform(({ amount, ...rest }): CheckRequest => ({ amountMicros: amount, ...rest }));
export type CheckBody = z.output<typeof CheckBody>;

export const CheckResult = z
  .object({
    allowed: z.boolean(),
    decision: z.enum(CHECK_ACTIONS),
    results: z.array(z.object({
      budgetId: z.string(),
      available: SignedAmount,
      enforcement: z.enum(ENFORCEMENT_MODES),
      wouldExceed: z.boolean(),
      action: z.enum(CHECK_ACTIONS),
    })),
  })
  .meta({ id: 'CheckResult' });
