import type { Page } from '../common/ports.js';
import type { ApiKeyRecord } from './api-keys.js';

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
