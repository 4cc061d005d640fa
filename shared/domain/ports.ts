import type { ApiKeyRecord } from './api-keys.js';
import type { BudgetRecord } from './budget.js';

/** What the domain needs from persistence. The DynamoDB adapters implement these. */

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
}

/** Why a conditional write was refused, so the service can re-read and answer precisely. */
export class WriteConflict extends Error {
  constructor(readonly reason: 'budget-changed' | 'parent-changed' | 'idempotency-key-taken' | 'already-exists') {
    super(`write refused: ${reason}`);
    this.name = 'WriteConflict';
  }
}

export interface BudgetListFilter {
  scopeType?: string;
  scopeId?: string;
  parentId?: string;
  status: 'active' | 'archived';
}

export interface BudgetMove {
  oldParent: BudgetRecord | undefined;
  newParent: BudgetRecord | undefined;
  descendants: Array<{ before: BudgetRecord; after: BudgetRecord }>;
}

export interface BudgetStore {
  get(tenantId: string, budgetId: string): Promise<BudgetRecord | undefined>;
  children(tenantId: string, budgetId: string): Promise<BudgetRecord[]>;
  list(tenantId: string, filter: BudgetListFilter, limit: number, cursor: string | undefined): Promise<Page<BudgetRecord>>;
  /** Throws WriteConflict when the parent changed or the idempotency key was taken meanwhile. */
  create(budget: BudgetRecord, parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number): Promise<void>;
  /** Throws WriteConflict unless `before` is still what is stored. */
  update(before: BudgetRecord, after: BudgetRecord, move: BudgetMove | undefined): Promise<void>;
}

export interface AccessStore {
  /** Throws WriteConflict('already-exists') when the tenant exists. */
  createTenant(tenant: { id: string; name: string; createdAt: string }, adminKey: ApiKeyRecord): Promise<void>;
  /** Creates the tenant if missing and registers the key (idempotent): the local bootstrap. */
  ensureTenantWithKey(tenant: { id: string; name: string; createdAt: string }, key: ApiKeyRecord): Promise<void>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  listApiKeys(tenantId: string, limit: number, cursor: string | undefined): Promise<Page<ApiKeyRecord>>;
  /** Returns false when there is no such key in the tenant. Revoking twice is fine. */
  revokeApiKey(tenantId: string, keyId: string, revokedAt: string): Promise<boolean>;
  findApiKeyBySecretHash(secretHash: string): Promise<ApiKeyRecord | undefined>;
}
