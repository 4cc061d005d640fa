import { DynamoBudgetStore, DynamoIdempotencyStore, DynamoMoneyStore, DynamoReconciliationStore, type TableContext } from '../../../shared/adapters/dynamodb/index.js';
import {
  BudgetArchivedError, BudgetExceededError, ConflictError, CurrencyMismatchError, ReservationNotHeldError, ValidationError, type StoredResponse,
} from '../../../shared/domain/common/index.js';
import { formatAmount, parseAmount } from '../../../shared/domain/common/amount.js';
import { MoneyService, type CounterRecord, type LedgerEntryRecord, type ReservationRecord, type UsageRecord } from '../../../shared/domain/money/index.js';
import type { ExpirySweep } from '../../../shared/domain/money/index.js';
import { ReconciliationService } from '../../../shared/domain/reconciliation/index.js';
import { isInjectedFault } from './faults.js';
import { counterKeyOf, type Execution, type Operation, type PlannedOp, type World } from './world.js';

/**
 * The checks after a run, each valid for every interleaving DynamoDB may choose:
 *
 * 1. No oversell (invariant 1). Checked batch by batch, between two quiet snapshots, for
 *    every counter of a budget that was `hard` (or `approval`) for the whole batch: none of
 *    its PATCHes touched enforcement. A movement that needs room (a hold, a charge above its
 *    hold) commits only if it fits, so at its commit spent + reserved ≤ the effective limit
 *    of that moment, and afterwards only usage and upward corrections (facts, never refused)
 *    raise it. Hence
 *      committed_after ≤ max(committed_before, Lmax) + usage and upward corrections in the batch
 *    where Lmax bounds every effective limit the counter may have had during the batch (its
 *    base before, the budget's limit before, any limit PATCHed in the batch; its adjustments
 *    before plus the positive ones of the batch). An approval budget may go past by the
 *    automatic allowance (5 % of the limit), once: Lmax + 5 % there. Usage per batch is read
 *    from the ledger: all entries of a batch carry the batch's clock.
 *    Also, literally: at the end, a budget hard all along whose counter saw no usage, no
 *    upward correction and no cut of its limit has spent + reserved ≤ limit in its status.
 * 2. Counters = Σ ledger (invariant 4), at every quiet point: each counter equals the sum of
 *    the deltas of every ledger entry whose chain names it (own and descendants', wherever
 *    they hang now), `available` = base + delta − spent − reserved; and at the end
 *    `reconcile(...)` says `matches` for every budget and period.
 * 3. Each reservation is in one state, and the ledger says the same: one `reserve` entry
 *    for a hold placed, then exactly one of charge (+ release of the rest), release or
 *    expire; none for a hold never placed (pending approval). No two different requests
 *    both charged or released one reservation; an answer that says charged or released is
 *    the reservation's final state.
 * 4. One effect per request (invariant 3), and every repeat of a keyed request answered
 *    alike: same status, body and headers as the first answer, refusals included (a
 *    refusal stored under its key means nothing moved for it).
 * 5. Every error that is not a domain answer comes from an injected fault.
 */

export interface FinalState {
  ledger: LedgerEntryRecord[];
  counters: Map<string, CounterRecord>;
  reservations: Map<string, ReservationRecord>;
  usage: UsageRecord[];
  reconciliations: Array<{ budgetId: string; periodKey: string; matches: boolean; detail: string }>;
  /** Status figures at the end (the period of the last clock) of the budgets hard all along. */
  status: Map<string, { limitMicros: bigint; spentMicros: bigint; reservedMicros: bigint; periodKey: string }>;
}

const LEGITIMATE_REFUSALS = [BudgetExceededError, ReservationNotHeldError, ConflictError, BudgetArchivedError, CurrencyMismatchError];

const json = (value: unknown) => JSON.stringify(value, (_, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
const amount = (micros: bigint) => formatAmount(micros);

export async function readFinalState(world: World, clean: TableContext): Promise<FinalState> {
  const { tenantId } = world;
  const budgetStore = new DynamoBudgetStore(clean);
  const moneyStore = new DynamoMoneyStore(clean);
  const ids = world.nodes.map((node) => node.id);
  const ledger = (await Promise.all(ids.map((id) => moneyStore.allLedgerEntries(tenantId, id)))).flat();
  const counters = await moneyStore.counters(tenantId, ids.flatMap((budgetId) => world.periodKeys.map((periodKey) => ({ budgetId, periodKey }))));

  // Every reservation (those the budgets list, and any the ledger or an answer names), read strongly consistent.
  const reservationIds = new Set<string>();
  for (const id of ids) {
    let cursor: string | undefined;
    do {
      const page = await moneyStore.listReservations(tenantId, id, undefined, 100, cursor);
      for (const reservation of page.items) reservationIds.add(reservation.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  for (const entry of ledger) if (entry.reservationId) reservationIds.add(entry.reservationId);
  for (const execution of world.executions) {
    if (execution.planned.op.kind === 'reserve' && execution.outcome.kind === 'answer' && execution.outcome.response.status < 300) {
      reservationIds.add((execution.outcome.response.body as { id: string }).id);
    }
  }
  const reservations = new Map<string, ReservationRecord>();
  await Promise.all([...reservationIds].map(async (id) => {
    const reservation = await moneyStore.getReservation(tenantId, id);
    if (reservation) reservations.set(id, reservation);
  }));

  const usage: UsageRecord[] = [];
  for (const id of ids) {
    let cursor: string | undefined;
    do {
      const page = await moneyStore.usage(tenantId, id, {}, 100, cursor);
      usage.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  const reconciliation = new ReconciliationService({ budgets: budgetStore, money: moneyStore, store: new DynamoReconciliationStore(clean) });
  const touched = ids.flatMap((budgetId) => world.periodKeys.map((periodKey) => ({ budgetId, periodKey })))
    .filter(({ budgetId, periodKey }) => counters.has(counterKeyOf(budgetId, periodKey))
      || ledger.some((entry) => entry.chain.some((link) => link.budgetId === budgetId && link.periodKey === periodKey)));
  const reconciliations: FinalState['reconciliations'] = (await reconciliation.reconcileMany(tenantId, touched)).map((result) => ({
    budgetId: result.budgetId, periodKey: result.periodKey, matches: result.matches, detail: json({ counters: result.counters, ledger: result.ledger }),
  }));

  const lastMs = world.snapshots[world.snapshots.length - 1]!.atMs;
  const money = new MoneyService({ budgets: budgetStore, money: moneyStore, idempotency: new DynamoIdempotencyStore(clean), nowMs: () => lastMs });
  const status: FinalState['status'] = new Map();
  for (const { id } of world.nodes.filter((node) => node.stickyHard)) {
    const figures = await money.status(tenantId, id, lastMs);
    status.set(id, { limitMicros: figures.limitMicros, spentMicros: figures.spentMicros, reservedMicros: figures.reservedMicros, periodKey: figures.period.key });
  }
  return { ledger, counters, reservations, usage, reconciliations, status };
}

/** Every violation found, each a sentence naming what broke. */
export function checkRun(world: World, final: FinalState): string[] {
  const tagged = (check: string, violations: string[]) => violations.map((violation) => `[${check}] ${violation}`);
  return [
    ...tagged('no-oversell', checkNoOversell(world, final)),
    ...tagged('counters=ledger', checkCountersAgainstLedger(world, final)),
    ...tagged('reconcile', checkReconciliations(final)),
    ...tagged('reservation-states', checkReservations(world, final)),
    ...tagged('one-effect', checkEffects(world, final)),
    ...tagged('keyed-repeats', checkKeyedAnswers(world)),
    ...tagged('errors', checkErrors(world)),
  ];
}

export function describeExecution(execution: Execution): string {
  const { planned } = execution;
  const key = planned.idempotency ? ` key=${planned.idempotency.key} copy=${execution.copy}` : '';
  return `${planned.id} (batch ${execution.batch}, ${describeOp(planned.op)}${key})`;
}

function describeOp(op: Operation): string {
  const { kind, ...rest } = op;
  return `${kind} ${json(rest)}`;
}

/**
 * A correction into a period that starts after its budget was archived is refused (that period
 * never closes): legitimate when an archive of that node had answered by the correction's batch.
 */
function isCorrectionAfterArchiving(world: World, execution: Execution): boolean {
  const { op } = execution.planned;
  const { outcome } = execution;
  if (op.kind !== 'correct' || outcome.kind !== 'refused' || !(outcome.error instanceof ValidationError)) return false;
  if (!outcome.error.errors.every((error) => error.pointer === '/periodKey' && /archived/.test(error.detail))) return false;
  return world.executions.some((other) => other.planned.op.kind === 'archive' && other.planned.op.node === op.node
    && other.outcome.kind === 'answer' && other.batch <= execution.batch);
}

function checkErrors(world: World): string[] {
  const violations: string[] = [];
  for (const execution of world.executions) {
    const { outcome } = execution;
    if (outcome.kind === 'failed' && !isInjectedFault(outcome.error, execution.scope)) {
      const error = outcome.error as Error;
      violations.push(`${describeExecution(execution)} failed with ${error?.name}: ${error?.message} (no injected fault explains it; injected ${json(execution.scope.injected)})`);
    }
    if (outcome.kind === 'refused' && !LEGITIMATE_REFUSALS.some((type) => outcome.error instanceof type) && !isCorrectionAfterArchiving(world, execution)) {
      violations.push(`${describeExecution(execution)} was refused with ${outcome.error.name}: ${outcome.error.message}`);
    }
    if (outcome.kind === 'answer' && execution.planned.op.kind === 'sweep') {
      for (const failure of (outcome.response.body as ExpirySweep).failures) {
        if (!isInjectedFault(failure.error, execution.scope)) violations.push(`${describeExecution(execution)}: expiring ${failure.id} failed with ${(failure.error as Error)?.message}`);
      }
    }
  }
  return violations;
}

/** The answer a client got, when it is one a keyed repeat must get again. */
function decidedAnswer(execution: Execution): StoredResponse | undefined {
  const { outcome } = execution;
  if (outcome.kind === 'answer') return outcome.response;
  if (outcome.kind === 'refused') return outcome.stored;
  return undefined;
}

const canonical = (response: StoredResponse) => json({ status: response.status, body: response.body, headers: response.headers ?? {} });

function checkKeyedAnswers(world: World): string[] {
  const violations: string[] = [];
  const byKey = new Map<string, Execution[]>();
  for (const execution of world.executions) {
    const key = execution.planned.idempotency?.key;
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), execution]);
  }
  for (const [key, executions] of byKey) {
    const answers = executions.map((execution) => ({ execution, answer: decidedAnswer(execution) })).filter((item) => item.answer !== undefined);
    const distinct = new Map(answers.map((item) => [canonical(item.answer!), item.execution]));
    if (distinct.size > 1) {
      violations.push(`repeats of ${key} (${describeOp(executions[0]!.planned.op)}) were answered differently: `
        + [...distinct].map(([answer, execution]) => `copy ${execution.copy} in batch ${execution.batch} → ${answer.slice(0, 400)}`).join(' | '));
    }
  }
  return violations;
}

const is2xx = (execution: Execution) => execution.outcome.kind === 'answer' && execution.outcome.response.status < 300;

function checkEffects(world: World, final: FinalState): string[] {
  const violations: string[] = [];
  const effects = new Map<string, Array<{ id: string }>>();
  const add = (opId: unknown, effect: { id: string }) => {
    if (typeof opId === 'string') effects.set(opId, [...(effects.get(opId) ?? []), effect]);
  };
  for (const reservation of final.reservations.values()) add(reservation.metadata.op, reservation);
  for (const usage of final.usage) add(usage.reference, usage);
  for (const entry of final.ledger) if (entry.type === 'adjustment' || entry.type === 'correction') add(entry.reason, entry);

  const executionsOf = new Map<string, Execution[]>();
  for (const execution of world.executions) executionsOf.set(execution.planned.id, [...(executionsOf.get(execution.planned.id) ?? []), execution]);
  for (const planned of world.planned) {
    if (!['reserve', 'usage', 'adjust', 'correct'].includes(planned.op.kind)) continue;
    const executions = executionsOf.get(planned.id) ?? [];
    const made = effects.get(planned.id) ?? [];
    const label = `${planned.id} (${describeOp(planned.op)})`;
    if (made.length > 1) violations.push(`${label} took effect ${made.length} times: ${made.map((effect) => effect.id).join(', ')}`);
    const succeeded = executions.filter(is2xx);
    for (const execution of succeeded) {
      const answeredId = ((execution.outcome as { response: StoredResponse }).response.body as { id: string }).id;
      if (!made.some((effect) => effect.id === answeredId)) violations.push(`${label} answered ${answeredId}, which the store does not hold`);
    }
    // A refusal is final for a keyed request (stored under its key) and for a single plain request.
    const refused = executions.filter((execution) => execution.outcome.kind === 'refused'
      && (planned.idempotency ? execution.outcome.stored !== undefined : true));
    if (refused.length > 0 && made.length > 0) {
      violations.push(`${label} was refused (${refused.map((execution) => (execution.outcome as { error: Error }).error.name).join(', ')}) yet took effect: ${made.map((effect) => effect.id).join(', ')}`);
    }
  }

  // Charges and releases: no two different requests both settled one reservation.
  const settledBy = new Map<string, Set<string>>();
  for (const execution of world.executions) {
    const { op } = execution.planned;
    if ((op.kind === 'charge' || op.kind === 'release') && is2xx(execution)) {
      settledBy.set(op.reservationId, new Set([...(settledBy.get(op.reservationId) ?? []), execution.planned.id]));
    }
  }
  for (const [reservationId, ops] of settledBy) {
    if (ops.size > 1) violations.push(`reservation ${reservationId} was settled (charged or released, 200) by ${ops.size} different requests: ${[...ops].join(', ')}`);
  }
  return violations;
}

function checkReservations(world: World, final: FinalState): string[] {
  const violations: string[] = [];
  const entriesOf = new Map<string, LedgerEntryRecord[]>();
  for (const entry of final.ledger) {
    if (!entry.reservationId) continue;
    entriesOf.set(entry.reservationId, [...(entriesOf.get(entry.reservationId) ?? []), entry]);
    if (!final.reservations.has(entry.reservationId)) violations.push(`ledger entry ${entry.id} (${entry.type}) names reservation ${entry.reservationId}, which does not exist`);
  }
  for (const reservation of final.reservations.values()) {
    const entries = entriesOf.get(reservation.id) ?? [];
    const count = (type: string) => entries.filter((entry) => entry.type === type).length;
    const counts = { reserve: count('reserve'), charge: count('charge'), release: count('release'), expire: count('expire') };
    const label = `reservation ${reservation.id} (${reservation.status}, amount ${amount(reservation.amountMicros)}, op ${String(reservation.metadata.op)})`;
    const expect = (wanted: typeof counts) => {
      if (json(wanted) !== json(counts)) violations.push(`${label}: ledger has ${json(counts)}, its state needs ${json(wanted)}`);
    };
    const neverPlaced = counts.reserve === 0 && reservation.approvalId !== null;
    switch (reservation.status) {
      case 'held':
        expect({ reserve: 1, charge: 0, release: 0, expire: 0 });
        break;
      case 'charged': {
        const charged = reservation.chargedMicros ?? -1n;
        expect({ reserve: 1, charge: 1, release: charged < reservation.amountMicros ? 1 : 0, expire: 0 });
        const entry = entries.find((candidate) => candidate.type === 'charge');
        if (entry && entry.amountMicros !== charged) violations.push(`${label}: charged ${amount(charged)} but its charge entry says ${amount(entry.amountMicros)}`);
        break;
      }
      case 'released':
        expect({ reserve: 1, charge: 0, release: 1, expire: 0 });
        break;
      case 'expired':
        expect(neverPlaced ? { reserve: 0, charge: 0, release: 0, expire: 0 } : { reserve: 1, charge: 0, release: 0, expire: 1 });
        break;
      default:
        expect({ reserve: 0, charge: 0, release: 0, expire: 0 });
    }
    for (const entry of entries) {
      if (json(entry.chain) !== json(reservation.chain)) violations.push(`${label}: its ${entry.type} entry moved ${json(entry.chain)}, the hold counts against ${json(reservation.chain)}`);
      const expected = entry.type === 'release' && reservation.status === 'charged' ? reservation.amountMicros - (reservation.chargedMicros ?? 0n)
        : entry.type === 'charge' ? entry.amountMicros : reservation.amountMicros;
      if (entry.amountMicros !== expected) violations.push(`${label}: its ${entry.type} entry moves ${amount(entry.amountMicros)}, expected ${amount(expected)}`);
    }
  }
  // What a client was told stays true: charged and released are final states.
  for (const execution of world.executions) {
    const { op } = execution.planned;
    if ((op.kind !== 'charge' && op.kind !== 'release') || !is2xx(execution)) continue;
    const body = (execution.outcome as { response: StoredResponse }).response.body as { status: string; chargedAmount: string | null };
    const reservation = final.reservations.get(op.reservationId);
    const chargedAmount = reservation?.chargedMicros === null || reservation?.chargedMicros === undefined ? null : amount(reservation.chargedMicros);
    if (!reservation || reservation.status !== body.status || chargedAmount !== body.chargedAmount) {
      violations.push(`${describeExecution(execution)} answered ${body.status} ${body.chargedAmount ?? ''}, but the reservation ends ${reservation?.status} ${chargedAmount ?? ''}`);
    }
  }
  return violations;
}

interface Sums { spent: bigint; reserved: bigint; limitDelta: bigint }

/** Σ of the ledger per counter, over the entries `keep` selects. */
function ledgerSums(world: World, ledger: LedgerEntryRecord[], keep: (entry: LedgerEntryRecord) => boolean): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  for (const entry of ledger) {
    if (!keep(entry)) continue;
    for (const link of entry.chain) {
      const key = counterKeyOf(link.budgetId, link.periodKey);
      const sum = sums.get(key) ?? { spent: 0n, reserved: 0n, limitDelta: 0n };
      sum.spent += entry.spentDeltaMicros;
      sum.reserved += entry.reservedDeltaMicros;
      if (link.budgetId === entry.budgetId) sum.limitDelta += entry.limitDeltaMicros;
      sums.set(key, sum);
    }
  }
  return sums;
}

function compareCounters(world: World, counters: Map<string, CounterRecord>, sums: Map<string, Sums>, when: string): string[] {
  const violations: string[] = [];
  for (const node of world.nodes) {
    for (const periodKey of world.periodKeys) {
      const key = counterKeyOf(node.id, periodKey);
      const counter = counters.get(key);
      const sum = sums.get(key) ?? { spent: 0n, reserved: 0n, limitDelta: 0n };
      const stored = { spent: counter?.spentMicros ?? 0n, reserved: counter?.reservedMicros ?? 0n, limitDelta: counter?.limitDeltaMicros ?? 0n };
      if (json(stored) !== json(sum)) violations.push(`${when}: counter ${key} holds ${json(stored)}, its ledger entries sum to ${json(sum)}`);
      if (counter && counter.availableMicros !== counter.baseLimitMicros + counter.limitDeltaMicros - counter.spentMicros - counter.reservedMicros) {
        violations.push(`${when}: counter ${key} keeps available ${amount(counter.availableMicros)}, not base + delta − spent − reserved (${json(counter)})`);
      }
    }
  }
  return violations;
}

function checkCountersAgainstLedger(world: World, final: FinalState): string[] {
  const violations: string[] = [];
  const createdMs = (entry: LedgerEntryRecord) => Date.parse(entry.createdAt);
  // Every quiet point: the snapshot before batch k holds exactly what the entries of the batches before it moved.
  world.snapshots.forEach((snapshot, index) => {
    const sums = ledgerSums(world, final.ledger, (entry) => createdMs(entry) < snapshot.atMs || (index === world.snapshots.length - 1));
    violations.push(...compareCounters(world, snapshot.counters, sums, index === world.snapshots.length - 1 ? 'after the run' : `before batch ${index}`));
  });
  return violations;
}

function checkReconciliations(final: FinalState): string[] {
  return final.reconciliations.filter((reconciliation) => !reconciliation.matches)
    .map((reconciliation) => `reconcile(${reconciliation.budgetId}, ${reconciliation.periodKey}) does not match: ${reconciliation.detail}`);
}

function batchOps(world: World, batch: number): PlannedOp[] {
  // A keyed repeat may run in the batch after its first: what it moves is bounded by the first's op.
  const ids = new Set(world.executions.filter((execution) => execution.batch === batch).map((execution) => execution.planned.id));
  return world.planned.filter((planned) => ids.has(planned.id));
}

const isUnrefusableSpend = (entry: LedgerEntryRecord) => entry.type === 'usage' || (entry.type === 'correction' && entry.spentDeltaMicros > 0n);

function checkNoOversell(world: World, final: FinalState): string[] {
  const violations: string[] = [];
  // Facts that are never refused raise spent past any limit: usage and upward corrections (a downward one frees room like a release).
  const factsOf = (batchAtMs: number) => ledgerSums(world, final.ledger.filter(isUnrefusableSpend), (entry) => Date.parse(entry.createdAt) === batchAtMs);
  for (let batch = 0; batch + 1 < world.snapshots.length; batch++) {
    const before = world.snapshots[batch]!;
    const after = world.snapshots[batch + 1]!;
    const ops = batchOps(world, batch);
    const usage = factsOf(before.atMs);
    for (const node of world.nodes) {
      const budget = before.budgets.get(node.id)!;
      const patches = ops.flatMap((planned) => (planned.op.kind === 'patch' && planned.op.node === world.nodes.indexOf(node) ? [planned.op.body] : []));
      if (patches.some((patch) => patch.enforcement !== undefined)) continue;
      if (after.budgets.get(node.id)!.enforcement !== budget.enforcement) {
        violations.push(`batch ${batch}: ${node.id} went from ${budget.enforcement} to ${after.budgets.get(node.id)!.enforcement} with no PATCH of its enforcement`);
        continue;
      }
      if (budget.enforcement === 'soft') continue;
      const raises = ops.flatMap((planned) => (planned.op.kind === 'adjust' && planned.op.node === world.nodes.indexOf(node) && !planned.op.body.amount.startsWith('-')
        ? [parseAmount(planned.op.body.amount) * BigInt(world.executions.filter((execution) => execution.planned === planned && execution.batch === batch).length)]
        : []));
      const patchedLimits = patches.flatMap((patch) => (patch.limit === undefined ? [] : [parseAmount(patch.limit)]));
      for (const periodKey of world.periodKeys) {
        const key = counterKeyOf(node.id, periodKey);
        const was = before.counters.get(key);
        const now = after.counters.get(key);
        if (!now) continue;
        const committedBefore = was ? was.spentMicros + was.reservedMicros : 0n;
        const committedAfter = now.spentMicros + now.reservedMicros;
        const bases = [was?.baseLimitMicros ?? budget.limitMicros, budget.limitMicros, ...patchedLimits];
        const limitMax = bases.reduce((max, base) => (base > max ? base : max)) + (was?.limitDeltaMicros ?? 0n) + raises.reduce((sum, raise) => sum + raise, 0n);
        const allowance = budget.enforcement === 'approval' && limitMax > 0n ? (limitMax * 5n) / 100n : 0n;
        const usageMicros = usage.get(key)?.spent ?? 0n;
        const bound = (committedBefore > limitMax + allowance ? committedBefore : limitMax + allowance) + usageMicros;
        if (committedAfter > bound) {
          violations.push(`batch ${batch}: ${budget.enforcement} budget ${node.id} (node ${world.nodes.indexOf(node)}) oversold in ${periodKey}: `
            + `spent + reserved went ${amount(committedBefore)} → ${amount(committedAfter)} with a limit of at most ${amount(limitMax)}`
            + `${allowance > 0n ? ` (+ ${amount(allowance)} automatic allowance)` : ''} and ${amount(usageMicros)} of usage and upward corrections in the batch`);
        }
      }
    }
  }
  // The literal form, where it applies: hard all along, no usage or upward correction on its counter, its limit never cut.
  for (const node of world.nodes) {
    if (!node.stickyHard) continue;
    const index = world.nodes.indexOf(node);
    const cut = world.planned.some((planned) => (planned.op.kind === 'patch' && planned.op.node === index && planned.op.body.limit !== undefined)
      || (planned.op.kind === 'adjust' && planned.op.node === index && planned.op.body.amount.startsWith('-')));
    const figures = final.status.get(node.id)!;
    const usageHit = final.ledger.some((entry) => isUnrefusableSpend(entry) && entry.chain.some((link) => link.budgetId === node.id && link.periodKey === figures.periodKey));
    if (cut || usageHit) continue;
    if (figures.spentMicros + figures.reservedMicros > figures.limitMicros) {
      violations.push(`hard budget ${node.id} (node ${index}) ends with spent ${amount(figures.spentMicros)} + reserved ${amount(figures.reservedMicros)} over its limit ${amount(figures.limitMicros)}`);
    }
  }
  return violations;
}

/** The run as it happened: the tree, then each batch's requests and answers (printed when a seed is replayed). */
export function traceRun(world: World): string {
  const lines = [`tenant ${world.tenantId}; config ${json(world.config)}`];
  world.nodes.forEach((node, index) => lines.push(`node ${index} ${node.id} parent ${node.createdParent ?? '-'}${node.stickyHard ? ' (hard all along)' : ''}`));
  const batches = new Set(world.executions.map((execution) => execution.batch));
  for (const batch of [...batches].sort((a, b) => a - b)) {
    lines.push(`batch ${batch} at ${new Date(world.snapshots[batch]!.atMs).toISOString()}`);
    for (const execution of world.executions.filter((candidate) => candidate.batch === batch)) {
      const { outcome } = execution;
      const answer = outcome.kind === 'answer' ? `${outcome.response.status} ${json(outcome.response.body).slice(0, 160)}`
        : outcome.kind === 'refused' ? `${outcome.error.name}: ${outcome.error.message}` : `FAULT ${(outcome.error as Error)?.name}: ${(outcome.error as Error)?.message}`;
      lines.push(`  ${describeExecution(execution)} via instance ${execution.instance}, injected ${json(execution.scope.injected)} → ${answer}`);
    }
  }
  return lines.join('\n');
}
