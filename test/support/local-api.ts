import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/client.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import type { BudgetEvent } from '../../shared/schemas/events.js';

export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as-is (no JSON encoding). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestApi {
  stack: LocalStack;
  /** The bootstrap key: roles platform and admin. */
  adminKey: string;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiAnswer<T>>;
  /** A fresh tenant with its admin key, so tests do not see each other's data. */
  newTenant(prefix?: string): Promise<{ tenantId: string; adminKey: string }>;
  /** A key in `tenantKey`'s tenant with these roles. */
  newKey(tenantKey: string, roles: string[]): Promise<string>;
  /** Events the stream consumer published, in order (tests read the stream with `stack.streams.drain()`). */
  events: BudgetEvent[];
  stop(): Promise<void>;
}

/**
 * The local server (the real gateway emulation and handlers) on a random port, on the
 * DynamoDB Local that the global setup started, with a table of its own.
 */
export async function startTestApi(): Promise<TestApi> {
  process.env.LOG_LEVEL ??= 'silent';
  const events: BudgetEvent[] = [];
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    dataDir: '',
    bootstrapTenant: 'bootstrap',
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `test-${randomUUID()}`,
    publisher: { publish: async (event) => void events.push(event) },
    pollStream: false,
  });

  async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? stack.apiKey : options.key;
    if (key !== null) headers.Authorization ??= `Bearer ${key}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(stack.url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  async function newTenant(prefix = 't') {
    const tenantId = `${prefix}-${randomUUID().slice(0, 8)}`;
    const created = await call<{ apiKey: { key: string } }>('POST', '/v1/tenants', { body: { id: tenantId, name: tenantId } });
    if (created.status !== 201) throw new Error(`tenant not created: ${created.status} ${JSON.stringify(created.body)}`);
    return { tenantId, adminKey: created.body.apiKey.key };
  }

  async function newKey(tenantKey: string, roles: string[]) {
    const created = await call<{ key: string }>('POST', '/v1/api-keys', { key: tenantKey, body: { name: roles.join('+'), roles } });
    if (created.status !== 201) throw new Error(`key not created: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.key;
  }

  return { stack, adminKey: stack.apiKey, call, newTenant, newKey, events, stop: () => stack.stop() };
}

/** The problem type's slug (the last path segment of `type`), what clients match on. */
export const slugOf = (body: { type?: string } | undefined) => body?.type?.split('/').pop();

/** Creates budgets with `defaults` (the API and key are read when called: tests set them in beforeAll); returns the new id. */
export function budgetMaker(api: () => TestApi, key: () => string, defaults: Record<string, unknown>, options: { backdateDaysOf?: () => { tenantId: string; days: number } } = {}) {
  return async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const created = await api().call('POST', '/v1/budgets', { key: key(), body: { currency: 'USD', period: { type: 'monthly' }, ...defaults, ...overrides } });
    if (created.status !== 201) throw new Error(`budget not created: ${created.status} ${JSON.stringify(created.body)}`);
    const backdate = options.backdateDaysOf?.();
    if (backdate) await backdateBudget(backdate.tenantId, created.body.id, backdate.days);
    return created.body.id;
  };
}

/** `YYYY-MM-DD` (UTC) of the day `days` before now. */
export const utcDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Dates a budget of the local stack's table back, straight in the table, as if it had been
 * created `days` ago: history recorded on past days then falls within its life.
 */
export async function backdateBudget(tenantId: string, budgetId: string, days: number): Promise<void> {
  const table = tableContextFromEnv();
  await table.client.send(new UpdateCommand({
    TableName: table.tableName, Key: { pk: keys.tenantPk(tenantId), sk: keys.budgetSk(budgetId) },
    UpdateExpression: 'SET createdAt = :createdAt', ExpressionAttributeValues: { ':createdAt': new Date(Date.now() - days * 86_400_000).toISOString() },
  }));
}
