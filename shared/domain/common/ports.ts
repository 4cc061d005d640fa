/** What every area needs from persistence: pages, idempotency records, write conflicts. The DynamoDB adapters implement the ports. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IdempotencyRequest {
  tenantId: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface IdempotentWrite {
  request: IdempotencyRequest;
  response: StoredResponse;
}

export interface IdempotencyStore {
  /** The first response to this key if there is a live one; throws IdempotencyKeyReuseError for another request. */
  find(request: IdempotencyRequest, nowMs: number): Promise<StoredResponse | undefined>;
  /**
   * Stores the answer to a request that changed nothing (a refusal), unless a live record
   * exists: false when another request with this key stored its answer first.
   */
  save(request: IdempotencyRequest, response: StoredResponse, nowMs: number): Promise<boolean>;
}

/** Why a conditional write was refused, so the service can re-read and answer precisely. */
export class WriteConflict extends Error {
  constructor(readonly reason: 'budget-changed' | 'parent-changed' | 'idempotency-key-taken' | 'already-exists' | 'key-changed' | 'limit-below-zero') {
    super(`write refused: ${reason}`);
    this.name = 'WriteConflict';
  }
}
