import type { AuditEntry } from '../audit/audit.js';
import type { Page } from '../common/ports.js';
import type { ApiKeyRecord, PresentedKey, RateLimit } from './api-keys.js';

export interface TenantRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** Every write carries its audit entries, written in the same transaction. */
export interface AccessStore {
  /** Throws WriteConflict('already-exists') when the tenant exists. */
  createTenant(tenant: TenantRecord, adminKey: ApiKeyRecord, audit: readonly AuditEntry[]): Promise<void>;
  /** Creates the tenant if missing and registers the key (idempotent): the local bootstrap. */
  ensureTenantWithKey(tenant: TenantRecord, key: ApiKeyRecord, audit: readonly AuditEntry[]): Promise<void>;
  /** Every tenant, by id. */
  listTenants(limit: number, cursor: string | undefined): Promise<Page<TenantRecord>>;
  createApiKey(key: ApiKeyRecord, audit: AuditEntry): Promise<void>;
  getApiKey(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(tenantId: string, limit: number, cursor: string | undefined): Promise<Page<ApiKeyRecord>>;
  /** Revokes the key as read, every secret of it at once. Throws WriteConflict when it changed since. */
  revokeApiKey(key: ApiKeyRecord, revokedAt: string, audit: AuditEntry): Promise<void>;
  /**
   * Replaces the key's secret (`after.secretHash`) as read in `before`: the replaced secret
   * works until `graceUntilMs` (none when it is now or earlier), and any secret replaced
   * before it stops at once. Throws WriteConflict when the key changed since it was read.
   */
  rotateApiKey(before: ApiKeyRecord, after: ApiKeyRecord, graceUntilMs: number, nowMs: number, audit: AuditEntry): Promise<void>;
  findApiKeyBySecretHash(secretHash: string): Promise<PresentedKey | undefined>;
  /** Records the usage plan the key is enrolled in, on the key and every lookup item of it. */
  markEnrolled(key: ApiKeyRecord, usagePlan: string): Promise<void>;
  /** Sets `lastUsedAt` unless it is already `notBefore` or later (one write a minute at most). */
  noteKeyUse(tenantId: string, keyId: string, usedAt: string, notBefore: string): Promise<void>;
}

/** API Gateway usage plans: what throttles each key on its own in AWS. */
export interface UsagePlans {
  /** The plan name for a limit. */
  planFor(limit: RateLimit): string;
  /** Puts the key's usage identifier in the plan of its limit (idempotent), creating the plan if it is new. */
  enrol(key: ApiKeyRecord, usageIdentifier: string, plan: string, limit: RateLimit): Promise<void>;
}
