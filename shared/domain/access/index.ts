/** Tenants, API keys and roles: who may call, and what each role may do. */
export { API_KEY_PREFIX, generateApiKeySecret, hashApiKeySecret, type ApiKeyRecord } from './api-keys.js';
export type { AccessStore } from './ports.js';
export { ROLES, rolesAllow, type Role, type RoleRequirement } from './roles.js';
export { AccessService, type ApiKeyDraft, type IssuedKey, type TenantDraft } from './service.js';
