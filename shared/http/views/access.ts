import { rateLimitOf, type ApiKeyRecord, type IssuedKey, type TenantRecord } from '../../domain/access/index.js';
import type { ApiKey, ApiKeyWithSecret } from '../../schemas/access.js';

/** A key as listed: never its secret nor its hash; its limit as it applies (the default when it has none of its own). */
export const apiKeyView = (key: ApiKeyRecord): ApiKey => ({
  id: key.keyId, name: key.name, roles: key.roles, maxApprovalLevel: key.maxApprovalLevel, rateLimit: rateLimitOf(key), createdAt: key.createdAt,
  ...(key.rotatedAt !== undefined && { rotatedAt: key.rotatedAt }),
  lastUsedAt: key.lastUsedAt ?? null,
});

/** A key just issued or rotated: the only responses that carry the secret. */
export const issuedKeyView = (issued: IssuedKey): ApiKeyWithSecret => ({ ...apiKeyView(issued.record), key: issued.secret });

export const tenantView = (tenant: TenantRecord) => ({ id: tenant.id, name: tenant.name, createdAt: tenant.createdAt });
