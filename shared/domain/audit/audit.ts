import { formatAmount } from '../common/amount.js';
import { sortableId } from '../common/ids.js';

/** Who made a change: a key (id and name, as they were), or a job of the service. */
export type AuditActor = { keyId: string; name: string } | { system: string };

/** What every audited write needs to know about its request. */
export interface AuditContext {
  actor: AuditActor;
  requestId: string;
}

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * One change to a tenant's configuration (API.md "Audit trail"), written in the same atomic
 * write as the change itself: a write that fails leaves none, one that succeeds cannot lose
 * it. Never updated or deleted. Money movements are audited by the ledger instead.
 */
export interface AuditEntry {
  tenantId: string;
  id: string;
  at: string;
  actor: AuditActor;
  /** `<resource>.<past tense verb>`, e.g. `budget.updated`. */
  action: string;
  resourceType: string;
  resourceId: string;
  requestId: string;
  changes: AuditChanges;
}

export const AUDIT_ID_PREFIX = 'aud';

export function auditEntry(
  context: AuditContext,
  nowMs: number,
  entry: Pick<AuditEntry, 'tenantId' | 'action' | 'resourceType' | 'resourceId' | 'changes'>,
): AuditEntry {
  return { ...entry, id: sortableId(AUDIT_ID_PREFIX, nowMs), at: new Date(nowMs).toISOString(), actor: context.actor, requestId: context.requestId };
}

/**
 * A value as the audit shows it: amounts in micro-units become decimal strings (so the entry
 * reads like the API: `limitMicros: 100000000n` is `limit: "100"`), everything else as is.
 */
function auditField(name: string, value: unknown): [string, unknown] {
  if (name.endsWith('Micros')) {
    const field = name.slice(0, -'Micros'.length);
    return [field, typeof value === 'bigint' ? formatAmount(value) : value ?? null];
  }
  return [name, auditValue(value)];
}

function auditValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(auditValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, item]) => auditField(name, item)));
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields among `fields` that differ between `before` and `after` (either may be absent:
 * a creation has no before, a deletion no after), with their values as the audit shows them.
 */
export function changedFields<T extends object>(before: T | undefined, after: T | undefined, fields: ReadonlyArray<keyof T & string>): AuditChanges {
  const changes: AuditChanges = {};
  for (const name of fields) {
    const [field, from] = auditField(name, before?.[name]);
    const [, to] = auditField(name, after?.[name]);
    if (!same(from, to)) changes[field] = { from, to };
  }
  return changes;
}
