import type { ActualDayRecord, ChainPeriod, CounterRecord, LedgerEntryRecord, ReservationRecord, UsageRecord } from '../../../domain/money/index.js';
import { toMicros } from '../../../domain/common/index.js';
import { expiryShardOf } from '../expiry-index.js';
import { keys } from '../keys.js';
import { GSI1, GSI2 } from '../table.js';

/** Money items and their keys: domain records to DynamoDB items and back, exactly (micro-units as numbers). */

export const counterKey = (tenantId: string, link: ChainPeriod) => ({ pk: keys.budgetMoneyPk(tenantId, link.budgetId), sk: keys.counterSk(link.periodKey) });
/** How counters are keyed in maps: budget and period. */

export function reservationItem(reservation: ReservationRecord): Record<string, unknown> {
  return {
    pk: keys.reservationPk(reservation.tenantId, reservation.id),
    sk: keys.reservationSk(),
    entity: 'reservation',
    [GSI1.partitionKey]: keys.reservationsByBudgetPk(reservation.tenantId, reservation.budgetId),
    [GSI1.sortKey]: reservation.id,
    ...(reservation.status === 'held' && {
      [GSI2.partitionKey]: keys.heldByExpiryPk(expiryShardOf(reservation.id)),
      [GSI2.sortKey]: keys.heldByExpirySk(reservation.expiresAtMs, reservation.tenantId, reservation.id),
    }),
    ...reservation,
  };
}

export function reservationFrom(item: Record<string, unknown>): ReservationRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    currency: String(item.currency),
    amountMicros: toMicros(item.amountMicros),
    status: item.status as ReservationRecord['status'],
    overLimit: Boolean(item.overLimit),
    periodKey: String(item.periodKey),
    chain: item.chain as ChainPeriod[],
    expiresAtMs: Number(item.expiresAtMs),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    chargedMicros: item.chargedMicros === null || item.chargedMicros === undefined ? null : toMicros(item.chargedMicros),
    description: (item.description as string | null) ?? null,
    category: (item.category as string | null) ?? null,
    metadata: (item.metadata as Record<string, unknown>) ?? {},
    approvalId: (item.approvalId as string | null) ?? null,
    ...(item.requestedTtlSeconds !== undefined && { requestedTtlSeconds: Number(item.requestedTtlSeconds) }),
    ...(Array.isArray(item.closedWhenHeld) && { closedWhenHeld: item.closedWhenHeld.map(String) }),
    actor: String(item.actor),
    ...(item.textErased === true && { textErased: true }),
  };
}

export function ledgerFrom(item: Record<string, unknown>): LedgerEntryRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    type: item.type as LedgerEntryRecord['type'],
    amountMicros: toMicros(item.amountMicros),
    spentDeltaMicros: toMicros(item.spentDeltaMicros),
    reservedDeltaMicros: toMicros(item.reservedDeltaMicros),
    limitDeltaMicros: toMicros(item.limitDeltaMicros),
    periodKey: String(item.periodKey),
    chain: item.chain as ChainPeriod[],
    ...(typeof item.reservationId === 'string' && { reservationId: item.reservationId }),
    ...(typeof item.approvalId === 'string' && { approvalId: item.approvalId }),
    ...(typeof item.usageId === 'string' && { usageId: item.usageId }),
    ...(typeof item.reason === 'string' && { reason: item.reason }),
    createdAt: String(item.createdAt),
    actor: String(item.actor),
  };
}

export function usageFrom(item: Record<string, unknown>): UsageRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    currency: String(item.currency),
    amountMicros: toMicros(item.amountMicros),
    occurredAt: String(item.occurredAt),
    periodKey: String(item.periodKey),
    category: (item.category as string | null) ?? null,
    provider: (item.provider as string | null) ?? null,
    source: (item.source as string | null) ?? null,
    description: (item.description as string | null) ?? null,
    reference: (item.reference as string | null) ?? null,
    metadata: (item.metadata as Record<string, unknown>) ?? {},
    createdAt: String(item.createdAt),
  };
}

export function counterFrom(item: Record<string, unknown>): CounterRecord {
  return {
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    baseLimitMicros: toMicros(item.baseLimitMicros ?? 0),
    limitDeltaMicros: toMicros(item.limitDeltaMicros ?? 0),
    spentMicros: toMicros(item.spentMicros ?? 0),
    reservedMicros: toMicros(item.reservedMicros ?? 0),
    availableMicros: toMicros(item.availableMicros ?? 0),
    movementCount: Number(item.movementCount ?? 0),
    unheldSpentMicros: toMicros(item.unheldSpentMicros ?? 0),
    closed: item.closedAtMs === undefined ? null : {
      closedAtMs: Number(item.closedAtMs),
      limitMicros: toMicros(item.closedLimitMicros ?? 0),
      spentMicros: toMicros(item.closedSpentMicros ?? 0),
      reservedMicros: toMicros(item.closedReservedMicros ?? 0),
      unheldSpentMicros: toMicros(item.closedUnheldSpentMicros ?? 0),
      rolloverOutMicros: toMicros(item.rolloverOutMicros ?? 0),
    },
  };
}

export function ledgerItem(tenantId: string, entry: LedgerEntryRecord): Record<string, unknown> {
  return { pk: keys.budgetMoneyPk(tenantId, entry.budgetId), sk: keys.ledgerSk(entry.id), entity: 'ledger', ...entry };
}

export function usageItem(tenantId: string, usage: UsageRecord): Record<string, unknown> {
  return { pk: keys.budgetMoneyPk(tenantId, usage.budgetId), sk: keys.usageSk(usage.occurredAt, usage.id), entity: 'usage', ...usage };
}

export function actualDayItem(record: ActualDayRecord): Record<string, unknown> {
  return { pk: keys.actualDaysPk(record.tenantId, record.budgetId), sk: keys.actualDaySk(record.date), entity: 'actualDay', ...record };
}

export function actualDayOf(item: Record<string, unknown>): ActualDayRecord {
  return {
    tenantId: String(item.tenantId), budgetId: String(item.budgetId), date: String(item.date), amountMicros: toMicros(item.amountMicros),
    source: item.source as ActualDayRecord['source'], mode: item.mode as ActualDayRecord['mode'], importedAt: String(item.importedAt), revision: Number(item.revision),
  };
}
