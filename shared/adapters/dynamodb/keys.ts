/**
 * Item keys. Every tenant item's partition key begins with `T#<tenantId>`, so no query
 * built from a caller's tenant can reach another tenant's items.
 */
export const keys = {
  tenantPk: (tenantId: string) => `T#${tenantId}`,
  tenantSk: () => 'TENANT',
  budgetSk: (budgetId: string) => `BUDGET#${budgetId}`,
  budgetPrefix: () => 'BUDGET#',
  budgetsByParentPk: (tenantId: string, parentId: string | null) => `T#${tenantId}#PARENT#${parentId ?? 'ROOT'}`,
  budgetsByScopePk: (tenantId: string, scopeType: string, scopeId: string) => `T#${tenantId}#SCOPE#${scopeType}#${scopeId}`,
  apiKeySk: (keyId: string) => `APIKEY#${keyId}`,
  apiKeyPrefix: () => 'APIKEY#',
  /** The authorizer's lookup item: found by the hash of the presented secret, holds the tenant. */
  apiKeyLookupPk: (secretHash: string) => `KEYHASH#${secretHash}`,
  apiKeyLookupSk: () => 'KEYHASH',
  idempotencySk: (key: string) => `IDEMPOTENCY#${key}`,
  systemPk: (name: string) => `SYS#${name}`,
  systemSk: () => 'SYS',
} as const;
