import { randomUUID } from 'node:crypto';
import { toMicros } from '../../../domain/common/index.js';
import type { ChainPeriod, CounterBasis, CounterMove, MovementOutcome, MovementWrite } from '../../../domain/money/index.js';
import { approvalItem } from '../approval-store.js';
import { auditPut } from '../audit-store.js';
import type { TableContext } from '../client.js';
import { idempotencyRecordPut } from '../idempotency.js';
import { TransactionCancelled, transactWrite, type TransactItem } from '../transact.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { actualDayItem, counterKey, ledgerItem, reservationItem, usageItem } from './codecs.js';
import { periodCloseItems } from './closing.js';
import { keys } from '../keys.js';

/**
 * The movement writer. A movement is one TransactWriteItems: each counter it moves, its
 * ledger entries, the reservation or usage record, the approval and the idempotency
 * record. Nothing is read first: hard budgets are guarded by conditions on the stored
 * headroom, and a refused condition comes back as the domain's answer (which budget, how
 * much room), read from the item DynamoDB returns with the failure (ALL_OLD).
 */

/**
 * The counter update. `available` is kept as its own attribute because a condition cannot
 * add. On the period's first write the item is created from the budget's limit.
 *
 *   guarded (hard):  refuse unless  available − decrease ≥ 0   (or, new item: limit − decrease ≥ 0)
 */
function counterUpdate(table: TableContext, tenantId: string, move: CounterMove): TransactItem {
  // The spend breakdown reads a counter's labels with every change of spent: a spend without a
  // date would leave the previous movement's category on it and count this one under it.
  if (move.spentDeltaMicros !== 0n && move.spentAtMs === undefined) throw new Error(`counter move of ${move.budgetId} ${move.periodKey} changes spent without spentAtMs`);
  const availableDelta = move.limitDeltaMicros - move.spentDeltaMicros - move.reservedDeltaMicros;
  const decrease = -availableDelta;
  const guard = move.guarded && decrease > 0n;
  // The lowest `available` the counter may hold before this move: the move's decrease, less
  // any overdraft the domain allowed (an automatically approved overrun).
  const floor = decrease - (move.overdraftMicros ?? 0n);
  const cut = move.limitDeltaMicros < 0n ? -move.limitDeltaMicros : 0n;
  const versioned = move.budgetVersion !== undefined;
  const conditions = [
    // The write proves what it read: the counter's facts came from the budget version the move was decided on.
    ...(versioned ? ['(attribute_not_exists(pk) OR budgetVersion = :version)'] : []),
    ...(move.requireOpen ? ['attribute_not_exists(closedAtMs)'] : []),
    ...(guard ? ['((attribute_not_exists(availableMicros) AND :freshFits = :true) OR availableMicros >= :floor)'] : []),
    // No write may take the period's effective limit below zero (a counter created before
    // `limitMicros` existed is checked from its next write on).
    ...(cut > 0n ? ['(attribute_not_exists(limitMicros) AND :freshLimitFits = :true OR limitMicros >= :cut)'] : []),
  ];
  return {
    Update: {
      TableName: table.tableName,
      Key: counterKey(tenantId, move),
      UpdateExpression:
        'SET availableMicros = if_not_exists(availableMicros, :base) + :availableDelta, baseLimitMicros = if_not_exists(baseLimitMicros, :base), '
        + 'limitMicros = if_not_exists(limitMicros, :base) + :limit, '
        + 'entity = :entity, tenantId = :tenantId, budgetId = :budgetId, periodKey = :periodKey'
        + (versioned ? ', budgetVersion = :version' : '')
        + (move.spentAtMs !== undefined ? ', spentAtMs = :spentAt, spentCategory = :spentCategory, spentProvider = :spentProvider ' : ' ')
        + 'ADD spentMicros :spent, reservedMicros :reserved, limitDeltaMicros :limit, movementCount :one'
        + (move.unheldSpentDeltaMicros ? ', unheldSpentMicros :unheld' : ''),
      ...(conditions.length > 0 && { ConditionExpression: conditions.join(' AND '), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      ExpressionAttributeValues: {
        ':base': move.baseLimitMicros,
        ':availableDelta': availableDelta,
        ':entity': 'counter',
        ':tenantId': tenantId,
        ':budgetId': move.budgetId,
        ':periodKey': move.periodKey,
        ':spent': move.spentDeltaMicros,
        ':reserved': move.reservedDeltaMicros,
        ':limit': move.limitDeltaMicros,
        ':one': 1,
        ...(move.unheldSpentDeltaMicros && { ':unheld': move.unheldSpentDeltaMicros }),
        // Labels are set with every dated spend (null when none was given), so a counter never carries an earlier movement's.
        ...(move.spentAtMs !== undefined && {
          ':spentAt': move.spentAtMs, ':spentCategory': move.spentLabels?.category ?? null, ':spentProvider': move.spentLabels?.provider ?? null,
        }),
        ...(versioned && { ':version': move.budgetVersion }),
        ...((guard || cut > 0n) && { ':true': true }),
        ...(guard && { ':freshFits': move.baseLimitMicros >= floor, ':floor': floor }),
        ...(cut > 0n && { ':freshLimitFits': move.baseLimitMicros >= cut, ':cut': cut }),
      },
    },
  };
}

export async function writeMovement(table: TableContext, write: MovementWrite): Promise<MovementOutcome> {
  const reservation = write.reservation && ('create' in write.reservation ? write.reservation.create : write.reservation.transition.after);
  const approval = write.approval && ('create' in write.approval ? write.approval.create : write.approval.transition.after);
  const tenantId = write.ledger[0]?.tenantId ?? reservation?.tenantId ?? approval?.tenantId ?? write.periodClose?.tenantId ?? write.actual?.record.tenantId;
  if (!tenantId) throw new Error('a movement needs a tenant');
  const items: TransactItem[] = [];
  const roles: Array<{ kind: 'counter'; move: CounterMove } | { kind: 'reservation' | 'approval' | 'close' | 'actual' | 'idempotency' | 'other' }> = [];

  for (const move of write.counters) {
    items.push(counterUpdate(table, tenantId, move));
    roles.push({ kind: 'counter', move });
  }
  for (const entry of write.ledger) {
    items.push({
      Put: { TableName: table.tableName, Item: ledgerItem(tenantId, entry), ConditionExpression: 'attribute_not_exists(pk)' },
    });
    roles.push({ kind: 'other' });
  }
  if (write.reservation && 'create' in write.reservation) {
    items.push({ Put: { TableName: table.tableName, Item: reservationItem(write.reservation.create), ConditionExpression: 'attribute_not_exists(pk)' } });
    roles.push({ kind: 'other' });
  } else if (write.reservation) {
    const { after, from, requireUnexpiredAtMs } = write.reservation.transition;
    items.push(transitionPut(table, reservationItem(after), from ?? 'held', requireUnexpiredAtMs, after.textErased === true));
    roles.push({ kind: 'reservation' });
  }
  if (write.approval && 'create' in write.approval) {
    items.push({ Put: { TableName: table.tableName, Item: approvalItem(write.approval.create), ConditionExpression: 'attribute_not_exists(pk)' } });
    roles.push({ kind: 'other' });
  } else if (write.approval) {
    const { after, requireUnexpiredAtMs } = write.approval.transition;
    items.push(transitionPut(table, approvalItem(after), 'pending', requireUnexpiredAtMs, after.textErased === true));
    roles.push({ kind: 'approval' });
  }
  if (write.usage) {
    items.push({ Put: { TableName: table.tableName, Item: usageItem(tenantId, write.usage), ConditionExpression: 'attribute_not_exists(pk)' } });
    roles.push({ kind: 'other' });
  }
  if (write.periodClose) {
    for (const item of periodCloseItems(table, write.periodClose)) {
      items.push(item);
      roles.push({ kind: 'close' });
    }
  }
  if (write.actual) {
    const { record, expectedRevision } = write.actual;
    items.push({
      Put: {
        TableName: table.tableName, Item: actualDayItem(record),
        ...(expectedRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': expectedRevision } }),
      },
    });
    roles.push({ kind: 'actual' });
    // The budget's cost source decided the mode: proven here, whatever period the day is in (a counter's version proves only its own).
    items.push({
      ConditionCheck: {
        TableName: table.tableName, Key: { pk: keys.tenantPk(record.tenantId), sk: keys.budgetSk(record.budgetId) },
        ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': write.actual.budgetVersion },
      },
    });
    roles.push({ kind: 'actual' });
  }
  if (write.audit) {
    items.push(auditPut(table, write.audit));
    roles.push({ kind: 'other' });
  }
  if (write.idempotency) {
    items.push(idempotencyRecordPut(table, write.idempotency.request, write.idempotency.response, write.nowMs));
    roles.push({ kind: 'idempotency' });
  }

  // One token per call, kept by transactWrite across its own retries and by the SDK across
  // its resends: a resend of a write that did commit (a timeout after commit) is answered by
  // DynamoDB without applying it again. Never derived from the write's content: two different
  // writes of one decision (two denials, two expiries at different instants) would share it
  // and fail with IdempotentParameterMismatchException.
  const clientRequestToken = randomUUID();
  try {
    await transactWrite(table, items, { clientRequestToken });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    const failed = roles.findIndex((_, index) => error.failedCondition(index));
    const role = roles[failed];
    if (!role) throw error;
    if (role.kind === 'idempotency') return { ok: false, reason: 'idempotency-key-taken' };
    if (role.kind === 'reservation') return { ok: false, reason: 'reservation-not-held' };
    if (role.kind === 'approval') return { ok: false, reason: 'approval-not-pending' };
    if (role.kind === 'close') return { ok: false, reason: 'close-changed' };
    if (role.kind === 'actual') return { ok: false, reason: 'actual-changed' };
    const stale = role.kind === 'counter' ? staleBasis(role.move, error.reasons[failed]?.item) : undefined;
    const closedCounter = role.kind === 'counter' && role.move.requireOpen && error.reasons[failed]?.item?.closedAtMs !== undefined;
    if (role.kind === 'counter' && closedCounter) return { ok: false, reason: 'period-closed', budgetId: role.move.budgetId, periodKey: role.move.periodKey };
    if (role.kind === 'counter' && stale) return { ok: false, reason: 'counter-stale', tenantId, budgetId: role.move.budgetId, periodKey: role.move.periodKey, counter: stale };
    if (role.kind === 'counter' && role.move.limitDeltaMicros < 0n) return { ok: false, reason: 'limit-below-zero', budgetId: role.move.budgetId };
    if (role.kind === 'counter') {
      const old = error.reasons[failed]?.item;
      const counted = old?.availableMicros !== undefined;
      return {
        ok: false,
        reason: 'budget-exceeded',
        budgetId: role.move.budgetId,
        availableMicros: counted ? toMicros(old.availableMicros) : role.move.baseLimitMicros,
        limitMicros: counted ? toMicros(old.baseLimitMicros ?? 0) + toMicros(old.limitDeltaMicros ?? 0) : role.move.baseLimitMicros,
        reservedMicros: counted ? toMicros(old.reservedMicros ?? 0) : 0n,
      };
    }
    // A ledger, usage or reservation id collided: ids carry 80 random bits, so this is a replayed write.
    throw error;
  }
}

/**
 * A whole-item replacement that holds only while the item is still in status `from` (and
 * unexpired, when asked), and, read before an erasure of its text, not erased since: the
 * refusal makes the movement read again, so erased text is never written back.
 */
function transitionPut(table: TableContext, item: Record<string, unknown>, from: string, requireUnexpiredAtMs: number | undefined, readErased: boolean): TransactItem {
  const conditions = ['#status = :from', ...(requireUnexpiredAtMs === undefined ? [] : ['expiresAtMs > :now']), ...(readErased ? [] : ['attribute_not_exists(textErased)'])];
  return {
    Put: {
      TableName: table.tableName,
      Item: item,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':from': from, ...(requireUnexpiredAtMs !== undefined && { ':now': requireUnexpiredAtMs }) },
    },
  };
}

/** The counter's basis when a versioned move found it from another budget version (the item DynamoDB returned with the failure). */
function staleBasis(move: CounterMove, old: Record<string, unknown> | undefined): CounterBasis | undefined {
  if (move.budgetVersion === undefined || old === undefined) return undefined;
  const budgetVersion = old.budgetVersion === undefined ? undefined : Number(old.budgetVersion);
  if (budgetVersion === move.budgetVersion) return undefined;
  return { budgetVersion, baseLimitMicros: toMicros(old.baseLimitMicros ?? 0) };
}

/**
 * Brings a counter up to a budget version: its base limit (and so its headroom and
 * effective limit) moves by the difference, and it counts as a movement of the counter, so
 * the alert rules see the new limit. Conditioned on the basis it was found with.
 */
export async function alignCounter(table: TableContext, tenantId: string, counter: ChainPeriod, from: CounterBasis, to: { budgetVersion: number; baseLimitMicros: bigint }): Promise<boolean> {
  const differenceMicros = to.baseLimitMicros - from.baseLimitMicros;
  try {
    await table.client.send(new UpdateCommand({
      TableName: table.tableName,
      Key: counterKey(tenantId, counter),
      UpdateExpression: 'SET budgetVersion = :to, baseLimitMicros = :toBase, availableMicros = availableMicros + :difference, '
        + 'limitMicros = if_not_exists(limitDeltaMicros, :zero) + :toBase ADD movementCount :one',
      ConditionExpression: from.budgetVersion === undefined
        ? 'attribute_not_exists(budgetVersion) AND baseLimitMicros = :fromBase'
        : 'budgetVersion = :from AND baseLimitMicros = :fromBase',
      ExpressionAttributeValues: {
        ':to': to.budgetVersion, ':toBase': to.baseLimitMicros, ':difference': differenceMicros, ':zero': 0n, ':one': 1,
        ':fromBase': from.baseLimitMicros, ...(from.budgetVersion !== undefined && { ':from': from.budgetVersion }),
      },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
