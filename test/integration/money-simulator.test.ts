import { randomInt, randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/stack.js';
import { checkRun, readFinalState, traceRun } from '../support/simulator/checks.js';
import { FAULT_KINDS, immediateRetries, injectFaults } from '../support/simulator/faults.js';
import { mix32 } from '../support/simulator/random.js';
import { simulate, type World } from '../support/simulator/world.js';

/**
 * A seeded, replayable interleaving test of the money path, in the spirit of TigerBeetle's
 * simulator (DESIGN.md invariants 1-4 and 8; issue 10, "Tests").
 *
 * A run (`test/support/simulator/world.ts`) builds a tree of one tenant (a root, two
 * children, 2-4 grandchildren, modest limits so hard budgets are often full; some budgets
 * stay hard all along, the others start hard, soft or approval), then sends batches of 4-8
 * operations, all in flight at once: reserve, charge (full, less, zero, more than held),
 * release, usage (dated now, up to 2 minutes back or 4 minutes ahead), adjust (top-ups and
 * cuts), PATCH (limit, enforcement, parent anywhere in the tree), archive (of a leaf), the
 * expiry sweep. Each run weighs these its own way (swarm testing), and after a PATCH most
 * operations go to the budget just changed, where a stale read would bite. About 40 % of
 * money requests carry an Idempotency-Key; a third of those are sent two or three times at
 * once, and some again in the next batch. Each request runs through one of 1-3 "function
 * instances" (services remembering budgets on their own) on a DynamoDB client with injected
 * faults (`faults.ts`): transactions cancelled with `TransactionConflict` or
 * `ThrottlingError`, top-level throttling, and writes that commit but answer `TimeoutError`;
 * the SDK gets 2-6 attempts, so some faults reach the caller. Time is fake (the services'
 * `nowMs`), fixed during a batch and moved between batches by seconds (within the 30 s an
 * instance remembers a budget; holds of 5-60 s lapse) or minutes; one run in four crosses a
 * month boundary. After the run, the checks stated in `checks.ts` (no oversell at any level,
 * counters = Σ ledger at every quiet point and by `reconcile`, each reservation in one state
 * the ledger agrees with, one effect per request and alike answers to keyed repeats, no
 * error but domain answers and injected faults), each valid for any interleaving.
 *
 * Replay: every decision of a run (tree, operations and their order, which instance serves
 * each, the fault of each SDK call of each request, the clock) is drawn from its seed; a
 * request's faults come from a stream of its own, so a replay injects the same faults into
 * the same requests. What DynamoDB Local makes of concurrent requests is not seeded: which of
 * two racing holds wins may differ between replays, and with it what follows (a charge
 * picks among the holds known so far). `SEED=<n>` replays one run and prints its trace; a
 * failure usually replays, and one that does not is still a defect (the checks hold for
 * every interleaving).
 *
 *   npx vitest run test/integration/money-simulator.test.ts                 # SIM_RUNS (default 300) runs, random base seed
 *   SEED=123 npx vitest run test/integration/money-simulator.test.ts        # one run, with its trace
 *   SIM_RUNS=5000 SIM_BASE_SEED=7 npx vitest run test/integration/money-simulator.test.ts
 *
 * Cost: DynamoDB Local (one Java process on this 2-core machine) is the bottleneck: a run
 * makes about 190 calls (half of them setup and checks). Its tables have no stream (nothing
 * reads one here, and DynamoDB Local's per-write stream lookup grows with the records it
 * holds), so a call stays cheap however long the suite runs: 300 runs in `npm test` add about
 * 30 s to it. A random base seed each time makes every run of the suite cover new ground,
 * and SIM_RUNS takes it to thousands.
 */
const SEED = process.env.SEED === undefined ? undefined : Number(process.env.SEED) >>> 0;
const RUNS = SEED === undefined ? Number(process.env.SIM_RUNS ?? 300) : 1;
const BASE_SEED = process.env.SIM_BASE_SEED === undefined ? randomInt(2 ** 32) : Number(process.env.SIM_BASE_SEED) >>> 0;
/** Runs in flight at once (separate tenants), to keep DynamoDB Local busy. */
const PARALLEL = Number(process.env.SIM_PARALLEL ?? 4);
/**
 * A fresh table every so many runs, dropped when they are done: the expiry index is read
 * across tenants (a refused hold and the sweep query every shard of it), so a table shared
 * by thousands of runs would make each run slower than the last.
 */
const RUNS_PER_TABLE = 20;
/** Failing runs described in full (all are counted). */
const FAILURES_SHOWN = 5;

const clients: DynamoDBDocumentClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

function newClient(faulty: boolean): DynamoDBDocumentClient {
  const config = localDynamoDbClientConfig(inject('dynamoEndpoint'));
  const client = faulty ? createDocumentClient({ ...config, retryStrategy: immediateRetries() }, injectFaults) : createDocumentClient(config);
  clients.push(client);
  return client;
}

interface RunReport {
  seed: number;
  violations: string[];
  config: World['config'];
}

/** What the runs did, counted: answers by status (or error), faults injected by kind. */
class Tally {
  runs = 0;
  operations = 0;
  requests = 0;
  readonly answers = new Map<string, number>();
  readonly faults = new Map<string, number>(FAULT_KINDS.map((kind) => [kind, 0]));

  add(world: World): void {
    this.runs++;
    this.operations += world.planned.length;
    for (const { outcome, scope } of world.executions) {
      this.requests++;
      const label = outcome.kind === 'answer' ? String(outcome.response.status) : outcome.kind === 'refused' ? outcome.error.name : 'fault';
      this.answers.set(label, (this.answers.get(label) ?? 0) + 1);
      for (const kind of FAULT_KINDS) this.faults.set(kind, this.faults.get(kind)! + scope.injected[kind]);
    }
  }

  toString(): string {
    return `${this.runs} runs, ${this.operations} operations, ${this.requests} requests; `
      + `answers ${JSON.stringify(Object.fromEntries([...this.answers].sort()))}; injected ${JSON.stringify(Object.fromEntries(this.faults))}`;
  }
}

describe('the money path under a seeded simulator', () => {
  it(`keeps every money invariant over ${RUNS} random interleavings with injected faults`, async () => {
    const seeds = SEED === undefined ? Array.from({ length: RUNS }, (_, index) => mix32(BASE_SEED + index)) : [SEED];
    console.log(SEED === undefined
      ? `[money-simulator] base seed ${BASE_SEED} (SIM_BASE_SEED=${BASE_SEED} repeats these ${RUNS} runs; SEED=<run seed> replays one)`
      : `[money-simulator] replaying SEED=${SEED}`);
    const clean = newClient(false);
    const faulty = newClient(true);
    const admin = new DynamoDBClient(localDynamoDbClientConfig(inject('dynamoEndpoint')));
    const tables = new Map<number, { name: Promise<string>; pending: number }>();
    const tableFor = (index: number) => {
      const chunk = Math.floor(index / RUNS_PER_TABLE);
      let table = tables.get(chunk);
      if (!table) {
        const tableName = `simulator-${randomUUID()}`;
        table = { name: ensureTable(inject('dynamoEndpoint'), tableName, { stream: false }).then(() => tableName), pending: Math.min(RUNS_PER_TABLE, seeds.length - chunk * RUNS_PER_TABLE) };
        tables.set(chunk, table);
      }
      return table;
    };

    const reports: RunReport[] = [];
    const tally = new Tally();
    const startedMs = Date.now();
    let next = 0;
    let failing = 0;
    const worker = async () => {
      while (next < seeds.length) {
        const index = next++;
        const seed = seeds[index]!;
        const table = tableFor(index);
        const tableName = await table.name;
        const cleanTable: TableContext = { tableName, client: clean };
        try {
          const world = await simulate(seed, { clean: cleanTable, faulty: { tableName, client: faulty } });
          const violations = checkRun(world, await readFinalState(world, cleanTable));
          reports.push({ seed, violations, config: world.config });
          tally.add(world);
          if (SEED !== undefined) console.log(traceRun(world));
          if (violations.length > 0 && ++failing <= 20) console.error(`[money-simulator] SEED=${seed} failed: ${violations.length} violation(s), first: ${violations[0]}`);
        } catch (error) {
          console.error(`[money-simulator] SEED=${seed} crashed`, error);
          throw error;
        }
        if (--table.pending === 0) await admin.send(new DeleteTableCommand({ TableName: tableName }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, seeds.length) }, worker));
    admin.destroy();

    console.log(`[money-simulator] ${tally}; ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
    const failed = reports.filter((report) => report.violations.length > 0);
    const byCheck = new Map<string, number>();
    for (const report of failed) {
      for (const check of new Set(report.violations.map((violation) => /^\[([^\]]+)\]/.exec(violation)?.[1] ?? '?'))) byCheck.set(check, (byCheck.get(check) ?? 0) + 1);
    }
    const described = failed.slice(0, FAILURES_SHOWN).map((report) => [
      `SEED=${report.seed} npx vitest run test/integration/money-simulator.test.ts  (${report.violations.length} violation(s), faults ${JSON.stringify(report.config.faults)}, SDK attempts ${report.config.maxAttempts})`,
      ...report.violations.slice(0, 8).map((violation) => `  - ${violation}`),
    ].join('\n'));
    const origin = SEED === undefined ? `base seed ${BASE_SEED}` : `SEED=${SEED}`;
    expect(failed.length, `${failed.length} of ${reports.length} runs broke an invariant (${origin}; failing runs by check ${JSON.stringify(Object.fromEntries(byCheck))}):\n${described.join('\n')}`).toBe(0);
  }, 120_000 + RUNS * 3_000);
});
