import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { traced } from '../../observability/tracer.js';

export interface SecretFromEnv {
  /** The variable that holds the value itself (`npm start`): used as is, Secrets Manager never asked. */
  valueVariable: string;
  /** The variable that names the secret in AWS. */
  arnVariable: string;
  /** The secret holds the value itself, or a JSON object with it under this field. */
  field: string;
  /** A value read is used this long, then read again: a secret replaced by an operator takes effect within it. */
  maxAgeMs?: number;
  nowMs?: () => number;
}

/** Five minutes: a Slack signing secret pasted after the first click, or rotated, works soon without a redeploy. */
const DEFAULT_MAX_AGE_MS = 300_000;

/**
 * A configuration secret, from the environment under `npm start` or from Secrets Manager in
 * AWS: read when first needed and again once older than `maxAgeMs`, never per request; a
 * failed read is not kept, so the next call tries again. Undefined when neither variable is set.
 */
export function secretFromEnv(options: SecretFromEnv): () => Promise<string | undefined> {
  const { valueVariable, arnVariable, field, maxAgeMs = DEFAULT_MAX_AGE_MS, nowMs = Date.now } = options;
  let cached: { value: Promise<string>; readAtMs: number } | undefined;
  return () => {
    const value = process.env[valueVariable];
    if (value) return Promise.resolve(value);
    const secretId = process.env[arnVariable];
    if (!secretId) return Promise.resolve(undefined);
    if (!cached || nowMs() - cached.readAtMs >= maxAgeMs) {
      const read = readSecret(secretId, field);
      cached = { value: read, readAtMs: nowMs() };
      read.catch(() => {
        if (cached?.value === read) cached = undefined;
      });
    }
    return cached.value;
  };
}

async function readSecret(secretId: string, field: string): Promise<string> {
  const { SecretString } = await traced(new SecretsManagerClient({})).send(new GetSecretValueCommand({ SecretId: secretId }));
  const text = (SecretString ?? '').trim();
  const value = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>)[field] : text;
  if (typeof value !== 'string' || value === '') throw new Error(`the secret ${secretId} holds neither the value nor { "${field}": … }`);
  return value;
}
