import { z } from 'zod';
import { ROLES } from '../domain/access/roles.js';
import { DECIDABLE_LEVELS, DEFAULT_RATE_LIMIT, MAX_ROTATION_GRACE_SECONDS } from '../domain/access/api-keys.js';
import { Cursor, PageLimit } from './common.js';
import { LIMITS } from '../domain/common/limits.js';

export const Role = z.enum(ROLES).meta({ id: 'Role' });

export const MaxApprovalLevel = z.enum(DECIDABLE_LEVELS).meta({
  id: 'MaxApprovalLevel', description: 'The highest approval level the key may approve or deny (default `executive`).',
});

/**
 * A key's own limit lowers the default, never raises it: a key above the default could take
 * the stage's capacity from other tenants.
 */
export const RateLimit = z
  .strictObject({
    requestsPerSecond: z.number().int().min(1).max(DEFAULT_RATE_LIMIT.requestsPerSecond),
    burst: z.number().int().min(1).max(DEFAULT_RATE_LIMIT.burst),
  })
  .meta({ id: 'RateLimit', description: 'Requests per second and burst of one key; by default 1,000 and 2,000.' });

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength),
    roles: z
      .array(Role)
      .min(1)
      .max(ROLES.length)
      .refine((roles) => new Set(roles).size === roles.length, { message: 'must not repeat a role' }),
    maxApprovalLevel: MaxApprovalLevel.optional(),
    rateLimit: RateLimit.optional(),
  })
  .meta({ id: 'CreateApiKey' });
export type CreateApiKeyBody = z.output<typeof CreateApiKeyBody>;

export const ApiKey = z
  .object({
    id: z.string(), name: z.string(), roles: z.array(Role), maxApprovalLevel: MaxApprovalLevel, rateLimit: RateLimit, createdAt: z.string(),
    rotatedAt: z.string().optional(),
    lastUsedAt: z.string().nullable().meta({ description: 'When the key was last seen, to the minute (written at most once a minute).' }),
  })
  .meta({ id: 'ApiKey', description: 'An API key, without its secret.' });
export type ApiKey = z.output<typeof ApiKey>;

export const ApiKeyWithSecret = ApiKey.extend({
  key: z.string().meta({ description: 'The secret: shown only in this response. Send it as `Authorization: Bearer <key>`.' }),
}).meta({ id: 'ApiKeyWithSecret' });

export type ApiKeyWithSecret = z.output<typeof ApiKeyWithSecret>;

export const ApiKeyPage = z.object({ items: z.array(ApiKey), nextCursor: z.string().nullable() }).meta({ id: 'ApiKeyPage' });

export const RotateApiKeyBody = z
  .strictObject({
    graceSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).optional()
      .meta({ description: 'How long the replaced secret keeps working (default 0: it stops at once).' }),
  })
  .meta({ id: 'RotateApiKey' });
export type RotateApiKeyBody = z.output<typeof RotateApiKeyBody>;

export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export const CreateTenantBody = z
  .strictObject({
    id: z.string().regex(TENANT_ID_PATTERN, 'must be 1-64 lowercase letters, digits or inner hyphens'),
    name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength),
  })
  .meta({ id: 'CreateTenant' });
export type CreateTenantBody = z.output<typeof CreateTenantBody>;

export const Tenant = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), apiKey: ApiKeyWithSecret })
  .meta({ id: 'Tenant' });

export const TenantSummary = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).meta({ id: 'TenantSummary' });
export const TenantPage = z.object({ items: z.array(TenantSummary), nextCursor: z.string().nullable() }).meta({ id: 'TenantPage' });
export const ListTenantsQuery = z.object({ limit: PageLimit, cursor: Cursor });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const ListApiKeysQuery = z.object({ limit: PageLimit, cursor: Cursor });
