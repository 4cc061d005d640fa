import { formatAmount } from '../../domain/common/index.js';
import type { FocusImportResult } from '../../domain/costs/import.js';
import type { ActualDayRecord } from '../../domain/money/index.js';
import type { ActualsPage, CostImportResult } from '../../schemas/costs.js';

export function costImportView(result: FocusImportResult): CostImportResult {
  return {
    rows: result.rows,
    matched: result.matched.map((budget) => ({
      budgetId: budget.budgetId, days: budget.days, amount: formatAmount(budget.amountMicros), changedDays: budget.changedDays, skippedDays: budget.skippedDays, failedDays: budget.failedDays,
    })),
    unmatchedRows: result.unmatchedRows,
    currencyMismatches: result.currencyMismatches,
    invalidRows: result.invalidRows,
  };
}

export function actualsView(days: readonly ActualDayRecord[]): ActualsPage {
  return {
    items: days.map((day) => ({ date: day.date, amount: formatAmount(day.amountMicros), source: day.source, mode: day.mode, importedAt: day.importedAt, revision: day.revision })),
  };
}
