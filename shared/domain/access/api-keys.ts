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

/** The approval levels a key may be allowed to decide up to (`automatic` needs no one). */
export const DECIDABLE_LEVELS = ['manager', 'director', 'executive'] as const;
export type DecidableLevel = (typeof DECIDABLE_LEVELS)[number];

/** Requests per second and burst of one key (API Gateway usage-plan throttling). */
export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
}

/** API.md "Rate limits": what a key gets unless it was given its own. */
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 1000, burst: 2000 };

/** A rotation keeps the old secret working for at most a day. */
export const MAX_ROTATION_GRACE_SECONDS = 86_400;

/** `lastUsedAt` is written at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyRecord {
  tenantId: string;
  keyId: string;
  name: string;
  roles: Role[];
  /** The hash of the current secret. */
  secretHash: string;
  /** The secret this one replaced, still accepted until its grace ends (one rotation back at most). */
  previousSecretHash?: string;
  maxApprovalLevel: DecidableLevel;
  /** This key's own limit; absent, the default. */
  rateLimit: RateLimit | null;
  status: 'active' | 'revoked';
  createdAt: string;
  rotatedAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
  /** The usage plan the key was enrolled in (AWS), named by its limit; absent until its first use there. */
  usagePlan?: string;
}

/** A key found by a presented secret: the key, and until when that secret works when it is a replaced one. */
export interface PresentedKey {
  key: ApiKeyRecord;
  validUntilMs?: number;
}

export const rateLimitOf = (key: ApiKeyRecord): RateLimit => key.rateLimit ?? DEFAULT_RATE_LIMIT;

/**
 * What API Gateway meters a key by (the authorizer's `usageIdentifierKey`, the value of the
 * gateway API key enrolled in a usage plan). Not a secret: with the key source AUTHORIZER the
 * gateway never reads it from a request; only our authorizer names it.
 */
export const usageIdentifierOf = (key: Pick<ApiKeyRecord, 'tenantId' | 'keyId'>): string => `${key.tenantId}--${key.keyId}`;

/** The usage plan of a limit: one per distinct limit, so keys sharing a limit share a plan. */
export const usagePlanNameOf = (limit: RateLimit, prefix: string): string => `${prefix}-${limit.requestsPerSecond}rps-${limit.burst}burst`;
