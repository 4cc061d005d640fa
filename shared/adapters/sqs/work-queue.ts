import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { WorkQueue } from '../../domain/common/work-queue.js';

/** SQS takes at most 10 messages a batch. */
const SQS_BATCH = 10;
/** Entries SQS refused in a batch (throttled, say) are sent again this many times before the send fails. */
const RESEND_ATTEMPTS = 3;
/** The wait before the first resend, doubled for each next one. */
const RESEND_BACKOFF_MS = 100;

/** A standard SQS queue: each message JSON, sent in batches; a refused entry is sent again, and a send that still fails throws. */
export class SqsWorkQueue<Message> implements WorkQueue<Message> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async send(messages: readonly Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += SQS_BATCH) {
      let entries: SendMessageBatchRequestEntry[] = messages.slice(start, start + SQS_BATCH)
        .map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const answer = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failures = answer.Failed ?? [];
        const failed = new Set(failures.map((failure) => failure.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        // An entry refused for the sender's fault (too large, malformed) is refused again however often it is sent.
        if (entries.length > 0 && (attempt === RESEND_ATTEMPTS || failures.some((failure) => failure.SenderFault))) {
          throw new Error(`SQS refused ${entries.length} messages: ${failures.map((failure) => failure.Code).join(', ')}`);
        }
        if (entries.length > 0) await this.sleep(RESEND_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }
}
