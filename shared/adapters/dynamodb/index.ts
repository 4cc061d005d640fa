/** The DynamoDB adapter's public face: the table, its client, and the stores that implement the domain's ports. */
export { createDocumentClient, tableContextFromEnv, type TableContext } from './client.js';
export { createTableInput, tableDefinition } from './table.js';
export { DynamoAccessStore } from './access-store.js';
export { DynamoAuditStore } from './audit-store.js';
export { DynamoAlertStore } from './alert-store.js';
export { DynamoApprovalStore } from './approval-store.js';
export { DynamoBudgetStore } from './budget-store.js';
export { DynamoDeliveryLog } from './delivery-log.js';
export { DynamoIdempotencyStore } from './idempotency.js';
export { DynamoMoneyStore } from './money/store.js';
export { DynamoSlackIntegrationStore } from './slack-integration-store.js';
export { DynamoReconciliationStore } from './reconciliation-store.js';
export { DynamoSpendHistoryStore } from './spend-history-store.js';
export { DynamoSpendBreakdownStore } from './spend-breakdown-store.js';
export { DynamoForecastSummaryStore } from './forecast-summary-store.js';
export { DynamoJobCursorStore } from './job-cursor-store.js';
export { decodeStreamRecord, type StreamRecord } from './stream-records.js';
export { STREAM_CONSUMER_ENTITIES, streamFilterPattern } from './stream-filter.js';
