/**
 * Reconciliation: proves counters = Σ ledger (API.md "Ledger"). The scheduled
 * reconciliation job, drift events and corrections (the period-close issue) build here.
 */
export { ReconciliationService, type Reconciliation } from './reconcile.js';
