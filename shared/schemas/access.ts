import { z } from 'zod';
import { ROLES } from '../domain/access/roles.js';
import { Cursor, PageLimit } from './common.js';
import { LIMITS } from '../domain/common/limits.js';

export const Role = z.enum(ROLES).meta({ id: 'Role' });

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength),
    roles: z
      .array(Role)
      .min(1)
      .max(ROLES.length)
      .refine((roles) => new Set(roles).size === roles.length, { message: 'must not repeat a role' }),
  })
  .meta({ id: 'CreateApiKey' });
export type CreateApiKeyBody = z.output<typeof CreateApiKeyBody>;

export const ApiKey = z
  .object({ id: z.string(), name: z.string(), roles: z.array(Role), createdAt: z.string() })
  .meta({ id: 'ApiKey', description: 'An API key, without its secret.' });
export type ApiKey = z.output<typeof ApiKey>;

export const ApiKeyWithSecret = ApiKey.extend({
  key: z.string().meta({ description: 'The secret: shown only in this response. Send it as `Authorization: Bearer <key>`.' }),
}).meta({ id: 'ApiKeyWithSecret' });

export type ApiKeyWithSecret = z.output<typeof ApiKeyWithSecret>;

export const ApiKeyPage = z.object({ items: z.array(ApiKey), nextCursor: z.string().nullable() }).meta({ id: 'ApiKeyPage' });

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

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const ListApiKeysQuery = z.object({ limit: PageLimit, cursor: Cursor });
