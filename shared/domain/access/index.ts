/** Tenants, API keys and roles: who may call, and what each role may do. */
export {
  API_KEY_PREFIX, DECIDABLE_LEVELS, DEFAULT_RATE_LIMIT, generateApiKeySecret, hashApiKeySecret, LAST_USED_RESOLUTION_MS, MAX_ROTATION_GRACE_SECONDS, rateLimitOf, usageIdentifierOf, usagePlanNameOf,
  type ApiKeyRecord, type DecidableLevel, type PresentedKey, type RateLimit,
} from './api-keys.js';
export type { AccessStore, TenantRecord, UsagePlans } from './ports.js';
export { ROLES, rolesAllow, type Role, type RoleRequirement } from './roles.js';
export { AccessService, type ApiKeyDraft, type IssuedKey, type TenantDraft } from './service.js';
