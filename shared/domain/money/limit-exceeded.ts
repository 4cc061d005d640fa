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
  /**
   * Notes the refusal unless one was noted for its budget and period within the quiet time
   * before it; answers when the notice that stands was noted (this one's time when noted).
   */
  noteLimitExceeded(notice: LimitExceededNotice): Promise<{ notedAtMs: number }>;
}

/** After a note that could not be written (throttled), this process tries again no sooner than this. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export class LimitExceededNotices {
  /** `tenant/budget/period` → from when this process need not try to note again. */
  private readonly quietUntilMs = new Map<string, number>();

  constructor(private readonly store: LimitExceededStore) {}

  /**
   * Notes a refusal. Never fails the refusal it follows: a note that could not be written
   * (throttled) is left to a refusal a minute later, which tries again.
   */
  async refused(notice: LimitExceededNotice): Promise<void> {
    const key = `${notice.tenantId}/${notice.budgetId}/${notice.periodKey}`;
    if (notice.refusedAtMs < (this.quietUntilMs.get(key) ?? 0)) return;
    try {
      // Noted now or by another process: none is due before the hour of the one that stands ends.
      const { notedAtMs } = await this.store.noteLimitExceeded(notice);
      this.quietUntilMs.set(key, notedAtMs + LIMIT_EXCEEDED_QUIET_MS);
    } catch {
      // Left to a later refusal (see above), not to the next one: a throttled partition is not asked again at once.
      this.quietUntilMs.set(key, notice.refusedAtMs + RETRY_AFTER_FAILURE_MS);
    }
  }
}
