import { LIMITS, type PageQuery } from '../common/limits.js';
import {
  generateApiKeySecret, hashApiKeySecret, LAST_USED_RESOLUTION_MS, rateLimitOf, usageIdentifierOf, type ApiKeyRecord, type DecidableLevel, type RateLimit,
} from './api-keys.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../common/errors.js';
import { newApiKeyId } from '../common/ids.js';
import { WriteConflict, type Page } from '../common/ports.js';
import type { AccessStore, TenantRecord, UsagePlans } from './ports.js';
import { auditEntry, changedFields, type AuditChanges, type AuditContext, type AuditEntry } from '../audit/audit.js';
import type { Role } from './roles.js';

export interface TenantDraft {
  id: string;
  name: string;
}

export interface ApiKeyDraft {
  name: string;
  roles: Role[];
  maxApprovalLevel?: DecidableLevel | undefined;
  rateLimit?: RateLimit | undefined;
}

export interface IssuedKey {
  record: ApiKeyRecord;
  /** The secret: returned once, never stored. */
  secret: string;
}

/** What a key's audit entries compare (never its secret or hashes). */
const AUDITED_KEY_FIELDS = ['name', 'roles', 'maxApprovalLevel', 'rateLimit', 'status', 'rotatedAt'] as const satisfies ReadonlyArray<keyof ApiKeyRecord>;

function keyAudit(
  context: AuditContext, nowMs: number, action: string, before: ApiKeyRecord | undefined, after: ApiKeyRecord, extra: AuditChanges = {},
): AuditEntry {
  return auditEntry(context, nowMs, {
    tenantId: after.tenantId, action, resourceType: 'apiKey', resourceId: after.keyId, changes: { ...changedFields(before, after, AUDITED_KEY_FIELDS), ...extra },
  });
}

/** Keys whose `lastUsedAt` this process wrote lately, so the next minute's uses write nothing. */
const LAST_USE_MEMO_MAX = 10_000;

/** Tenants and API keys: issuing, listing, rotating, revoking, and resolving a presented key. */
export class AccessService {
  private readonly nowMs: () => number;
  private readonly lastUseNotedMs = new Map<string, number>();

  /** `usagePlans`: where keys are metered (AWS); without it the gateway in front meters them itself (npm start). */
  constructor(private readonly store: AccessStore, nowMs: () => number = Date.now, private readonly usagePlans?: UsagePlans) {
    this.nowMs = nowMs;
  }

  private issue(tenantId: string, draft: ApiKeyDraft, secret = generateApiKeySecret()): IssuedKey {
    const nowMs = this.nowMs();
    return {
      secret,
      record: {
        tenantId,
        keyId: newApiKeyId(nowMs),
        name: draft.name,
        roles: draft.roles,
        secretHash: hashApiKeySecret(secret),
        maxApprovalLevel: draft.maxApprovalLevel ?? 'executive',
        rateLimit: draft.rateLimit ?? null,
        status: 'active',
        createdAt: new Date(nowMs).toISOString(),
      },
    };
  }

  /**
   * The new tenant's trail starts with its creation and first key, by `{ system: "platform" }`:
   * the platform key that did it belongs to another tenant, whose key ids are not this one's to see.
   */
  async createTenant(body: TenantDraft, audit: AuditContext): Promise<{ tenant: TenantRecord; adminKey: IssuedKey }> {
    const adminKey = this.issue(body.id, { name: 'admin', roles: ['admin'] });
    const tenant = { id: body.id, name: body.name, createdAt: adminKey.record.createdAt };
    try {
      await this.store.createTenant(tenant, adminKey.record, this.tenantAudit({ actor: { system: 'platform' }, requestId: audit.requestId }, tenant, adminKey.record));
    } catch (error) {
      if (error instanceof WriteConflict) throw new ConflictError(`Tenant ${body.id} already exists.`);
      throw error;
    }
    return { tenant, adminKey };
  }

  private tenantAudit(context: AuditContext, tenant: TenantRecord, key: ApiKeyRecord): AuditEntry[] {
    const nowMs = this.nowMs();
    return [
      auditEntry(context, nowMs, { tenantId: tenant.id, action: 'tenant.created', resourceType: 'tenant', resourceId: tenant.id, changes: changedFields(undefined, tenant, ['name']) }),
      keyAudit(context, nowMs, 'apiKey.created', undefined, key),
    ];
  }

  listTenants(query: PageQuery): Promise<Page<TenantRecord>> {
    return this.store.listTenants(query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  /** Registers a key chosen by the operator (local `BOOTSTRAP_API_KEY`), creating its tenant if needed. */
  async bootstrap(tenantId: string, secret: string, roles: Role[]): Promise<IssuedKey> {
    const key = this.issue(tenantId, { name: 'bootstrap', roles }, secret);
    const existing = (await this.store.findApiKeyBySecretHash(key.record.secretHash))?.key;
    if (existing && existing.status === 'active' && existing.tenantId === tenantId) return { record: existing, secret };
    if (existing && existing.tenantId !== tenantId) throw new ConflictError('BOOTSTRAP_API_KEY is already registered to another tenant.');
    const tenant = { id: tenantId, name: tenantId, createdAt: key.record.createdAt };
    await this.store.ensureTenantWithKey(tenant, key.record, this.tenantAudit({ actor: { system: 'bootstrap' }, requestId: 'bootstrap' }, tenant, key.record));
    return key;
  }

  /** Only a platform key may grant the platform role: it reaches beyond the tenant. */
  async createApiKey(caller: { tenantId: string; roles: readonly Role[] }, body: ApiKeyDraft, audit: AuditContext): Promise<IssuedKey> {
    if (body.roles.includes('platform') && !caller.roles.includes('platform')) {
      throw new ForbiddenError('Only a platform key may grant the platform role.');
    }
    const key = this.issue(caller.tenantId, body);
    await this.store.createApiKey(key.record, keyAudit(audit, this.nowMs(), 'apiKey.created', undefined, key.record));
    return key;
  }

  listApiKeys(tenantId: string, query: PageQuery): Promise<Page<ApiKeyRecord>> {
    return this.store.listApiKeys(tenantId, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  /** An active key of the tenant; a revoked one is gone as far as callers can tell. */
  private async activeKey(tenantId: string, keyId: string): Promise<ApiKeyRecord> {
    const key = await this.store.getApiKey(tenantId, keyId);
    if (!key || key.status !== 'active') throw new NotFoundError('API key', keyId);
    return key;
  }

  /** Revoking twice is fine; an unknown key is 404. */
  async revokeApiKey(tenantId: string, keyId: string, audit: AuditContext): Promise<void> {
    const key = await this.store.getApiKey(tenantId, keyId);
    if (!key) throw new NotFoundError('API key', keyId);
    if (key.status === 'revoked') return;
    try {
      const nowMs = this.nowMs();
      const revokedAt = new Date(nowMs).toISOString();
      await this.store.revokeApiKey(key, revokedAt, keyAudit(audit, nowMs, 'apiKey.revoked', key, { ...key, status: 'revoked', revokedAt }));
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      // Revoked by a twin meanwhile: revoking twice is fine. Rotated meanwhile: the caller retries.
      if ((await this.store.getApiKey(tenantId, keyId))?.status === 'revoked') return;
      throw new ConflictError(`API key ${keyId} changed concurrently; retry.`);
    }
  }

  /**
   * A new secret for the same key (same id, roles and limits). The replaced secret works for
   * `graceSeconds` more, so clients can be redeployed without downtime; one replaced before it
   * stops at once (at most two secrets work at any time).
   */
  async rotateApiKey(tenantId: string, keyId: string, graceSeconds: number, audit: AuditContext): Promise<IssuedKey> {
    const before = await this.activeKey(tenantId, keyId);
    const secret = generateApiKeySecret();
    const nowMs = this.nowMs();
    const after: ApiKeyRecord = {
      ...before, secretHash: hashApiKeySecret(secret), previousSecretHash: before.secretHash, rotatedAt: new Date(nowMs).toISOString(),
    };
    try {
      const entry = keyAudit(audit, nowMs, 'apiKey.rotated', before, after, { graceSeconds: { from: null, to: graceSeconds } });
      await this.store.rotateApiKey(before, after, nowMs + graceSeconds * 1000, nowMs, entry);
    } catch (error) {
      if (error instanceof WriteConflict) throw new ConflictError(`API key ${keyId} changed concurrently; retry.`);
      throw error;
    }
    return { record: after, secret };
  }

  /** The active key behind a presented secret (a replaced one only within its grace), or 401. */
  async authenticate(secret: string): Promise<ApiKeyRecord> {
    const found = await this.store.findApiKeyBySecretHash(hashApiKeySecret(secret));
    if (!found || found.key.status !== 'active') throw new UnauthorizedError();
    if (found.validUntilMs !== undefined && found.validUntilMs <= this.nowMs()) throw new UnauthorizedError();
    return found.key;
  }

  /**
   * The identifier the gateway meters this key by. A key is enrolled in the usage plan of its
   * limit on its first use (once: the enrolment is recorded on the key), so every way a key
   * comes to exist (tenant, key, bootstrap, keys older than the plans) is covered in one place.
   */
  async usageIdentifier(key: ApiKeyRecord): Promise<string> {
    const usageIdentifier = usageIdentifierOf(key);
    if (!this.usagePlans) return usageIdentifier;
    const limit = rateLimitOf(key);
    const plan = this.usagePlans.planFor(limit);
    if (key.usagePlan !== plan) {
      await this.usagePlans.enrol(key, usageIdentifier, plan, limit);
      await this.store.markEnrolled(key, plan);
    }
    return usageIdentifier;
  }

  /**
   * Records that the key was used. Called by the authorizer, which API Gateway runs once per
   * key per cache period, never per request; a process writes a key at most once a minute,
   * and the store's condition keeps it so across processes.
   */
  async noteUse(key: ApiKeyRecord): Promise<void> {
    const nowMs = this.nowMs();
    const memoKey = `${key.tenantId}/${key.keyId}`;
    const lastMs = this.lastUseNotedMs.get(memoKey);
    if (lastMs !== undefined && nowMs - lastMs < LAST_USED_RESOLUTION_MS) return;
    if (this.lastUseNotedMs.size >= LAST_USE_MEMO_MAX) this.lastUseNotedMs.clear();
    this.lastUseNotedMs.set(memoKey, nowMs);
    await this.store.noteKeyUse(key.tenantId, key.keyId, new Date(nowMs).toISOString(), new Date(nowMs - LAST_USED_RESOLUTION_MS + 1).toISOString());
  }
}
