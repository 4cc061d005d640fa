import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionsOfKind, type FunctionNameOfKind, type WorkerSettings } from '../functions/catalog.js';
import { useLocalWorkQueue } from '../shared/app/work-queues.js';
import type { WorkQueue } from '../shared/domain/common/work-queue.js';
import { logger } from '../shared/observability/logger.js';
import { loadHandler } from './functions.js';

type WorkerHandler = (event: Pick<SQSEvent, 'Records'>) => Promise<SQSBatchResponse | void>;
interface Pending {
  messageId: string;
  body: string;
  receiveCount: number;
}

/**
 * A worker's SQS queue in process: messages are handed to the worker's handler in batches of
 * its `batchSize`, one batch at a time, in the background (as SQS does, the sender does not
 * wait for the work); a message the handler reports failed is delivered again, up to
 * `maxReceiveCount` deliveries, then logged as dead-lettered.
 */
class LocalWorkQueue implements WorkQueue<unknown> {
  private readonly pending: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly name: FunctionNameOfKind<'worker'>, private readonly settings: WorkerSettings, private readonly handler: WorkerHandler) {}

  async send(messages: readonly unknown[]): Promise<void> {
    this.pending.push(...messages.map((message) => ({ messageId: randomUUID(), body: JSON.stringify(message), receiveCount: 0 })));
    this.kick();
  }

  /** Starts working unless already at it; a message sent while the last round was ending starts the next. */
  private kick(): void {
    if (this.running) return;
    this.running = this.work()
      .catch((error: unknown) => logger.error('work queue failed', { worker: this.name, error }))
      .finally(() => {
        this.running = null;
        if (this.pending.length > 0) this.kick();
      });
  }

  /** Resolves once every message sent so far has been handled (tests). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async work(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.settings.batchSize);
      for (const message of batch) message.receiveCount += 1;
      const failed = await this.deliver(batch);
      for (const message of batch.filter((entry) => failed.has(entry.messageId))) {
        if (message.receiveCount < this.settings.maxReceiveCount) this.pending.push(message);
        else logger.error('work queue message dead-lettered', { worker: this.name, messageId: message.messageId, body: message.body });
      }
    }
  }

  /** The ids the handler reports failed; all of them when it throws. */
  private async deliver(batch: Pending[]): Promise<Set<string>> {
    const records = batch.map((message) => ({
      messageId: message.messageId, body: message.body, attributes: { ApproximateReceiveCount: String(message.receiveCount) },
    }) as unknown as SQSRecord);
    try {
      const answer = await this.handler({ Records: records });
      return new Set((answer?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      logger.error('worker failed', { worker: this.name, error });
      return new Set(batch.map((message) => message.messageId));
    }
  }
}

/** Every `worker` of the catalog, with its in-process queue registered for the jobs that feed it. */
export async function startWorkers(): Promise<{ drain(): Promise<void> }> {
  const queues = await Promise.all(functionsOfKind('worker').map(async ([name, { worker }]) => {
    const queue = new LocalWorkQueue(name, worker, await loadHandler<WorkerHandler>(name));
    useLocalWorkQueue(name, queue);
    return queue;
  }));
  return { drain: async () => void (await Promise.all(queues.map((queue) => queue.drain()))) };
}
