/** Privacy: export and erasure of what is recorded under a scope (API.md "Privacy"). */
export { ERASED } from './erasure.js';
export type { PrivacyWriter } from './ports.js';
export { PrivacyService, type BudgetRecords, type PrivacyDeps, type PrivacyScope } from './service.js';
