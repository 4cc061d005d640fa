import type { ChainPeriod, CounterBasis, MoneyStore, MovementOutcome, MovementWrite } from '../../../domain/money/index.js';
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
}
