import type { DomainError, IdempotencyRequest, StoredResponse } from '../domain/common/index.js';
import type { Caller } from './api-handler.js';
import { refusalToStore } from './problem.js';

/**
 * What a keyed operation needs from its request: the `Idempotency-Key` bound to the
 * caller's tenant, and how a domain refusal is answered (stored and replayed like a success).
 */
export function keyedOptions(request: { caller: Caller; idempotency: { key: string; requestHash: string } | undefined; requestId: string }): {
  idempotency: IdempotencyRequest | undefined;
  refuse: (error: DomainError) => StoredResponse | undefined;
} {
  return {
    idempotency: request.idempotency && { tenantId: request.caller.tenantId, ...request.idempotency },
    refuse: (error) => refusalToStore(error, request.requestId),
  };
}
