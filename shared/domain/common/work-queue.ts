/**
 * Where a job hands out work that one invocation cannot do (DESIGN: jobs fan out): SQS in
 * AWS, an in-process queue under `npm start`. Delivery is at least once, so the work each
 * message names must be idempotent.
 */
export interface WorkQueue<Message> {
  /** Accepted by the queue, all of them, or throws. */
  send(messages: readonly Message[]): Promise<void>;
}
