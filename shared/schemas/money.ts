import { z } from 'zod';
import { Amount, CurrencyCode, Cursor, LIMITS, PageLimit, SignedAmount, Timestamp } from './common.js';
import { SCOPE_TYPES } from './budgets.js';

export const RESERVATION_STATUSES = ['held', 'charged', 'released', 'expired', 'pending_approval', 'denied'] as const;
export const LEDGER_ENTRY_TYPES = ['reserve', 'charge', 'release', 'expire', 'usage', 'adjustment', 'rollover', 'correction'] as const;
export const DEFAULT_HOLD_TTL_SECONDS = 900;
export const MAX_HOLD_TTL_SECONDS = 604_800;
/** Usage may be reported slightly ahead of our clock, not more. */
export const MAX_USAGE_CLOCK_SKEW_MS = 5 * 60 * 1000;

const Label = z.string().trim().min(1).max(LIMITS.nameLength);
const Text = z.string().max(LIMITS.descriptionLength);
const Metadata = z
  .record(z.string().min(1).max(LIMITS.tagKeyLength), z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]))
  .refine((metadata) => Object.keys(metadata).length <= LIMITS.tagsMax, { message: `at most ${LIMITS.tagsMax} keys` })
  .meta({ description: 'Free-form key/value pairs, kept with the record.' });

export const CreateReservationBody = z
  .strictObject({
    amount: Amount,
    currency: CurrencyCode.optional(),
    ttlSeconds: z.int().min(1).max(MAX_HOLD_TTL_SECONDS).default(DEFAULT_HOLD_TTL_SECONDS),
    description: Text.optional(),
    category: Label.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateReservation' });
export type CreateReservationBody = z.output<typeof CreateReservationBody>;

export const ChargeBody = z.strictObject({ amount: Amount.optional(), currency: CurrencyCode.optional() }).meta({ id: 'Charge' });
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
    amount: Amount,
    currency: CurrencyCode.optional(),
    occurredAt: Timestamp.optional(),
    category: Label.optional(),
    provider: Label.optional(),
    source: Label.optional(),
    description: Text.optional(),
    reference: Label.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateUsage' });
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

export const ListUsageQuery = z.object({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  category: z.string().min(1).max(LIMITS.nameLength).optional(),
  provider: z.string().min(1).max(LIMITS.nameLength).optional(),
  limit: PageLimit,
  cursor: Cursor,
});
export type ListUsageQuery = z.output<typeof ListUsageQuery>;

export const UsageSummaryQuery = z.object({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  groupBy: z.enum(['category', 'provider', 'day', 'month']).default('category'),
});
export type UsageSummaryQuery = z.output<typeof UsageSummaryQuery>;

export const UsageSummary = z
  .object({
    total: Amount,
    count: z.int(),
    groups: z.array(z.object({ key: z.string(), amount: Amount, count: z.int() })),
  })
  .meta({ id: 'UsageSummary' });

export const CreateAdjustmentBody = z
  .strictObject({ amount: SignedAmount, reason: z.string().trim().min(1).max(LIMITS.descriptionLength), currency: CurrencyCode.optional() })
  .meta({ id: 'CreateAdjustment' });
export type CreateAdjustmentBody = z.output<typeof CreateAdjustmentBody>;

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
export const LedgerQuery = z.object({ periodKey: z.string().min(1).max(40).optional(), limit: PageLimit, cursor: Cursor });
export type LedgerQuery = z.output<typeof LedgerQuery>;

export const StatusQuery = z.object({ at: Timestamp.optional() });
export const BudgetStatus = z
  .object({
    budgetId: z.string(),
    currency: z.string(),
    period: z.object({ key: z.string(), start: z.string().nullable(), end: z.string().nullable() }),
    limit: SignedAmount,
    spent: SignedAmount,
    reserved: SignedAmount,
    available: SignedAmount,
    utilization: z.number(),
    state: z.enum(['healthy', 'warning', 'critical', 'exceeded']),
    thresholdsCrossed: z.array(z.int()),
    asOf: z.string(),
  })
  .meta({ id: 'BudgetStatus' });
export type BudgetStatus = z.output<typeof BudgetStatus>;

export const CheckBody = z
  .strictObject({
    amount: Amount,
    currency: CurrencyCode.optional(),
    budgetIds: z.array(z.string().min(1).max(100)).min(1).max(25).optional(),
    scopes: z.array(z.strictObject({ type: z.enum(SCOPE_TYPES), id: z.string().min(1).max(LIMITS.scopeIdLength) })).min(1).max(25).optional(),
  })
  .refine((body) => body.budgetIds !== undefined || body.scopes !== undefined, { message: 'name budgetIds or scopes' })
  .meta({ id: 'Check' });
export type CheckBody = z.output<typeof CheckBody>;

export const CheckResult = z
  .object({
    allowed: z.boolean(),
    decision: z.enum(['allow', 'warn', 'require_approval', 'block']),
    results: z.array(z.object({
      budgetId: z.string(),
      available: SignedAmount,
      enforcement: z.enum(['hard', 'soft', 'approval']),
      wouldExceed: z.boolean(),
      action: z.enum(['allow', 'warn', 'require_approval', 'block']),
    })),
  })
  .meta({ id: 'CheckResult' });
