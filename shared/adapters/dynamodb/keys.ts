/**
 * Item keys. Every tenant item's partition key begins with `T#<tenantId>`, so no query
 * built from a caller's tenant can reach another tenant's items.
 */
export const keys = {
  tenantPk: (tenantId: string) => `T#${tenantId}`,
  tenantSk: () => 'TENANT',
  /** gsi1 of tenant items: every tenant by id, so jobs find tenants through an index, never a scan. */
  tenantsIndexPk: () => 'TENANTS',
  budgetSk: (budgetId: string) => `BUDGET#${budgetId}`,
  budgetPrefix: () => 'BUDGET#',
  /** A tenant's budgets with a cost source, one item each (kept by the budget writes): what the cost imports read. */
  costSourcesPk: (tenantId: string) => `T#${tenantId}#COSTSOURCES`,
  budgetsByParentPk: (tenantId: string, parentId: string | null) => `T#${tenantId}#PARENT#${parentId ?? 'ROOT'}`,
  budgetsByScopePk: (tenantId: string, scopeType: string, scopeId: string) => `T#${tenantId}#SCOPE#${scopeType}#${scopeId}`,
  apiKeySk: (keyId: string) => `APIKEY#${keyId}`,
  apiKeyPrefix: () => 'APIKEY#',
  /** The authorizer's lookup item: found by the hash of the presented secret, holds the tenant. */
  apiKeyLookupPk: (secretHash: string) => `KEYHASH#${secretHash}`,
  apiKeyLookupSk: () => 'KEYHASH',
  /** One partition per key: idempotency records never make a tenant's partition hot. */
  idempotencyPk: (tenantId: string, key: string) => `T#${tenantId}#IDEM#${key}`,
  idempotencySk: () => 'IDEMPOTENCY',
  /** A budget's money: its period counters, ledger entries and usage, one partition per budget. */
  budgetMoneyPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}`,
  counterSk: (periodKey: string) => `PERIOD#${periodKey}`,
  counterPrefix: () => 'PERIOD#',
  /** The budget's closing schedule (money/closing.ts); gsi2: schedules by the end of the period they close, sharded by budget id. */
  closingSk: () => 'CLOSING',
  closingByDuePk: (shard: number) => `CLOSING#${shard}`,
  closingByDueSk: (dueAtMs: number, tenantId: string, budgetId: string) => `${String(dueAtMs).padStart(15, '0')}#${tenantId}#${budgetId}`,
  /** A hard budget's last refusal noted in a period (`budget.limit_exceeded`), in the budget's money partition. */
  limitExceededSk: (periodKey: string) => `LIMITX#${periodKey}`,
  ledgerSk: (entryId: string) => `LEDGER#${entryId}`,
  ledgerPrefix: () => 'LEDGER#',
  usageSk: (occurredAt: string, usageId: string) => `USAGE#${occurredAt}#${usageId}`,
  usagePrefix: () => 'USAGE#',
  reservationPk: (tenantId: string, reservationId: string) => `T#${tenantId}#R#${reservationId}`,
  reservationSk: () => 'RESERVATION',
  /** gsi1: a budget's reservations, oldest first. */
  reservationsByBudgetPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}#RES`,
  /** gsi2: held reservations by expiry, sharded by reservation id so no tenant or budget fills one index partition (expiry-index.ts). */
  heldByExpiryPk: (shard: number) => `HELD#${shard}`,
  heldByExpirySk: (expiresAtMs: number, tenantId: string, reservationId: string) => `${String(expiresAtMs).padStart(15, '0')}#${tenantId}#${reservationId}`,
  /** An alert, one per (budget, period, threshold, kind): its id is derived from those. */
  alertPk: (tenantId: string, alertId: string) => `T#${tenantId}#ALERT#${alertId}`,
  alertSk: () => 'ALERT',
  /** gsi1: a budget's alerts; gsi2: the tenant's alerts; both newest first. */
  alertsByBudgetPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}#ALERTS`,
  alertsByTenantPk: (tenantId: string) => `T#${tenantId}#ALERTS`,
  approvalPk: (tenantId: string, approvalId: string) => `T#${tenantId}#APR#${approvalId}`,
  approvalSk: () => 'APPROVAL',
  /** gsi1: the tenant's approvals, oldest first. */
  approvalsByTenantPk: (tenantId: string) => `T#${tenantId}#APPROVALS`,
  /** gsi2: pending approvals by expiry, sharded by approval id like held reservations. */
  pendingByExpiryPk: (shard: number) => `PENDING#${shard}`,
  /** One item per delivered notification event (deduplication of redeliveries). */
  deliveryPk: (tenantId: string, eventId: string) => `T#${tenantId}#DELIVERY#${eventId}`,
  deliverySk: () => 'DELIVERY',
  /** The last reconciliation check of each period of a budget (one partition per budget, off its money partition). */
  reconciliationPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}#RECON`,
  reconciliationSk: (periodKey: string) => `PERIOD#${periodKey}`,
  /** The variance step last noted for a period of a `compare` budget, beside its checks: each new step is the outbox of `budget.variance_detected`. */
  varianceSk: (periodKey: string) => `VARIANCE#${periodKey}`,
  /** A drift finding, one per (budget, period, drift figures): its insertion is the outbox of `reconciliation.drift_detected`. */
  driftPk: (tenantId: string, findingId: string) => `T#${tenantId}#DRIFT#${findingId}`,
  driftSk: () => 'DRIFT',
  /** A budget's imported provider days (cost actuals), one item per day: the last figure and its revision. */
  actualDaysPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}#ACTUALS`,
  actualDaySk: (date: string) => `DAY#${date}`,
  /** A budget's daily spend history (one partition per budget, off its money partition: the hot counters keep their write ceiling). */
  spendDaysPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}#DAYS`,
  spendDaySk: (date: string) => `DAY#${date}`,
  /** The budget's fitted daily model, in the history's partition and sorting after every day: one query reads a period's days and the model. */
  spendModelSk: () => 'MODEL',
  /** A budget's spend breakdown (reports): per period, one item per category and per provider, off its money partition. */
  spendBreakdownPk: (tenantId: string, budgetId: string) => `T#${tenantId}#B#${budgetId}#BREAKDOWN`,
  /** The period's entries sort together; an empty name is spend without that label (names are never empty). */
  spendBreakdownSk: (periodKey: string, dimension: string, name: string | null) => `${periodKey}#${dimension}#${name ?? ''}`,
  spendBreakdownPeriodPrefix: (periodKey: string) => `${periodKey}#`,
  /** The last forecast of each budget of a tenant, one partition: the roll-up reads its projections in a few pages. */
  forecastSummariesPk: (tenantId: string) => `T#${tenantId}#FORECASTS`,
  forecastSummarySk: (budgetId: string) => `BUDGET#${budgetId}`,
  /** A tenant's audit trail, newest first by id (ids sort by time); gsi1: one resource's entries. */
  auditPk: (tenantId: string) => `T#${tenantId}#AUDIT`,
  auditByResourcePk: (tenantId: string, resourceType: string, resourceId: string) => `T#${tenantId}#AUDIT#${resourceType}#${resourceId}`,
  /** The tenant's Slack link (workspace and approvers), beside its tenant record. */
  slackIntegrationSk: () => 'SLACK',
  /** A linked workspace's lookup item: Slack's callbacks carry no API key, only the workspace, which names the tenant here. */
  slackTeamPk: (teamId: string) => `SLACKTEAM#${teamId}`,
  slackTeamSk: () => 'SLACKTEAM',
  systemPk: (name: string) => `SYS#${name}`,
  systemSk: () => 'SYS',
} as const;
