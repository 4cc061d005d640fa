import type { AuditChanges } from '../audit/audit.js';
import type { BudgetRecord } from '../budgets/budget.js';
import type { ApprovalRecord } from '../money/approvals.js';
import type { LedgerEntryRecord, ReservationRecord, UsageRecord } from '../money/records.js';

/**
 * What erasure does to each record (API.md "Privacy"): free text becomes `[erased]`; ids,
 * amounts, periods, statuses and every counter stay, so status, the ledger's sums and reports
 * read the same after. Each function answers undefined when there is nothing (left) to erase,
 * which is what makes a second erasure change nothing.
 */
export const ERASED = '[erased]';

const text = (value: string | null | undefined) => (value === null || value === undefined || value === ERASED ? value : ERASED);
/** Metadata keeps its keys (a client's schema: `model`, `ticket`) and loses every value. */
const erasedValues = <T extends Record<string, unknown>>(values: T): Record<string, string> => Object.fromEntries(Object.keys(values).map((key) => [key, ERASED]));
/** `text` (the record's free text, erased) if it differs from what the record holds. */
const changed = <T extends object>(record: T, text: Partial<T>): Partial<T> | undefined =>
  Object.entries(text).some(([field, value]) => JSON.stringify(record[field as keyof T]) !== JSON.stringify(value)) ? text : undefined;
const merged = <T extends object>(record: T, text: Partial<T> | undefined): T | undefined => (text ? { ...record, ...text } : undefined);

/** A budget's name, description, scope id and tag values (tag keys stay: they are the tenant's vocabulary). */
export function erasedBudget(budget: BudgetRecord): Pick<BudgetRecord, 'name' | 'description' | 'scope' | 'tags'> | undefined {
  const erased = changed(budget, { name: ERASED, description: text(budget.description) ?? null, scope: { ...budget.scope, id: ERASED }, tags: erasedValues(budget.tags) });
  return erased as Pick<BudgetRecord, 'name' | 'description' | 'scope' | 'tags'> | undefined;
}

export function erasedUsage(usage: UsageRecord): UsageRecord | undefined {
  return merged(usage, changed(usage, { description: text(usage.description) ?? null, reference: text(usage.reference) ?? null, metadata: erasedValues(usage.metadata) }));
}

export function erasedReservation(reservation: ReservationRecord): ReservationRecord | undefined {
  return merged(reservation, changed(reservation, { description: text(reservation.description) ?? null, metadata: erasedValues(reservation.metadata) }));
}

/** A ledger entry's only free text is its `reason` (adjustments, corrections, an import's reference). */
export function erasedLedgerEntry(entry: LedgerEntryRecord): LedgerEntryRecord | undefined {
  return entry.reason === undefined ? undefined : merged(entry, changed(entry, { reason: ERASED }));
}

export function erasedApproval(approval: ApprovalRecord): ApprovalRecord | undefined {
  return merged(approval, changed(approval, { description: text(approval.description) ?? null, comment: text(approval.comment) ?? null }));
}

/** The audit fields that hold free text, by resource: their `from` and `to` are erased, the rest of the entry stays. */
export const AUDITED_TEXT_FIELDS = {
  budget: ['name', 'description', 'scope', 'tags'],
  approval: ['comment'],
  ledgerEntry: ['reason'],
} as const satisfies Record<string, readonly string[]>;

function erasedAuditValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (field === 'scope' && typeof value === 'object') return { ...(value as object), id: ERASED };
  if (field === 'tags' && typeof value === 'object') return erasedValues(value as Record<string, unknown>);
  return ERASED;
}

export function erasedAuditChanges(changes: AuditChanges, fields: readonly string[]): AuditChanges | undefined {
  const after: AuditChanges = { ...changes };
  for (const field of fields) {
    const change = changes[field];
    if (change) after[field] = { from: erasedAuditValue(field, change.from), to: erasedAuditValue(field, change.to) };
  }
  return JSON.stringify(changes) === JSON.stringify(after) ? undefined : after;
}
