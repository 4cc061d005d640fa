import type { Page } from '../../../domain/common/ports.js';
import type { ChainPeriod, ClosingSchedule, CounterBasis, CounterRecord, LimitExceededNotice, MoneyStore, MovementOutcome, MovementWrite } from '../../../domain/money/index.js';
import { closingSchedule, dueClosings, periodCounters } from './closing.js';
import { noteLimitExceeded } from './limit-notices.js';
import { DynamoMoneyReader } from './readers.js';
import { alignCounter, writeMovement } from './writer.js';

/** The money store on DynamoDB: the movement writer and the readers over one table. */
export class DynamoMoneyStore extends DynamoMoneyReader implements MoneyStore {
  move(write: MovementWrite): Promise<MovementOutcome> {
    return writeMovement(this.table, write);
  }

  alignCounter(tenantId: string, counter: ChainPeriod, from: CounterBasis, to: { budgetVersion: number; baseLimitMicros: bigint }): Promise<boolean> {
    return alignCounter(this.table, tenantId, counter, from, to);
  }

  closingSchedule(tenantId: string, budgetId: string): Promise<ClosingSchedule | undefined> {
    return closingSchedule(this.table, tenantId, budgetId);
  }

  dueClosings(nowMs: number, limit: number): Promise<ClosingSchedule[]> {
    return dueClosings(this.table, nowMs, limit);
  }

  noteLimitExceeded(notice: LimitExceededNotice): Promise<{ notedAtMs: number }> {
    return noteLimitExceeded(this.table, notice);
  }

  periodCounters(tenantId: string, budgetId: string, limit: number, cursor: string | undefined): Promise<Page<CounterRecord>> {
    return periodCounters(this.table, tenantId, budgetId, limit, cursor);
  }
}
