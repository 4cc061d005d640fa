/**
 * The items whose stream records the consumer acts on: counters (threshold alerts, period closes), alerts,
 * approvals, drift findings, variance steps, audit entries (budget changes) and limit notices (notification
 * events). The Lambda event source mapping filters on this, and so does the local stream poller, so ledger,
 * usage, reservation and reconciliation check writes never invoke it.
 */
export const STREAM_CONSUMER_ENTITIES = ['counter', 'alert', 'approval', 'drift', 'variance', 'audit', 'limitNotice'] as const;

/** The event source mapping's filter pattern (Lambda event filtering syntax). */
export function streamFilterPattern(): { dynamodb: { NewImage: { entity: { S: string[] } } } } {
  return { dynamodb: { NewImage: { entity: { S: [...STREAM_CONSUMER_ENTITIES] } } } };
}
