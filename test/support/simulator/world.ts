import { createHash, randomUUID } from 'node:crypto';
import type { TableContext } from '../../../shared/adapters/dynamodb/index.js';
import { DynamoBudgetStore, DynamoIdempotencyStore, DynamoMoneyStore } from '../../../shared/adapters/dynamodb/index.js';
import { BudgetService, type BudgetRecord } from '../../../shared/domain/budgets/index.js';
import { DomainError, type StoredResponse } from '../../../shared/domain/common/index.js';
import { parseAmount } from '../../../shared/domain/common/amount.js';
import { MoneyService, type CounterRecord } from '../../../shared/domain/money/index.js';
import { periodContaining, periodForKey, type PeriodSpec } from '../../../shared/domain/periods/period.js';
import { keyedOptions } from '../../../shared/http/keyed.js';
import { refusalToStore } from '../../../shared/http/problem.js';
import { ledgerEntryView, reservationView, usageView } from '../../../shared/http/views/index.js';
import { CreateBudgetBody, PatchBudgetBody } from '../../../shared/schemas/budgets.js';
import { ChargeBody, CreateAdjustmentBody, CreateCorrectionBody, CreateReservationBody, CreateUsageBody } from '../../../shared/schemas/money.js';
import { newFaultScope, withFaults, type FaultRates, type FaultScope } from './faults.js';
import { Random } from './random.js';
import { testAudit } from '../audit.js';

/**
 * One simulated run: a budget tree of one tenant, batches of concurrent requests against it
 * (each with its own seeded faults), and a snapshot of budgets and counters whenever the
 * system is quiet (before each batch and after the last). Everything it decides is drawn
 * from the run's seed; what DynamoDB makes of concurrent requests is not, so what a run
 * does after its first batch may differ between replays (see the test file).
 */

export const ENFORCEMENTS = ['hard', 'soft', 'approval'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];
export const MONTHLY: PeriodSpec = { type: 'monthly', timezone: 'UTC' };

export type Operation =
  | { kind: 'reserve'; node: number; body: { amount: string; ttlSeconds: number; currency?: string; metadata: { op: string } } }
  | { kind: 'charge'; reservationId: string; body: { amount?: string; currency?: string } }
  | { kind: 'release'; reservationId: string }
  | { kind: 'usage'; node: number; body: { amount: string; occurredAt: string; reference: string; currency?: string } }
  | { kind: 'adjust'; node: number; body: { amount: string; reason: string } }
  | { kind: 'correct'; node: number; body: { periodKey: string; spentDelta: string; reason: string } }
  | { kind: 'patch'; node: number; body: { limit?: string; enforcement?: Enforcement; parentId?: string } }
  | { kind: 'archive'; node: number }
  | { kind: 'sweep' };

export interface PlannedOp {
  /** Unique in the run; carried by what the operation creates (reservation metadata, usage reference, adjustment reason). */
  id: string;
  batch: number;
  op: Operation;
  /** Present when the request carries an Idempotency-Key. */
  idempotency?: { key: string; requestHash: string };
}

export type Outcome =
  | { kind: 'answer'; response: StoredResponse }
  /** A domain error; `stored` is the answer a keyed request keeps for it (API.md), when it is one. */
  | { kind: 'refused'; error: DomainError; stored: StoredResponse | undefined }
  /** Anything else: only an injected fault may cause it. */
  | { kind: 'failed'; error: unknown };

export interface Execution {
  planned: PlannedOp;
  /** Which of the concurrent or later repeats of one keyed operation this is. */
  copy: number;
  batch: number;
  requestId: string;
  /** Which function instance served it. */
  instance: number;
  scope: FaultScope;
  outcome: Outcome;
}

export interface SimNode {
  id: string;
  createdParent: number | null;
  /** Created hard and never PATCHed to another enforcement. */
  stickyHard: boolean;
}

export interface Snapshot {
  atMs: number;
  budgets: Map<string, BudgetRecord>;
  /** `budgetId#periodKey` → counter; absent: no counter yet. */
  counters: Map<string, CounterRecord>;
}

export interface RunConfig {
  operations: number;
  batchSizes: number[];
  /** The clock of each batch (and of one more, for repeats left over). */
  batchTimesMs: number[];
  /**
   * Swarm testing: each run weighs the operations its own way (some not at all), so some
   * runs are mostly PATCHes racing holds, others mostly holds and usage, and so on.
   */
  weights: Record<OperationKind, number>;
  /** Function instances serving the run's requests, each remembering budgets on its own. */
  instances: number;
  maxAttempts: number;
  faults: FaultRates;
  grandchildren: number;
}

export interface World {
  seed: number;
  tenantId: string;
  config: RunConfig;
  nodes: SimNode[];
  periodKeys: string[];
  planned: PlannedOp[];
  executions: Execution[];
  snapshots: Snapshot[];
}

export interface SimulationTables {
  /** The services' table, through a client with fault injection (see `faults.ts`). */
  faulty: TableContext;
  /** The same table without faults: setup, snapshots and checks. */
  clean: TableContext;
}

const ACTOR_KEY = 'key_simulator';
/** How often each operation is drawn, before a run's swarm factors. */
const WEIGHTS = { reserve: 32, charge: 16, release: 9, usage: 10, adjust: 7, correct: 4, patch: 12, archive: 2, sweep: 2 } as const;
type OperationKind = keyof typeof WEIGHTS;
const MONEY_KINDS = new Set<Operation['kind']>(['reserve', 'charge', 'release', 'usage', 'adjust', 'correct']);

export const counterKeyOf = (budgetId: string, periodKey: string) => `${budgetId}#${periodKey}`;

/** The run's shape, drawn from its seed before anything runs. */
export function configure(seed: number): RunConfig {
  const random = new Random(seed).fork(0);
  const operations = random.int(14, 26);
  const batchSizes: number[] = [];
  for (let planned = 0; planned < operations;) {
    const size = Math.min(random.int(4, 8), operations - planned);
    batchSizes.push(size);
    planned += size;
  }
  // Mid-month mostly; one run in four starts minutes before a month ends and crosses into the next.
  const month = random.int(0, 11);
  const startMs = random.chance(0.25)
    ? Date.UTC(2026, month + 1, 1) - random.int(20, 240) * 1000
    : Date.UTC(2026, month, random.int(3, 25), random.int(0, 23), random.int(0, 59), random.int(0, 59));
  const batchTimesMs = [startMs];
  // Seconds apart (within the 30 s a function remembers a budget, and holds of 5-60 s lapse), now and then minutes.
  const maxStepSeconds = random.pick([5, 10, 20, 40]);
  for (let index = 0; index < batchSizes.length; index++) {
    const stepSeconds = random.chance(0.1) ? random.int(60, 900) : random.int(1, maxStepSeconds);
    batchTimesMs.push(batchTimesMs[index]! + stepSeconds * 1000);
  }
  const weights = Object.fromEntries(Object.entries(WEIGHTS).map(([kind, weight]) => [
    kind, (weight as number) * (kind === 'reserve' ? random.pick([1, 2, 3]) : random.pick([0, 0.5, 1, 2, 3])),
  ])) as Record<OperationKind, number>;
  const rate = (choices: number[]) => random.pick(choices);
  return {
    operations,
    batchSizes,
    batchTimesMs,
    weights,
    instances: random.int(1, 3),
    maxAttempts: random.pick([2, 3, 4, 6]),
    faults: {
      conflict: rate([0, 0.05, 0.15, 0.3]),
      transactionThrottle: rate([0, 0.05, 0.15]),
      throttle: rate([0, 0.05, 0.15]),
      timeoutAfterCommit: rate([0, 0.05, 0.15, 0.3]),
    },
    grandchildren: random.int(2, 4),
  };
}

/** The periods a run can touch: a minute before its first batch to usage dated 5 minutes after its last. */
function periodKeysOf(config: RunConfig): string[] {
  const first = config.batchTimesMs[0]! - 60_000;
  const last = config.batchTimesMs[config.batchTimesMs.length - 1]! + 5 * 60_000;
  const keys = new Set<string>();
  for (let atMs = first; atMs < last + 86_400_000; atMs += 86_400_000) keys.add(periodContaining(MONTHLY, Math.min(atMs, last))!.key);
  return [...keys];
}

interface Instance {
  money: MoneyService;
  budgets: BudgetService;
}

/** One function instance: its own remembered budgets, the shared (faulty) client, the run's clock. */
function newInstance(table: TableContext, nowMs: () => number): Instance {
  const budgets = new DynamoBudgetStore(table);
  const idempotency = new DynamoIdempotencyStore(table);
  return {
    money: new MoneyService({ budgets, money: new DynamoMoneyStore(table), idempotency, nowMs }),
    budgets: new BudgetService({ budgets, idempotency, nowMs }),
  };
}

const units = (random: Random, min: number, max: number) => `${random.int(min, max)}${random.chance(0.3) ? '.5' : ''}`;

export async function simulate(seed: number, tables: SimulationTables): Promise<World> {
  const config = configure(seed);
  const root = new Random(seed);
  const plan = root.fork(1);
  const tenantId = `sim-${seed}-${randomUUID().slice(0, 8)}`;
  const clock = { nowMs: config.batchTimesMs[0]! };
  const nowMs = () => clock.nowMs;
  const setup = newInstance(tables.clean, nowMs);
  const instances = Array.from({ length: config.instances }, () => newInstance(tables.faulty, nowMs));
  const actor = { tenantId, keyId: ACTOR_KEY };
  const caller = { tenantId, keyId: ACTOR_KEY, keyName: ACTOR_KEY, roles: ['admin'] as const, maxApprovalLevel: 'executive' as const };

  // The tree: a root, two children, 2-4 grandchildren; modest limits, so hard budgets fill up.
  const nodes: SimNode[] = [];
  const create = async (parent: number | null, limit: number) => {
    const stickyHard = plan.chance(parent === null ? 0.5 : 0.35);
    const enforcement: Enforcement = stickyHard ? 'hard' : plan.pick(['hard', 'soft', 'soft', 'approval']);
    const body = CreateBudgetBody.parse({
      name: `node ${nodes.length}`, scope: { type: 'team', id: `sim-${nodes.length}` }, currency: 'USD', limit: String(limit),
      period: { type: 'monthly' }, enforcement, ...(parent !== null && { parentId: nodes[parent]!.id }),
    });
    const created = await setup.budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) });
    nodes.push({ id: (created.body as BudgetRecord).id, createdParent: parent, stickyHard });
  };
  await create(null, plan.int(25, 45));
  for (let child = 0; child < 2; child++) await create(0, plan.int(10, 25));
  for (let grandchild = 0; grandchild < config.grandchildren; grandchild++) await create(plan.int(1, 2), plan.int(4, 12));

  const world: World = { seed, tenantId, config, nodes, periodKeys: periodKeysOf(config), planned: [], executions: [], snapshots: [] };
  const known: Array<{ id: string; amountMicros: bigint }> = [];
  let archives = 0;
  /** Budgets PATCHed in the last two batches: most operations go to them, where a stale read would bite. */
  const patchedIn = new Map<number, number>();

  const newOperation = (batch: number): Operation => {
    const kind = plan.weighted(config.weights);
    const opId = `op${world.planned.length}`;
    const hot = [...patchedIn].filter(([, when]) => batch - when <= 2).map(([index]) => index);
    const node = hot.length > 0 && plan.chance(0.6) ? plan.pick(hot) : plan.int(0, nodes.length - 1);
    const currency = plan.chance(0.03) ? { currency: 'EUR' } : {};
    if ((kind === 'charge' || kind === 'release') && known.length > 0) {
      const recent = known.slice(-6);
      const held = plan.chance(0.7) ? plan.pick(recent) : plan.pick(known);
      if (kind === 'release') return { kind, reservationId: held.id };
      const heldUnits = Number(held.amountMicros / 500_000n) / 2;
      const amount = plan.weighted({ full: 4, less: 3, zero: 1, more: 2 });
      const charged = amount === 'full' ? undefined
        : amount === 'zero' ? '0'
          : amount === 'less' ? String(Math.max(0, heldUnits - plan.int(1, 3)))
            : String(heldUnits + plan.int(1, 3));
      return { kind, reservationId: held.id, body: { ...(charged !== undefined && { amount: charged }), ...currency } };
    }
    switch (kind) {
      case 'usage': {
        const skewSeconds = plan.weighted({ now: 6, past: 2, ahead: 2 });
        const offsetMs = skewSeconds === 'now' ? 0 : skewSeconds === 'past' ? -plan.int(1, 120) * 1000 : plan.int(1, 240) * 1000;
        return { kind, node, body: { amount: units(plan, 0, 3).replace(/^0$/, '0.5'), occurredAt: new Date(config.batchTimesMs[batch]! + offsetMs).toISOString(), reference: opId, ...currency } };
      }
      case 'adjust':
        return { kind, node, body: { amount: `${plan.chance(0.3) ? '-' : ''}${plan.int(1, 6)}`, reason: opId } };
      case 'correct': {
        // The current period or an earlier one of the run (a period that has not started is refused).
        const batchAtMs = config.batchTimesMs[batch]!;
        const started = world.periodKeys.filter((key) => periodForKey(MONTHLY, key)!.startMs! <= batchAtMs);
        const periodKey = plan.chance(0.7) ? periodContaining(MONTHLY, batchAtMs)!.key : plan.pick(started);
        return { kind, node, body: { periodKey, spentDelta: `${plan.chance(0.4) ? '-' : ''}${plan.int(1, 4)}`, reason: opId } };
      }
      case 'patch': {
        patchedIn.set(node, batch);
        const what = plan.weighted({ limit: 4, enforcement: 5, parent: 3, both: 1 });
        const body: Extract<Operation, { kind: 'patch' }>['body'] = {};
        if (what === 'limit' || what === 'both') body.limit = String(plan.int(0, node === 0 ? 50 : 25));
        if ((what === 'enforcement' || what === 'both') && !nodes[node]!.stickyHard) {
          // A real change, mostly to hard: a function that remembers the old mode must not keep acting on it.
          const current = world.snapshots[world.snapshots.length - 1]!.budgets.get(nodes[node]!.id)!.enforcement;
          body.enforcement = current !== 'hard' && plan.chance(0.7) ? 'hard' : plan.pick(ENFORCEMENTS.filter((mode) => mode !== current));
        }
        if (what === 'parent' && node !== 0) body.parentId = nodes[plan.int(0, nodes.length - 1)]!.id;
        if (Object.keys(body).length === 0) body.limit = String(plan.int(0, 25));
        return { kind, node, body };
      }
      case 'archive':
        if (archives < 2) {
          archives++;
          return { kind, node: plan.int(3, nodes.length - 1) };
        }
        return { kind: 'sweep' };
      case 'sweep':
        return { kind };
      default:
        return { kind: 'reserve', node, body: { amount: plan.chance(0.7) ? units(plan, 1, 6) : units(plan, 4, 12), ttlSeconds: plan.pick([5, 20, 60, 600]), ...currency, metadata: { op: opId } } };
    }
  };

  const execute = async (instance: Instance, planned: PlannedOp, requestId: string): Promise<StoredResponse> => {
    const { op } = planned;
    const keyed = keyedOptions({ caller, idempotency: planned.idempotency, requestId });
    switch (op.kind) {
      case 'reserve':
        return instance.money.reserve(actor, nodes[op.node]!.id, CreateReservationBody.parse(op.body), {
          ...keyed,
          respond: (reservation) => ({
            status: reservation.status === 'pending_approval' ? 202 : 201,
            body: reservationView(reservation),
            headers: { Location: `/v1/reservations/${reservation.id}` },
          }),
        });
      case 'charge':
        return instance.money.charge(actor, op.reservationId, ChargeBody.parse(op.body), { ...keyed, respond: (reservation) => ({ status: 200, body: reservationView(reservation) }) });
      case 'release':
        return instance.money.release(actor, op.reservationId, { ...keyed, respond: (reservation) => ({ status: 200, body: reservationView(reservation) }) });
      case 'usage':
        return instance.money.recordUsage(actor, nodes[op.node]!.id, CreateUsageBody.parse(op.body), { ...keyed, respond: (usage) => ({ status: 201, body: usageView(usage) }) });
      case 'adjust':
        return instance.money.adjust(actor, nodes[op.node]!.id, CreateAdjustmentBody.parse(op.body), { ...keyed, respond: (entry) => ({ status: 201, body: ledgerEntryView(entry) }) });
      case 'correct':
        return instance.money.correct(actor, nodes[op.node]!.id, CreateCorrectionBody.parse(op.body), testAudit, { ...keyed, respond: (entry) => ({ status: 201, body: ledgerEntryView(entry) }) });
      case 'patch': {
        const budget = await instance.budgets.patch(tenantId, nodes[op.node]!.id, PatchBudgetBody.parse(op.body), undefined, testAudit);
        return { status: 200, body: { version: budget.version } };
      }
      case 'archive':
        await instance.budgets.archive(tenantId, nodes[op.node]!.id, undefined, testAudit);
        return { status: 204, body: null };
      case 'sweep': {
        const sweep = await instance.money.sweepExpired(clock.nowMs, tenantId);
        return { status: 200, body: sweep };
      }
    }
  };

  /** A request ready to go: its instance and its fault stream are drawn now, in plan order. */
  const prepare = (planned: PlannedOp, copy: number, batch: number) => {
    const requestId = randomUUID();
    const instance = plan.int(0, instances.length - 1);
    // The request's faults come from its own stream: the same ones on a replay, whatever the interleaving.
    const scope = newFaultScope(root.fork(2, Number(planned.id.slice(2)), copy), config.faults, config.maxAttempts);
    return async (): Promise<Execution> => {
      let outcome: Outcome;
      try {
        outcome = { kind: 'answer', response: await withFaults(scope, () => execute(instances[instance]!, planned, requestId)) };
      } catch (error) {
        outcome = error instanceof DomainError
          ? { kind: 'refused', error, stored: planned.idempotency ? refusalToStore(error, requestId) : undefined }
          : { kind: 'failed', error };
      }
      return { planned, copy, batch, requestId, instance, scope, outcome };
    };
  };

  const snapshot = async (atMs: number) => {
    const store = { budgets: new DynamoBudgetStore(tables.clean), money: new DynamoMoneyStore(tables.clean) };
    const budgets = await store.budgets.getMany(tenantId, nodes.map((node) => node.id));
    const counters = await store.money.counters(tenantId, nodes.flatMap((node) => world.periodKeys.map((periodKey) => ({ budgetId: node.id, periodKey }))));
    world.snapshots.push({ atMs, budgets: new Map(budgets.map((budget) => [budget.id, budget])), counters });
  };

  let repeats: PlannedOp[] = [];
  const batchCount = config.batchSizes.length;
  for (let batch = 0; batch <= batchCount; batch++) {
    if (batch === batchCount && repeats.length === 0) break;
    clock.nowMs = config.batchTimesMs[batch]!;
    await snapshot(clock.nowMs);
    const launches = repeats.map((planned) => prepare(planned, 9, batch));
    repeats = [];
    for (let index = 0; index < (config.batchSizes[batch] ?? 0); index++) {
      const op = newOperation(batch);
      const planned: PlannedOp = { id: `op${world.planned.length}`, batch, op };
      world.planned.push(planned);
      if (MONEY_KINDS.has(op.kind) && plan.chance(0.4)) {
        planned.idempotency = { key: `key-${planned.id}`, requestHash: createHash('sha256').update(JSON.stringify(op)).digest('hex') };
        const copies = plan.chance(0.35) ? plan.int(2, 3) : 1;
        for (let copy = 0; copy < copies; copy++) launches.push(prepare(planned, copy, batch));
        if (plan.chance(0.3)) repeats.push(planned);
      } else {
        launches.push(prepare(planned, 0, batch));
      }
    }
    // All in flight at once, started in a seeded order.
    const settled = await Promise.allSettled(plan.shuffle(launches).map((launch) => launch()));
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      const execution = result.value;
      world.executions.push(execution);
      const { outcome, planned } = execution;
      if (planned.op.kind === 'reserve' && outcome.kind === 'answer' && outcome.response.status < 300 && !known.some((held) => held.id === (outcome.response.body as { id: string }).id)) {
        const body = outcome.response.body as { id: string; amount: string };
        known.push({ id: body.id, amountMicros: parseAmount(body.amount) });
      }
    }
  }
  await snapshot(clock.nowMs);
  return world;
}
