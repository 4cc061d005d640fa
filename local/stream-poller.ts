import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, ExpiredIteratorException, GetRecordsCommand, GetShardIteratorCommand, type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { STREAM_CONSUMER_ENTITIES, type StreamRecord } from '../shared/adapters/dynamodb/index.js';
import { logger } from '../shared/observability/logger.js';
import { localDynamoDbClientConfig } from './dynamodb-local.js';

/** How often the local stack reads the stream: events reach Slack well within 10 seconds. */
export const LOCAL_STREAM_POLL_MS = 500;
/** Like the event source mapping's retryAttempts: a record that keeps failing is logged and skipped. */
const MAX_RECORD_ATTEMPTS = 10;

type Consume = (records: StreamRecord[]) => Promise<{ failedSequenceNumber?: string }>;

interface ShardState {
  iterator: string | undefined;
  /** Records read but not yet consumed (a failed batch is retried from its failed record). */
  pending: StreamRecord[];
  closed: boolean;
  /** Consecutive failures of the first pending record. */
  failures: number;
}

/** The event source mapping's filter, applied here: only counters, alerts and approvals reach the consumer. */
function passesFilter(record: StreamRecord): boolean {
  const entity = (record.dynamodb?.NewImage as { entity?: { S?: string } } | undefined)?.entity?.S;
  return entity !== undefined && (STREAM_CONSUMER_ENTITIES as readonly string[]).includes(entity);
}

/**
 * DynamoDB Streams → the stream consumer, as Lambda's event source mapping does it in AWS:
 * every shard from its oldest record, parents before children, records of a shard in
 * order, a failed record retried (with the ones after it) until it passes.
 */
export class LocalStreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardState>();
  private streamArn: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly endpoint: string, private readonly tableName: string, private readonly consume: Consume) {
    this.streams = new DynamoDBStreamsClient(localDynamoDbClientConfig(endpoint));
  }

  start(intervalMs = LOCAL_STREAM_POLL_MS): void {
    this.timer = setInterval(() => void this.pollOnce().catch((error) => logger.error('stream poll failed', { error })), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.streams.destroy();
  }

  /** Polls until a pass reads nothing new: everything written before the call has been consumed. */
  async drain(maxPasses = 50): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      if ((await this.pollOnce()) === 0 && [...this.shards.values()].every((shard) => shard.pending.length === 0)) return;
    }
    throw new Error('the stream did not drain');
  }

  /** One pass over every shard; returns how many records it read. Passes never overlap. */
  pollOnce(): Promise<number> {
    const previous = this.running ?? Promise.resolve(0);
    const pass = previous.catch(() => 0).then(() => this.pass());
    this.running = pass;
    return pass;
  }

  private async pass(): Promise<number> {
    await this.discoverShards();
    let read = 0;
    for (const [shardId, shard] of this.shards) {
      if (shard.closed && shard.pending.length === 0) continue;
      if (shard.iterator) {
        try {
          const answer = await this.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
          shard.pending.push(...(answer.Records ?? []) as StreamRecord[]);
          read += answer.Records?.length ?? 0;
          shard.iterator = answer.NextShardIterator;
          if (!shard.iterator) shard.closed = true;
        } catch (error) {
          if (!(error instanceof ExpiredIteratorException)) throw error;
          logger.warn('stream iterator expired; shard restarts from its oldest record', { shardId });
          shard.iterator = await this.iteratorFor(shardId);
        }
      }
      await this.consumePending(shard);
    }
    return read;
  }

  private async consumePending(shard: ShardState): Promise<void> {
    const batch = shard.pending.filter(passesFilter);
    const { failedSequenceNumber } = batch.length > 0 ? await this.consume(batch) : {};
    if (failedSequenceNumber === undefined) {
      shard.pending = [];
      shard.failures = 0;
      return;
    }
    const failedAt = shard.pending.findIndex((record) => record.dynamodb?.SequenceNumber === failedSequenceNumber);
    shard.failures = failedAt === 0 ? shard.failures + 1 : 1;
    shard.pending = failedAt < 0 ? [] : shard.pending.slice(failedAt);
    if (shard.failures >= MAX_RECORD_ATTEMPTS) {
      logger.error('stream record skipped after repeated failures', { sequenceNumber: failedSequenceNumber });
      shard.pending.shift();
      shard.failures = 0;
    }
  }

  private async discoverShards(): Promise<void> {
    this.streamArn ??= await this.latestStreamArn();
    const found: Shard[] = [];
    let startShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: startShardId }));
      found.push(...(StreamDescription?.Shards ?? []));
      startShardId = StreamDescription?.LastEvaluatedShardId;
    } while (startShardId);
    for (const shard of found) {
      const shardId = shard.ShardId!;
      if (this.shards.has(shardId)) continue;
      // A child shard continues its parent: read it only once the parent is done.
      const parent = shard.ParentShardId ? this.shards.get(shard.ParentShardId) : undefined;
      if (parent && !(parent.closed && parent.pending.length === 0)) continue;
      this.shards.set(shardId, { iterator: await this.iteratorFor(shardId), pending: [], closed: false, failures: 0 });
    }
  }

  private async iteratorFor(shardId: string): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(new GetShardIteratorCommand({
      StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON',
    }));
    return ShardIterator;
  }

  private async latestStreamArn(): Promise<string> {
    const client = new DynamoDBClient(localDynamoDbClientConfig(this.endpoint));
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (!Table?.LatestStreamArn) throw new Error(`table ${this.tableName} has no stream`);
      return Table.LatestStreamArn;
    } finally {
      client.destroy();
    }
  }
}
