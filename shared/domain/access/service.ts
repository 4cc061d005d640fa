import { LIMITS, type PageQuery } from '../common/limits.js';
import { generateApiKeySecret, hashApiKeySecret, type ApiKeyRecord } from './api-keys.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../common/errors.js';
import { newApiKeyId } from '../common/ids.js';
import { WriteConflict, type Page } from '../common/ports.js';
import { type AccessStore } from './ports.js';
import type { Role } from './roles.js';

export interface TenantDraft {
  id: string;
  name: string;
}

export interface ApiKeyDraft {
  name: string;
  roles: Role[];
}

export interface IssuedKey {
  record: ApiKeyRecord;
  /** The secret: returned once, never stored. */
  secret: string;
}

/** Tenants and API keys: issuing, listing, revoking, and resolving a presented key. */
export class AccessService {
  private readonly nowMs: () => number;

  constructor(private readonly store: AccessStore, nowMs: () => number = Date.now) {
    this.nowMs = nowMs;
  }

  private issue(tenantId: string, name: string, roles: Role[], secret = generateApiKeySecret()): IssuedKey {
    const nowMs = this.nowMs();
    return {
      secret,
      record: {
        tenantId,
        keyId: newApiKeyId(nowMs),
        name,
        roles,
        secretHash: hashApiKeySecret(secret),
        status: 'active',
        createdAt: new Date(nowMs).toISOString(),
      },
    };
  }

  async createTenant(body: TenantDraft): Promise<{ tenant: { id: string; name: string; createdAt: string }; adminKey: IssuedKey }> {
    const adminKey = this.issue(body.id, 'admin', ['admin']);
    const tenant = { id: body.id, name: body.name, createdAt: adminKey.record.createdAt };
    try {
      await this.store.createTenant(tenant, adminKey.record);
    } catch (error) {
      if (error instanceof WriteConflict) throw new ConflictError(`Tenant ${body.id} already exists.`);
      throw error;
    }
    return { tenant, adminKey };
  }

  /** Registers a key chosen by the operator (local `BOOTSTRAP_API_KEY`), creating its tenant if needed. */
  async bootstrap(tenantId: string, secret: string, roles: Role[]): Promise<IssuedKey> {
    const key = this.issue(tenantId, 'bootstrap', roles, secret);
    const existing = await this.store.findApiKeyBySecretHash(key.record.secretHash);
    if (existing && existing.status === 'active' && existing.tenantId === tenantId) return { record: existing, secret };
    if (existing && existing.tenantId !== tenantId) throw new ConflictError('BOOTSTRAP_API_KEY is already registered to another tenant.');
    await this.store.ensureTenantWithKey({ id: tenantId, name: tenantId, createdAt: key.record.createdAt }, key.record);
    return key;
  }

  /** Only a platform key may grant the platform role: it reaches beyond the tenant. */
  async createApiKey(caller: { tenantId: string; roles: readonly Role[] }, body: ApiKeyDraft): Promise<IssuedKey> {
    if (body.roles.includes('platform') && !caller.roles.includes('platform')) {
      throw new ForbiddenError('Only a platform key may grant the platform role.');
    }
    const key = this.issue(caller.tenantId, body.name, body.roles);
    await this.store.createApiKey(key.record);
    return key;
  }

  listApiKeys(tenantId: string, query: PageQuery): Promise<Page<ApiKeyRecord>> {
    return this.store.listApiKeys(tenantId, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  async revokeApiKey(tenantId: string, keyId: string): Promise<void> {
    const found = await this.store.revokeApiKey(tenantId, keyId, new Date(this.nowMs()).toISOString());
    if (!found) throw new NotFoundError('API key', keyId);
  }

  /** The active key behind a presented secret, or 401. */
  async authenticate(secret: string): Promise<ApiKeyRecord> {
    const key = await this.store.findApiKeyBySecretHash(hashApiKeySecret(secret));
    if (!key || key.status !== 'active') throw new UnauthorizedError();
    return key;
  }
}
