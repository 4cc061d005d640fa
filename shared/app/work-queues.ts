import { SQSClient } from '@aws-sdk/client-sqs';
import type { WorkQueue } from '../domain/common/work-queue.js';
import { SqsWorkQueue } from '../adapters/sqs/work-queue.js';
import { traced } from '../observability/tracer.js';

const localQueues = new Map<string, WorkQueue<unknown>>();

/** Under `npm start` (and in tests), the in-process queue that stands for a worker's SQS queue. */
export function useLocalWorkQueue(workerName: string, queue: WorkQueue<unknown>): void {
  localQueues.set(workerName, queue);
}

/**
 * The queue a job feeds (`job.feeds` in functions/catalog.ts): in AWS the stack gives the job
 * its URL as `WORK_QUEUE_URL`; locally the in-process queue registered for the worker.
 */
export function workQueueFor<Message>(workerName: string): WorkQueue<Message> {
  const url = process.env.WORK_QUEUE_URL;
  if (url) return new SqsWorkQueue<Message>(traced(new SQSClient({})), url);
  const local = localQueues.get(workerName);
  if (!local) throw new Error(`No queue for ${workerName}: WORK_QUEUE_URL is not set and no local queue is registered`);
  return local as WorkQueue<Message>;
}
