import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { localDynamoDbClientConfig } from '../local/dynamodb-local.js';
import { ensureTable } from '../local/stack.js';
import { createDocumentClient, type TableContext } from '../shared/adapters/dynamodb/index.js';
import { createCosts } from '../shared/app/costs.js';
import { createServices } from '../shared/app/services.js';
import { readFocusCsv } from '../shared/http/focus-csv.js';
import { CreateBudgetBody } from '../shared/schemas/budgets.js';
import { FOCUS_IMPORT_MAX_BYTES } from '../shared/schemas/costs.js';
import { BENCH_AUDIT } from './audit.js';

/**
 * FOCUS import throughput (issue 13): a 100,000-row export (30 days, 20 services, 5 teams'
 * tags, 3 accounts) imported for 25 `focus` budgets (20 by service, 5 by team tag), through
 * the reader and the importer the route uses, on DynamoDB Local. The first import records
 * every (budget, day); the second, of the same file, changes nothing: its time is the
 * reader's and the reads'. Rows/s counts rows of the file.
 */
const ROWS = Number(process.env.BENCH_FOCUS_ROWS ?? 100_000);
const DAYS = 30;
const SERVICES = Array.from({ length: 20 }, (_, index) => `Service ${index}`);
const TEAMS = ['ml', 'web', 'data', 'infra', 'search'];

function focusCsv(): string {
  const lines = ['ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,SubAccountId,RegionId,Tags'];
  for (let index = 0; index < ROWS; index++) {
    // Day by day, as exports are ordered: every service and team appears on every day.
    const day = String(1 + Math.floor((index * DAYS) / ROWS)).padStart(2, '0');
    const team = TEAMS[index % TEAMS.length];
    lines.push(`2026-11-${day},2026-11-${day}T01:00:00Z,${((index % 997) / 100).toFixed(4)},USD,${SERVICES[index % SERVICES.length]},${100000000000 + (index % 3)},us-east-1,"{""team"": ""${team}""}"`);
  }
  return `${lines.join('\n')}\n`;
}

export async function focusImportThroughput(endpoint: string) {
  const tableName = `bench-focus-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName, { stream: false });
  const table: TableContext = { tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint)) };
  const clock = { nowMs: Date.parse('2026-11-01T00:00:00Z') };
  const services = createServices(table, { nowMs: () => clock.nowMs });
  const costs = createCosts(table, { nowMs: () => clock.nowMs });
  const tenantId = 'bench-focus';
  const filters = [...SERVICES.map((service) => ({ services: [service] })), ...TEAMS.map((team) => ({ tags: { team: [team] } }))];
  for (const [index, filter] of filters.entries()) {
    const body = CreateBudgetBody.parse({
      name: `b${index}`, scope: { type: 'project', id: `p${index}` }, currency: 'USD', limit: '1000000', period: { type: 'monthly' },
      costSource: { provider: 'focus', filter },
    });
    await services.budgets.create(tenantId, body, { audit: BENCH_AUDIT, respond: (budget) => ({ status: 201, body: budget }) });
  }
  clock.nowMs = Date.parse('2026-11-30T23:00:00Z');
  const csv = focusCsv();
  const actor = { tenantId, keyId: 'key_bench' };
  const timed = async () => {
    const started = performance.now();
    const result = await costs.importer.importFocus(actor, BENCH_AUDIT, (onRow) => readFocusCsv(csv, onRow));
    return { ms: performance.now() - started, result };
  };
  const first = await timed();
  const second = await timed();
  const changed = (run: typeof first) => run.result.matched.reduce((sum, budget) => sum + budget.changedDays, 0);
  if (Buffer.byteLength(csv) > FOCUS_IMPORT_MAX_BYTES) throw new Error('the bench file is larger than the route accepts');
  if (first.result.rows !== ROWS || changed(first) !== filters.length * DAYS || changed(second) !== 0) {
    throw new Error(`unexpected import: ${JSON.stringify({ rows: first.result.rows, changedFirst: changed(first), changedSecond: changed(second) })}`);
  }
  const mb = Buffer.byteLength(csv) / 2 ** 20;
  return {
    rows: ROWS,
    fileMiB: Math.round(mb * 100) / 100,
    budgets: filters.length,
    budgetDaysRecorded: changed(first),
    firstImportMs: Math.round(first.ms),
    firstRowsPerSecond: Math.round(ROWS / (first.ms / 1000)),
    repeatImportMs: Math.round(second.ms),
    repeatRowsPerSecond: Math.round(ROWS / (second.ms / 1000)),
  };
}

export function printFocusImport(figures: Awaited<ReturnType<typeof focusImportThroughput>>): void {
  console.log('FOCUS import (100,000 rows, reader + importer, DynamoDB Local)');
  console.table([figures]);
}
