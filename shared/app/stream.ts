import { DynamoAlertStore, DynamoBudgetStore, DynamoSpendBreakdownStore, DynamoSpendHistoryStore, decodeStreamRecord, type StreamRecord, type TableContext } from '../adapters/dynamodb/index.js';
import type { EventPublisher } from '../notifications/ports.js';
import { StreamConsumer } from '../notifications/stream-consumer.js';
import { metricsSink } from '../observability/metrics.js';

/** The table stream's consumer (alerts, notification events), reading DynamoDB stream records of `table`. */
export function createStreamConsumer(table: TableContext, publisher: EventPublisher): StreamConsumer<StreamRecord> {
  return new StreamConsumer({
    budgets: new DynamoBudgetStore(table),
    alerts: new DynamoAlertStore(table),
    history: new DynamoSpendHistoryStore(table),
    breakdown: new DynamoSpendBreakdownStore(table),
    publisher,
    decode: decodeStreamRecord,
    sequenceNumberOf: (record) => record.dynamodb?.SequenceNumber,
    metrics: metricsSink,
  });
}
