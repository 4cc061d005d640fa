import type { AuditEntry } from '../audit/audit.js';
import type { Page } from '../common/ports.js';
import type { AlertRecord, CounterSnapshot } from './alerts.js';

export interface AlertListFilter {
  budgetId?: string;
  state?: 'active' | 'acknowledged' | 'resolved';
}

/** Alert transitions are conditional on the counter movement they come from, so stale or repeated stream records change nothing. */
export interface AlertStore {
  /** Fires the alert unless it is already firing or a newer movement was seen; true when it fired. */
  fire(snapshot: CounterSnapshot, threshold: number, kind: AlertRecord['kind'], nowMs: number): Promise<boolean>;
  /** Resolves the alert if it is firing and no newer movement was seen; true when it resolved. */
  resolve(snapshot: CounterSnapshot, threshold: number, kind: AlertRecord['kind'], nowMs: number): Promise<boolean>;
  get(tenantId: string, alertId: string): Promise<AlertRecord | undefined>;
  list(tenantId: string, filter: AlertListFilter, limit: number, cursor: string | undefined): Promise<Page<AlertRecord>>;
  /** The acknowledged alert, or undefined unless it was active or acknowledged (the first acknowledgement's time is kept). */
  /** Audited (`audit`, in the same write) only when it moves from active. */
  acknowledge(tenantId: string, alertId: string, nowMs: number, audit: AuditEntry): Promise<AlertRecord | undefined>;
}
