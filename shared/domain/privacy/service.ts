import { auditEntry, type AuditContext } from '../audit/audit.js';
import type { AuditStore } from '../audit/ports.js';
import type { AlertRecord } from '../alerts/alerts.js';
import type { AlertStore } from '../alerts/ports.js';
import type { BudgetRecord, ScopeType } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { stampOf } from '../budgets/service.js';
import { eachConcurrently } from '../common/concurrency.js';
import { ConcurrentChangeError, ValidationError } from '../common/errors.js';
import { newPrivacyRequestId } from '../common/ids.js';
import { LIMITS } from '../common/limits.js';
import { WriteConflict, type Page } from '../common/ports.js';
import type { ApprovalRecord } from '../money/approvals.js';
import type { ApprovalStore, MoneyStore } from '../money/ports.js';
import type { LedgerEntryRecord, ReservationRecord, UsageRecord } from '../money/records.js';
import {
  AUDITED_TEXT_FIELDS, erasedApproval, erasedAuditChanges, erasedBudget, erasedLedgerEntry, erasedReservation, erasedUsage,
} from './erasure.js';
import type { PrivacyWriter } from './ports.js';

export interface PrivacyScope {
  type: ScopeType;
  id: string;
}

/** One budget of the scope and everything recorded on it. */
export interface BudgetRecords {
  budget: BudgetRecord;
  usage: UsageRecord[];
  reservations: ReservationRecord[];
  ledger: LedgerEntryRecord[];
  alerts: AlertRecord[];
  approvals: ApprovalRecord[];
}

export interface PrivacyDeps {
  budgets: BudgetStore;
  money: MoneyStore;
  alerts: AlertStore;
  approvals: ApprovalStore;
  writer: PrivacyWriter;
  audit: Pick<AuditStore, 'append'>;
  nowMs?: () => number;
  /** Default {@link MAX_EXPORT_RECORDS}. */
  maxExportRecords?: number;
}

/** Rewrites at once: each is one small write to its own item. */
const ERASE_CONCURRENCY = 8;
/** Time kept back from the caller's for the budget write, its last read and the audit entry. */
const ERASE_RESERVE_MS = 2_000;
/** What one export answer carries at most (records of a few hundred bytes each, within its 6 MB). */
export const MAX_EXPORT_RECORDS = 10_000;

export interface ErasureOutcome {
  budgets: number;
  records: number;
  /** False: time ran out first; what is left is erased by asking again. */
  complete: boolean;
}
const BUDGET_WRITE_ATTEMPTS = 4;
const BUDGET_TEXT_FIELDS = AUDITED_TEXT_FIELDS.budget;

const never = () => false;

/** Every page, or those read before `stop` said so (the caller asks `stop` again to know). */
async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>, stop: () => boolean = never): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor !== undefined && !stop());
  return items;
}

/**
 * Export and erasure per scope (API.md "Privacy"). Erasure rewrites the free text of a scope's
 * budgets, of everything recorded on them and of their audit entries; amounts, ids, periods
 * and counters are never touched, so every figure reads the same after. The budgets go last:
 * their scope id is how the scope is found, so an erasure cut short is finished by asking again.
 */
export class PrivacyService {
  private readonly nowMs: () => number;

  constructor(private readonly deps: PrivacyDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /** Refused (400) past {@link MAX_EXPORT_RECORDS}: one answer carries at most 6 MB. */
  async export(tenantId: string, scope: PrivacyScope): Promise<{ exportedAtMs: number; budgets: BudgetRecords[] }> {
    const exportedAtMs = this.nowMs();
    const budgets: BudgetRecords[] = [];
    let records = 0;
    // Read no further than the limit: a scope past it is refused, not read whole first.
    const maxRecords = this.deps.maxExportRecords ?? MAX_EXPORT_RECORDS;
    const tooMany = () => records > maxRecords;
    for (const budget of await this.budgetsOf(tenantId, scope)) {
      const recorded = await this.recordsOf(budget, { stop: tooMany, onRead: (count) => void (records += count) });
      if (tooMany()) {
        throw new ValidationError([{ pointer: '/scope', detail: `the scope holds more than ${maxRecords} records, more than one answer can carry; read its budgets' records through their paged routes` }]);
      }
      budgets.push(recorded);
    }
    return { exportedAtMs, budgets };
  }

  /**
   * Erases until done or `timeLeftMs` runs short: a budget is erased only after all its
   * records, so what is left is found by asking again (`complete: false`). Each budget's
   * records are read once more after it, for what was recorded on it meanwhile.
   */
  async erase(tenantId: string, scope: PrivacyScope, reason: string, audit: AuditContext, timeLeftMs: () => number): Promise<ErasureOutcome> {
    const outOfTime = () => timeLeftMs() < ERASE_RESERVE_MS;
    const erasedBudgetIds: string[] = [];
    let records = 0;
    let complete = true;
    for (const budget of await this.budgetsOf(tenantId, scope)) {
      if (outOfTime()) {
        complete = false;
        break;
      }
      const before = await this.eraseRecordsOf(budget, outOfTime);
      if (!before.complete) {
        records += before.records;
        complete = false;
        break;
      }
      const erased = await this.eraseBudget(budget, audit);
      // What was recorded on it meanwhile, as far as the time allows (the budget is no longer found by the scope).
      const after = await this.eraseRecordsOf(budget, outOfTime);
      records += before.records + after.records;
      if (erased) erasedBudgetIds.push(budget.id);
    }
    const nowMs = this.nowMs();
    // The entry names the scope's type and the budgets, never the id erased.
    await this.deps.audit.append(auditEntry(audit, nowMs, {
      tenantId, action: 'privacy.erased', resourceType: 'privacyRequest', resourceId: newPrivacyRequestId(nowMs),
      changes: { erasure: { from: null, to: { scopeType: scope.type, reason, budgetIds: erasedBudgetIds, records, complete } } },
    }));
    return { budgets: erasedBudgetIds.length, records, complete };
  }

  /** A budget's records and their audit entries; `complete` false when `stop` said so first (reading or writing). */
  private async eraseRecordsOf(budget: BudgetRecord, stop: () => boolean): Promise<{ records: number; complete: boolean }> {
    let records = 0;
    const count = (erased: boolean) => void (records += Number(erased));
    const recorded = await this.recordsOf(budget, { stop });
    if (stop()) return { records, complete: false };
    await eachConcurrently(recorded.usage, ERASE_CONCURRENCY, async (usage) => count(await this.eraseUsage(usage)), stop);
    await eachConcurrently(recorded.ledger, ERASE_CONCURRENCY, async (entry) => count(await this.eraseLedgerEntry(entry)), stop);
    await eachConcurrently(recorded.reservations, ERASE_CONCURRENCY, async (reservation) => count(await this.eraseReservation(reservation)), stop);
    await eachConcurrently(recorded.approvals, ERASE_CONCURRENCY, async (approval) => count(await this.eraseApproval(approval)), stop);
    return { records, complete: !stop() };
  }

  private async budgetsOf(tenantId: string, scope: PrivacyScope): Promise<BudgetRecord[]> {
    const byStatus = await Promise.all((['active', 'archived'] as const).map((status) => allPages((cursor) => this.deps.budgets.list(
      tenantId, { scopeType: scope.type, scopeId: scope.id, status }, LIMITS.pageSizeMax, cursor,
    ))));
    return byStatus.flat();
  }

  /** Everything recorded on a budget, page by page until `stop` (then partial: the caller asks `stop` again); `onRead` counts as it goes. */
  private async recordsOf(budget: BudgetRecord, reading: { stop?: () => boolean; onRead?: (count: number) => void } = {}): Promise<BudgetRecords> {
    const { tenantId, id } = budget;
    const read = <T>(page: (cursor: string | undefined) => Promise<Page<T>>) => allPages(async (cursor) => {
      const next = await page(cursor);
      reading.onRead?.(next.items.length);
      return next;
    }, reading.stop);
    const [usage, reservations, ledger, alerts, approvals] = await Promise.all([
      read((cursor) => this.deps.money.usage(tenantId, id, {}, LIMITS.pageSizeMax, cursor)),
      read((cursor) => this.deps.money.listReservations(tenantId, id, undefined, LIMITS.pageSizeMax, cursor)),
      read((cursor) => this.deps.money.ledger(tenantId, id, undefined, LIMITS.pageSizeMax, cursor)),
      read((cursor) => this.deps.alerts.list(tenantId, { budgetId: id }, LIMITS.pageSizeMax, cursor)),
      read((cursor) => this.deps.approvals.list(tenantId, { budgetId: id }, LIMITS.pageSizeMax, cursor)),
    ]);
    return { budget, usage, reservations, ledger, alerts, approvals };
  }

  private async eraseUsage(usage: UsageRecord): Promise<boolean> {
    const after = erasedUsage(usage);
    if (after) await this.deps.writer.rewriteUsage(after);
    return after !== undefined;
  }

  /** A correction's audit entry repeats its reason. */
  private async eraseLedgerEntry(entry: LedgerEntryRecord): Promise<boolean> {
    const after = erasedLedgerEntry(entry);
    if (!after) return false;
    await this.deps.writer.rewriteLedgerEntry(after);
    if (entry.type === 'correction') {
      await this.deps.writer.eraseAuditText(entry.tenantId, 'ledgerEntry', entry.id, (changes) => erasedAuditChanges(changes, AUDITED_TEXT_FIELDS.ledgerEntry));
    }
    return true;
  }

  private async eraseReservation(reservation: ReservationRecord): Promise<boolean> {
    for (let read = reservation, attempt = 0; attempt < BUDGET_WRITE_ATTEMPTS; attempt++) {
      const after = erasedReservation(read);
      if (!after) return false;
      if (await this.deps.writer.rewriteReservation(read, after)) return true;
      const now = await this.deps.money.getReservation(read.tenantId, read.id);
      if (!now) return false;
      read = now;
    }
    throw new ConcurrentChangeError(`Reservation ${reservation.id} kept changing while it was erased; ask again.`);
  }

  /** An approval's decision comment is in its audit entry too. */
  private async eraseApproval(approval: ApprovalRecord): Promise<boolean> {
    for (let read = approval, attempt = 0; attempt < BUDGET_WRITE_ATTEMPTS; attempt++) {
      const after = erasedApproval(read);
      if (!after) return false;
      if (await this.deps.writer.rewriteApproval(read, after)) {
        await this.deps.writer.eraseAuditText(read.tenantId, 'approval', read.id, (changes) => erasedAuditChanges(changes, AUDITED_TEXT_FIELDS.approval));
        return true;
      }
      const now = await this.deps.approvals.get(read.tenantId, read.id);
      if (!now) return false;
      read = now;
    }
    throw new ConcurrentChangeError(`Approval ${approval.id} kept changing while it was erased; ask again.`);
  }

  /** The budget's text, at the version read (a new version, like any change of the budget); false when there was none left. */
  private async eraseBudget(budget: BudgetRecord, audit: AuditContext): Promise<boolean> {
    for (let read = budget, attempt = 0; attempt < BUDGET_WRITE_ATTEMPTS; attempt++) {
      const erased = erasedBudget(read);
      if (!erased) return false;
      const nowMs = this.nowMs();
      const after: BudgetRecord = { ...read, ...erased, version: read.version + 1, updatedAt: new Date(nowMs).toISOString() };
      const entry = auditEntry(audit, nowMs, {
        tenantId: read.tenantId, action: 'budget.erased', resourceType: 'budget', resourceId: read.id,
        changes: { erasedFields: { from: null, to: [...BUDGET_TEXT_FIELDS] } },
      });
      try {
        // Text decides no money: no counter is stamped (one written meanwhile at the old version stays right), only the version moves, so a PATCH read before this cannot write the text back.
        await this.deps.budgets.update(read, after, undefined, { ...stampOf(read, after, nowMs), periods: [] }, entry);
        // After the write: an update that landed before it recorded the text it replaced.
        await this.deps.writer.eraseAuditText(read.tenantId, 'budget', read.id, (changes) => erasedAuditChanges(changes, BUDGET_TEXT_FIELDS));
        return true;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
      }
      const now = await this.deps.budgets.get(read.tenantId, read.id);
      if (!now) return false;
      read = now;
    }
    throw new ConcurrentChangeError(`Budget ${budget.id} kept changing while it was erased; ask again.`);
  }
}
