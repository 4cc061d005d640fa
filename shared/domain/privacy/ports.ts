import type { AuditChanges } from '../audit/audit.js';
import type { ApprovalRecord } from '../money/approvals.js';
import type { LedgerEntryRecord, ReservationRecord, UsageRecord } from '../money/records.js';

/**
 * Rewrites of records for erasure, each as a record wholly replaced by its erased copy (its
 * ids, amounts and status as read). No other writer changes usage or ledger entries; a
 * reservation or approval moved meanwhile is read again by the service (see PrivacyService).
 */
export interface PrivacyWriter {
  rewriteUsage(usage: UsageRecord): Promise<void>;
  rewriteLedgerEntry(entry: LedgerEntryRecord): Promise<void>;
  /** False when the reservation is no longer as read (`updatedAt`, `status`): read it again. */
  rewriteReservation(before: ReservationRecord, after: ReservationRecord): Promise<boolean>;
  /** False when the approval is no longer in the status read: read it again. */
  rewriteApproval(before: ApprovalRecord, after: ApprovalRecord): Promise<boolean>;
  /**
   * The changes of each audit entry of one resource through `erase` (undefined: nothing to
   * erase); how many entries changed. The entry stays: who, when, what and which fields.
   */
  eraseAuditText(tenantId: string, resourceType: string, resourceId: string, erase: (changes: AuditChanges) => AuditChanges | undefined): Promise<number>;
}
