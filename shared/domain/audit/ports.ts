import type { Page } from '../common/ports.js';
import type { AuditEntry } from './audit.js';

export interface AuditFilter {
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  action?: string | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

/**
 * The audit trail. Entries are written by the store of each audited change, in that change's
 * own transaction; no port updates or deletes one.
 */
export interface AuditStore {
  /**
   * An entry on its own, for a change that is many writes rather than one (a cost import:
   * each day is its own movement, in the ledger with its actor): written once they are done.
   */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(tenantId: string, filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>>;
}
