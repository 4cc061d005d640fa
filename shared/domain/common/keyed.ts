import { DomainError } from './errors.js';
import type { IdempotencyRequest, IdempotencyStore, StoredResponse } from './ports.js';

/** How a keyed request wants its answers kept: the key, and how a refusal is answered (undefined: not an answer to keep). */
export interface KeyedAnswers {
  idempotency?: IdempotencyRequest | undefined;
  refuse?: ((error: DomainError) => StoredResponse | undefined) | undefined;
}

/**
 * A keyed request that was refused keeps that answer (API.md, Idempotency): the refusal is
 * stored under the key, nothing else having been written, so a retry cannot move money
 * after the client was told no. Should a twin have stored its answer first, that answer is
 * ours; otherwise the refusal is thrown on to be answered as usual.
 */
export async function answerRefusal(store: IdempotencyStore, options: KeyedAnswers, error: unknown, nowMs: number): Promise<StoredResponse> {
  const idempotency = options.idempotency;
  const stored = idempotency && error instanceof DomainError ? options.refuse?.(error) : undefined;
  if (!idempotency || !stored) throw error;
  if (await store.save(idempotency, stored, nowMs)) throw error;
  const twin = await store.find(idempotency, nowMs);
  if (twin) return twin;
  throw error;
}
