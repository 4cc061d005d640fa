import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { tableContextFromEnv, type StreamRecord } from '../../shared/adapters/dynamodb/index.js';
import { SnsEventPublisher } from '../../shared/adapters/sns/publisher.js';
import { createStreamConsumer } from '../../shared/app/stream.js';
import type { StreamConsumer } from '../../shared/notifications/stream-consumer.js';
import { withLambdaContext } from '../../shared/observability/invocation.js';
import { metricsSink } from '../../shared/observability/metrics.js';
import { traced } from '../../shared/observability/tracer.js';

let consumer: StreamConsumer<StreamRecord> | undefined;

function consumerFromEnv(): StreamConsumer<StreamRecord> {
  const topicArn = process.env.EVENTS_TOPIC_ARN;
  if (!topicArn) throw new Error('EVENTS_TOPIC_ARN is not set');
  consumer ??= createStreamConsumer(tableContextFromEnv(), new SnsEventPublisher(traced(new SNSClient({})), topicArn));
  return consumer;
}

/**
 * The table's stream (filtered to counters, alerts and approvals): threshold alerts and
 * notification events. A failure reports its record, so Lambda retries from there and
 * records of one item keep their order.
 */
export async function handler(event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> {
  withLambdaContext(context);
  let failedSequenceNumber: string | undefined;
  try {
    ({ failedSequenceNumber } = await consumerFromEnv().consume(event.Records as StreamRecord[]));
  } finally {
    metricsSink.flush();
  }
  return { batchItemFailures: failedSequenceNumber === undefined ? [] : [{ itemIdentifier: failedSequenceNumber }] };
}
