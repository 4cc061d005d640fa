import { formatAmount } from '../../domain/common/index.js';
import type { PeriodRecord } from '../../domain/money/index.js';
import type { Period } from '../../schemas/periods.js';
import { isoOrNull } from './money.js';

export function periodView(period: PeriodRecord): Period {
  return {
    budgetId: period.budgetId,
    key: period.window.key,
    start: isoOrNull(period.window.startMs),
    end: isoOrNull(period.window.endMs),
    state: period.state,
    limit: formatAmount(period.limitMicros),
    spent: formatAmount(period.spentMicros),
    reserved: formatAmount(period.reservedMicros),
    available: formatAmount(period.availableMicros),
    utilization: period.utilization,
    rolloverIn: formatAmount(period.rolloverInMicros),
    rolloverOut: formatAmount(period.rolloverOutMicros),
    lateSpent: formatAmount(period.lateSpentMicros),
    closedAt: isoOrNull(period.closedAtMs),
  };
}
