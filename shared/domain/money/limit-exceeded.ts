/**
 * `budget.limit_exceeded` (API.md "Notifications"): a hard budget refused a hold. The refusal
 * itself writes nothing, so the event needs a write of its own to come through the outbox: a
 * notice per (budget, period), noted again only an hour after the last one. The store's
 * condition keeps it to one an hour across every process; the memo here spares a budget that
 * refuses a storm of holds a write per refusal.
 */

export interface LimitExceededNotice {
  tenantId: string;
  budgetId: string;
  periodKey: string;
  refusedAtMs: number;
  /** The hold refused. */
  requestedMicros: bigint;
  /** The refusing budget's period counter as the refusal found it. */
  limitMicros: bigint;
  availableMicros: bigint;
  reservedMicros: bigint;
}

/** At most one notice (one event) per budget and period in this long. */
export const LIMIT_EXCEEDED_QUIET_MS = 3_600_000;

export interface LimitExceededStore {
  /** Notes the refusal unless one was noted for its budget and period within the quiet time before it; true when noted. */
  noteLimitExceeded(notice: LimitExceededNotice): Promise<boolean>;
}

export class LimitExceededNotices {
  /** `tenant/budget/period` → when this process last knew a notice to stand. */
  private readonly lastNotedMs = new Map<string, number>();

  constructor(private readonly store: LimitExceededStore) {}

  /**
   * Notes a refusal. Never fails the refusal it follows: a note that could not be written
   * (throttled) is left to the budget's next refusal, which tries again.
   */
  async refused(notice: LimitExceededNotice): Promise<void> {
    const key = `${notice.tenantId}/${notice.budgetId}/${notice.periodKey}`;
    const last = this.lastNotedMs.get(key);
    if (last !== undefined && notice.refusedAtMs - last < LIMIT_EXCEEDED_QUIET_MS) return;
    try {
      await this.store.noteLimitExceeded(notice);
      // Noted now or by another process within the hour: either way none is due before an hour from now.
      this.lastNotedMs.set(key, notice.refusedAtMs);
    } catch {
      // Left to the next refusal (see above).
    }
  }
}
