import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './roles.js';

/**
 * API keys are high-entropy bearer secrets (`bgt_` + 256 random bits). Only their
 * SHA-256 is stored: a slow hash adds nothing for secrets this long, and the authorizer
 * must answer fast.
 */
export const API_KEY_PREFIX = 'bgt_';

export function generateApiKeySecret(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export interface ApiKeyRecord {
  tenantId: string;
  keyId: string;
  name: string;
  roles: Role[];
  secretHash: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt?: string;
}
