import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClientConfig } from '../local/dynamodb-local.js';
import { ensureTable } from '../local/stack.js';
import { createDocumentClient, DynamoSpendBreakdownStore, DynamoSpendHistoryStore, type TableContext } from '../shared/adapters/dynamodb/index.js';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import { createReporting } from '../shared/app/reports.js';
import { createServices } from '../shared/app/services.js';
import { parseAmount } from '../shared/domain/common/amount.js';
import { newBudgetId } from '../shared/domain/common/ids.js';
import { csvOf } from '../shared/http/csv.js';
import { ROLLUP_CSV, budgetReportView, rollupView } from '../shared/http/views/index.js';
import { CreateBudgetBody } from '../shared/schemas/budgets.js';
import { BENCH_AUDIT } from './audit.js';

/**
 * Issue 14: the tenant roll-up for 5,000 budgets (50 teams of 99 projects, each with a counter
 * and a kept forecast: the read is budgets, counters and summaries, never a ledger), and the
 * report of a budget with 100 children (their counters, the period's breakdown and days, its
 * forecast: first with the model fitted, then with the kept one). Wall time against DynamoDB
 * Local, rendering (JSON, CSV) included.
 */
const TEAMS = 50;
const PROJECTS_PER_TEAM = 99;
const CHILDREN = 100;
const RUNS = 3;

const ms = (start: number) => Math.round(performance.now() - start);

async function batchPut(table: TableContext, items: Array<Record<string, unknown>>): Promise<void> {
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, index) => items.slice(index * 25, index * 25 + 25));
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < batches.length) {
      let request: Record<string, unknown> | undefined = { [table.tableName]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) request = (await table.client.send(new BatchWriteCommand({ RequestItems: request as never }))).UnprocessedItems;
    }
  }));
}

const body = (fields: Record<string, unknown>) =>
  CreateBudgetBody.parse({ name: 'bench', scope: { type: 'team', id: 'bench' }, currency: 'USD', limit: '1000', period: { type: 'monthly' }, ...fields });

/** 5,000 budgets copied from one made by the service (its item, counter and forecast summary), under new ids in a two-level tree. */
async function seedTenant(table: TableContext, tenantId: string): Promise<number> {
  const services = createServices(table);
  const model = (await services.budgets.create(tenantId, body({ name: 'model' }), { audit: BENCH_AUDIT, respond: (created) => ({ status: 201, body: created }) })).body as { id: string };
  await services.money.recordUsage({ tenantId, keyId: 'bench' }, model.id, { amountMicros: parseAmount('12.5') }, { respond: (usage) => ({ status: 201, body: usage }) });
  const periodKey = new Date().toISOString().slice(0, 7);
  const read = async (pk: string, sk: string) => (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk } }))).Item!;
  const budgetItem = await read(keys.tenantPk(tenantId), keys.budgetSk(model.id));
  const counterItem = await read(keys.budgetMoneyPk(tenantId, model.id), keys.counterSk(periodKey));
  const items: Array<Record<string, unknown>> = [];
  const add = (name: string, parent: { id: string; path: string[] } | null) => {
    const id = newBudgetId(Date.now());
    const path = parent ? [...parent.path, parent.id] : [];
    items.push({ ...budgetItem, sk: keys.budgetSk(id), id, name, parentId: parent?.id ?? null, path });
    items.push({ ...counterItem, pk: keys.budgetMoneyPk(tenantId, id), budgetId: id });
    items.push({ pk: keys.forecastSummariesPk(tenantId), sk: keys.forecastSummarySk(id), entity: 'forecastSummary', tenantId, budgetId: id, periodKey, projectedSpendMicros: 30_000_000n, exhaustionDate: null, asOfMs: Date.now() });
    return { id, path };
  };
  for (let team = 0; team < TEAMS; team++) {
    const parent = add(`team-${team}`, null);
    for (let project = 0; project < PROJECTS_PER_TEAM; project++) add(`team-${team} project-${project}`, parent);
  }
  await batchPut(table, items);
  return items.length / 3 + 1;
}

/** A budget with 100 children, each with spend; the root's period breakdown (20 categories, 5 providers) and 30 days of history. */
async function seedParent(table: TableContext, tenantId: string): Promise<string> {
  const services = createServices(table);
  const respond = (created: { id: string }) => ({ status: 201, body: created });
  const root = ((await services.budgets.create(tenantId, body({ name: 'root', limit: '100000', categories: Array.from({ length: 20 }, (_, index) => ({ name: `category-${index}`, limit: '1000' })) }), { audit: BENCH_AUDIT, respond })).body as { id: string }).id;
  for (let child = 0; child < CHILDREN; child++) {
    const id = ((await services.budgets.create(tenantId, body({ name: `child-${child}`, parentId: root }), { audit: BENCH_AUDIT, respond })).body as { id: string }).id;
    await services.money.recordUsage({ tenantId, keyId: 'bench' }, id, { amountMicros: parseAmount('3.25'), category: `category-${child % 20}` }, { respond: (usage) => ({ status: 201, body: usage }) });
  }
  const periodKey = new Date().toISOString().slice(0, 7);
  const breakdown = new DynamoSpendBreakdownStore(table);
  const history = new DynamoSpendHistoryStore(table);
  for (let movement = 1; movement <= CHILDREN; movement++) {
    await breakdown.add({ tenantId, budgetId: root, periodKey, movementCount: movement, spentDeltaMicros: 3_250_000n, category: `category-${movement % 20}`, provider: `provider-${movement % 5}` });
  }
  const today = Date.now();
  for (let day = 0; day < 30; day++) {
    const date = new Date(today - day * 86_400_000).toISOString().slice(0, 10);
    await history.add({ tenantId, budgetId: root, date, periodKey: date.slice(0, 7), movementCount: day + 1, spentDeltaMicros: BigInt(1_000_000 * (10 + (day % 7))) });
  }
  return root;
}

export async function reportsCost(endpoint: string) {
  const tableName = `bench-reports-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName, { stream: false });
  const table: TableContext = { tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint)) };
  const reporting = createReporting(table);

  const rollupTenant = 'bench-rollup';
  const budgets = await seedTenant(table, rollupTenant);
  const rollupMs: number[] = [];
  const csvMs: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    const view = rollupView(await reporting.rollup(rollupTenant, {}), Date.now());
    JSON.stringify(view);
    rollupMs.push(ms(start));
    rows = view.items.length;
    start = performance.now();
    await csvOf(ROLLUP_CSV, rollupView(await reporting.rollup(rollupTenant, {}), Date.now()).items);
    csvMs.push(ms(start));
  }
  if (rows !== budgets) throw new Error(`the roll-up listed ${rows} of ${budgets} budgets`);

  const reportTenant = 'bench-report';
  const root = await seedParent(table, reportTenant);
  let start = performance.now();
  const first = budgetReportView(await reporting.report(reportTenant, root));
  const firstMs = ms(start);
  if (first.children.length !== CHILDREN || first.categories.length !== 20) throw new Error('the report did not show the seeded children and categories');
  const warmMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    start = performance.now();
    JSON.stringify(budgetReportView(await reporting.report(reportTenant, root)));
    warmMs.push(ms(start));
  }
  return {
    method: 'wall time of the domain read and the view (JSON or CSV) against DynamoDB Local, best of 3 (first report alone: it fits the forecast model)',
    rollup: { budgets, jsonMs: Math.min(...rollupMs), csvMs: Math.min(...csvMs) },
    report: { children: CHILDREN, firstMsWithModelFit: firstMs, warmMs: Math.min(...warmMs) },
  };
}

export function printReportsCost(cost: Awaited<ReturnType<typeof reportsCost>>): void {
  console.log('Reports');
  console.table({
    [`roll-up, ${cost.rollup.budgets} budgets`]: { json_ms: cost.rollup.jsonMs, csv_ms: cost.rollup.csvMs },
    [`report, ${cost.report.children} children`]: { first_ms: cost.report.firstMsWithModelFit, warm_ms: cost.report.warmMs },
  });
}
