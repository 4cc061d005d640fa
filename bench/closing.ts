import { randomUUID } from 'node:crypto';
import { localDynamoDbClientConfig } from '../local/dynamodb-local.js';
import { ensureTable } from '../local/stack.js';
import { createDocumentClient, type TableContext } from '../shared/adapters/dynamodb/index.js';
import { createServices } from '../shared/app/services.js';
import { parseAmount } from '../shared/domain/common/amount.js';
import { eachConcurrently } from '../shared/domain/common/concurrency.js';
import { CreateBudgetBody } from '../shared/schemas/budgets.js';
import { CapacityMeter } from './meter.js';
import { BENCH_AUDIT } from './audit.js';

/**
 * What the close job costs per 1,000 budgets (issue 11): a month end of 1,000 monthly budgets
 * with rollover, in three time zones, each with spend in November, closed by one run of the
 * job on the services' clock; then the run after it, with nothing due. Requests, items and
 * capacity are counted at the wire (see CapacityMeter); dollars at DynamoDB on-demand prices.
 */
const BUDGETS = Number(process.env.BENCH_CLOSE_BUDGETS ?? 1_000);
const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata'];
/** On-demand, us-east-1, per million request units (the prices since November 2024). */
const DOLLARS_PER_MILLION = { write: 0.625, read: 0.125 };

export async function closingCost(endpoint: string) {
  const tableName = `bench-closing-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName, { stream: false });
  const meter = new CapacityMeter();
  const table: TableContext = { tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint), (client) => meter.install(client)) };
  const clock = { nowMs: Date.parse('2026-11-10T12:00:00Z') };
  const services = createServices(table, { nowMs: () => clock.nowMs });
  const tenantId = 'bench-close';
  await services.access.createTenant({ id: tenantId, name: tenantId }, BENCH_AUDIT);

  await eachConcurrently(Array.from({ length: BUDGETS }, (_, index) => index), 8, async (index) => {
    const body = CreateBudgetBody.parse({
      name: `b${index}`, scope: { type: 'project', id: `p${index}` }, currency: 'USD', limit: '100',
      period: { type: 'monthly', timezone: ZONES[index % ZONES.length] }, rollover: { enabled: true, max: '50' },
    });
    const created = await services.budgets.create(tenantId, body, { audit: BENCH_AUDIT, respond: (budget) => ({ status: 201, body: budget }) });
    const budgetId = (created.body as { id: string }).id;
    await services.money.recordUsage({ tenantId, keyId: 'key_bench' }, budgetId, { amountMicros: parseAmount(String(1 + (index % 80))) }, { respond: (usage) => ({ status: 201, body: usage }) });
  });

  clock.nowMs = Date.parse('2026-12-01T06:00:00Z'); // after midnight in every zone
  const monthEnd = await meter.measure(() => services.money.closeDuePeriods(clock.nowMs));
  if (monthEnd.result.closed !== BUDGETS || monthEnd.result.failed !== 0) throw new Error(`the close job did not close every budget: ${JSON.stringify(monthEnd.result)}`);
  const idle = await meter.measure(() => services.money.closeDuePeriods(clock.nowMs));
  if (idle.result.closed !== 0) throw new Error('a second run closed again');

  const dollars = (figures: { wcuComputed: number; rcuComputed: number }) =>
    Math.round(((figures.wcuComputed * DOLLARS_PER_MILLION.write + figures.rcuComputed * DOLLARS_PER_MILLION.read) / 1e6) * 1e6) / 1e6;
  const { ledgerEntriesRead: _entries, averageEntryBytes: _bytes, ...closeFigures } = monthEnd.figures;
  const { ledgerEntriesRead: _idleEntries, averageEntryBytes: _idleBytes, ...idleFigures } = idle.figures;
  return {
    budgets: BUDGETS,
    method: 'counted at the wire; RCU from the sizes of the items read, WCU 2 per transactional item per started KB (an update counted as 1 KB); dollars at on-demand prices ($0.625 per million WRU, $0.125 per million RRU)',
    monthEndRun: { periodsClosed: monthEnd.result.closed, ...closeFigures, dollars: dollars(monthEnd.figures) },
    nextRunNothingDue: { ...idleFigures, dollars: dollars(idle.figures) },
  };
}

export function printClosingCost(cost: Awaited<ReturnType<typeof closingCost>>): void {
  console.log(`Close job per ${cost.budgets} budgets (monthly, rollover, three time zones)`);
  console.table({ 'month-end run': cost.monthEndRun, 'next run, nothing due': cost.nextRunNothingDue });
}
