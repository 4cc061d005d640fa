import type { MoneyStore, MovementOutcome, MovementWrite } from '../../../domain/money/index.js';
import { DynamoMoneyReader } from './readers.js';
import { writeMovement } from './writer.js';

/** The money store on DynamoDB: the movement writer and the readers over one table. */
export class DynamoMoneyStore extends DynamoMoneyReader implements MoneyStore {
  move(write: MovementWrite): Promise<MovementOutcome> {
    return writeMovement(this.table, write);
  }
}
