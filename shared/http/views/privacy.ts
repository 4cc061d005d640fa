import type { BudgetRecords, PrivacyScope } from '../../domain/privacy/index.js';
import type { PrivacyExport } from '../../schemas/privacy.js';
import { budgetView } from './budgets.js';
import { ledgerEntryView, reservationView, usageView } from './money.js';
import { alertView, approvalView } from './notices.js';

/** A privacy export: each record as the API shows it anywhere else. */
export function privacyExportView(scope: PrivacyScope, exportedAtMs: number, budgets: readonly BudgetRecords[]): PrivacyExport {
  return {
    scope,
    exportedAt: new Date(exportedAtMs).toISOString(),
    budgets: budgets.map((recorded) => ({
      budget: budgetView(recorded.budget),
      usage: recorded.usage.map(usageView),
      reservations: recorded.reservations.map(reservationView),
      ledger: recorded.ledger.map(ledgerEntryView),
      alerts: recorded.alerts.map(alertView),
      approvals: recorded.approvals.map(approvalView),
    })),
  };
}
