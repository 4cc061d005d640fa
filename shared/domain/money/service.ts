import type { CheckBody, ChargeBody, CreateAdjustmentBody, CreateReservationBody, CreateUsageBody, LedgerQuery, ListReservationsQuery, ListUsageQuery, UsageSummaryQuery, BudgetStatus } from '../../schemas/money.js';
import { MAX_USAGE_CLOCK_SKEW_MS } from '../../schemas/money.js';
import { LIMITS } from '../../schemas/common.js';
import { utilizationPercent } from '../alerts/alerts.js';
import { AUTOMATIC_APPROVER, EXPIRY_ACTOR, approvalLevel, type ApprovalLevel, type ApprovalRecord } from './approvals.js';
import type { BudgetRecord } from '../budgets/budget.js';
import {
  BudgetArchivedError, BudgetExceededError, ConflictError, CurrencyMismatchError, NotFoundError, ReservationNotHeldError, ValidationError,
} from '../common/errors.js';
import { newApprovalId, newLedgerEntryId, newReservationId, newUsageId } from '../common/ids.js';
import type { ChainPeriod, CounterRecord, LedgerEntryRecord, ReservationRecord, UsageRecord } from './records.js';
import { formatAmount, parseAmount } from '../common/amount.js';
import { periodContaining, type PeriodWindow } from '../periods/period.js';
import type { BudgetStore } from '../budgets/ports.js';
import type { CounterMove, MoneyStore, MovementWrite } from './ports.js';
import type { IdempotencyRequest, IdempotencyStore, Page, StoredResponse } from '../common/ports.js';

export interface Actor {
  tenantId: string;
  keyId: string;
}

/** Budgets whose ancestor path one process remembers (oldest forgotten first). */
const PATH_CACHE_ENTRIES = 10_000;

interface Respond<T> {
  idempotency?: IdempotencyRequest;
  respond: (result: T) => StoredResponse;
}

interface ChainLink {
  budget: BudgetRecord;
  window: PeriodWindow;
}

export interface MoneyServiceDeps {
  budgets: BudgetStore;
  money: MoneyStore;
  idempotency: IdempotencyStore;
  nowMs?: () => number;
}

const linkOf = (link: ChainLink): ChainPeriod => ({ budgetId: link.budget.id, periodKey: link.window.key });

/**
 * Reservations, charges, releases, expiry, usage and adjustments. Every movement is one
 * atomic write that moves the counters of the budget and each ancestor, appends the ledger
 * entry, and records the idempotency key: a hard budget is never oversold, and the ledger
 * always explains the counters.
 */
export class MoneyService {
  private readonly nowMs: () => number;
  /** tenant#budget → ancestor ids (root first), as last read. */
  private readonly pathCache = new Map<string, string[]>();

  constructor(private readonly deps: MoneyServiceDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  // ---- chains and periods

  /**
   * The budget, then its ancestors up to the root, each with its period at `atMs`. The
   * ancestor path is remembered per process, so the chain is one strongly consistent batch
   * read; the fresh budget item says whether the remembered path still holds (a move
   * changes it), and if not, the ancestors are read again. Nothing stale is ever used.
   */
  private async chainAt(tenantId: string, budgetId: string, atMs: number, options: { forWrite: boolean }): Promise<ChainLink[]> {
    const cacheKey = `${tenantId}#${budgetId}`;
    const rememberedPath = this.pathCache.get(cacheKey) ?? [];
    const fetched = await this.deps.budgets.getMany(tenantId, [budgetId, ...rememberedPath]);
    const budget = fetched[0]?.id === budgetId ? fetched[0] : undefined;
    if (!budget) throw new NotFoundError('Budget', budgetId);
    if (options.forWrite && budget.status === 'archived') throw new BudgetArchivedError(budget.id);
    const samePath = budget.path.length === rememberedPath.length && budget.path.every((id, index) => id === rememberedPath[index]);
    const ancestors = samePath ? fetched.slice(1) : await this.deps.budgets.getMany(tenantId, budget.path);
    if (!samePath) this.rememberPath(cacheKey, budget.path);
    const chain: ChainLink[] = [];
    for (const member of [budget, ...ancestors.reverse()]) {
      const window = periodContaining(member.period, atMs);
      if (window) chain.push({ budget: member, window });
      else if (member === budget) {
        throw new ConflictError(`Budget ${budget.id} has a custom period that does not cover ${new Date(atMs).toISOString()}.`);
      }
    }
    return chain;
  }

  private rememberPath(cacheKey: string, path: string[]): void {
    if (this.pathCache.size >= PATH_CACHE_ENTRIES) this.pathCache.delete(this.pathCache.keys().next().value as string);
    this.pathCache.set(cacheKey, path);
  }

  private async budgetsOf(tenantId: string, chain: ChainPeriod[]): Promise<Map<string, BudgetRecord>> {
    const budgets = await this.deps.budgets.getMany(tenantId, chain.map((link) => link.budgetId));
    return new Map(budgets.map((budget) => [budget.id, budget]));
  }

  private static checkCurrency(budget: BudgetRecord, currency: string | undefined): void {
    if (currency !== undefined && currency !== budget.currency) throw new CurrencyMismatchError(budget.currency, currency);
  }

  private async replay(idempotency: IdempotencyRequest | undefined): Promise<StoredResponse | undefined> {
    return idempotency ? this.deps.idempotency.find(idempotency, this.nowMs()) : undefined;
  }

  private entry(fields: Omit<LedgerEntryRecord, 'id' | 'createdAt'>, nowMs: number): LedgerEntryRecord {
    return { ...fields, id: newLedgerEntryId(nowMs), createdAt: new Date(nowMs).toISOString() };
  }

  // ---- reservations

  async reserve(actor: Actor, budgetId: string, body: CreateReservationBody, options: Respond<ReservationRecord>): Promise<StoredResponse> {
    const replayed = await this.replay(options.idempotency);
    if (replayed) return replayed;
    const amountMicros = parseAmount(body.amount);
    const nowMs = this.nowMs();
    const chain = await this.chainAt(actor.tenantId, budgetId, nowMs, { forWrite: true });
    const target = chain[0]!.budget;
    MoneyService.checkCurrency(target, body.currency);

    // Soft budgets are tried guarded first, only to learn whether the hold goes over them: a
    // refusal by a soft budget drops its guard and marks the hold overLimit. So does a
    // refusal by an approval budget when the overrun is small enough to approve automatically.
    const unguarded = new Set<string>();
    let automaticApproval: ApprovalRecord | undefined;
    let expiredHoldsReleased = false;

    for (let attempt = 0; attempt <= chain.length + 1; attempt++) {
      const writeMs = this.nowMs();
      const reservation: ReservationRecord = {
        tenantId: actor.tenantId,
        id: newReservationId(writeMs),
        budgetId: target.id,
        currency: target.currency,
        amountMicros,
        status: 'held',
        overLimit: unguarded.size > 0,
        periodKey: chain[0]!.window.key,
        chain: chain.map(linkOf),
        expiresAtMs: writeMs + body.ttlSeconds * 1000,
        createdAt: new Date(writeMs).toISOString(),
        updatedAt: new Date(writeMs).toISOString(),
        chargedMicros: null,
        description: body.description ?? null,
        category: body.category ?? null,
        metadata: body.metadata ?? {},
        approvalId: null,
        actor: actor.keyId,
      };
      const approval = automaticApproval && { ...automaticApproval, reservationId: reservation.id };
      if (approval) reservation.approvalId = approval.id;
      const response = options.respond(reservation);
      const outcome = await this.deps.money.move({
        counters: chain.map((link) => ({
          ...linkOf(link),
          baseLimitMicros: link.budget.limitMicros,
          spentDeltaMicros: 0n,
          reservedDeltaMicros: amountMicros,
          limitDeltaMicros: 0n,
          guarded: !unguarded.has(link.budget.id),
        })),
        ledger: [this.entry({
          tenantId: actor.tenantId, budgetId: target.id, type: 'reserve', amountMicros,
          spentDeltaMicros: 0n, reservedDeltaMicros: amountMicros, limitDeltaMicros: 0n,
          periodKey: reservation.periodKey, chain: reservation.chain, reservationId: reservation.id, actor: actor.keyId,
          ...(approval && { approvalId: approval.id }),
        }, writeMs)],
        reservation: { create: reservation },
        ...(approval && { approval: { create: approval } }),
        ...(options.idempotency && { idempotency: { request: options.idempotency, response } }),
        nowMs: writeMs,
      });
      if (outcome.ok) return response;
      if (outcome.reason === 'idempotency-key-taken') {
        const replay = await this.replay(options.idempotency);
        if (replay) return replay;
        continue;
      }
      if (outcome.reason !== 'budget-exceeded') throw new Error(`unexpected outcome ${outcome.reason}`);
      const blocking = chain.find((link) => link.budget.id === outcome.budgetId)!;
      if (blocking.budget.enforcement === 'soft') {
        unguarded.add(blocking.budget.id);
        continue;
      }
      // A hold that lacks room only because of expired (not yet swept) holds must succeed.
      if (!expiredHoldsReleased && (await this.expireDue(writeMs, actor.tenantId)) > 0) {
        expiredHoldsReleased = true;
        continue;
      }
      if (blocking.budget.enforcement === 'approval') {
        const overrunMicros = amountMicros - outcome.availableMicros;
        const level = approvalLevel(overrunMicros, outcome.limitMicros);
        const request = { actor, blocking, reservation, overrunMicros, level, nowMs: writeMs };
        if (level === 'automatic' && !automaticApproval) {
          automaticApproval = MoneyService.approvalFor(request, 'approved');
          unguarded.add(blocking.budget.id);
          continue;
        }
        if (level !== 'automatic') {
          await this.refuseIfHardBudgetLacksRoom(actor.tenantId, chain, amountMicros);
          return this.requestApproval(request, body, options);
        }
      }
      throw new BudgetExceededError(blocking.budget.id, outcome.availableMicros, amountMicros);
    }
    throw new ConflictError('The reservation could not be placed because budgets changed concurrently; retry.');
  }

  /**
   * No one is asked to approve what a hard budget of the chain refuses anyway: that is a
   * 409 now. (The decision re-checks every hard budget in its own atomic write.)
   */
  private async refuseIfHardBudgetLacksRoom(tenantId: string, chain: ChainLink[], amountMicros: bigint): Promise<void> {
    const hard = chain.filter((link) => link.budget.enforcement === 'hard');
    if (hard.length === 0) return;
    const counters = await this.deps.money.counters(tenantId, hard.map(linkOf));
    for (const link of hard) {
      const availableMicros = counters.get(`${link.budget.id}#${link.window.key}`)?.availableMicros ?? link.budget.limitMicros;
      if (availableMicros < amountMicros) throw new BudgetExceededError(link.budget.id, availableMicros, amountMicros);
    }
  }

  private static approvalFor(
    request: { actor: Actor; blocking: ChainLink; reservation: ReservationRecord; overrunMicros: bigint; level: ApprovalLevel; nowMs: number },
    status: 'pending' | 'approved',
  ): ApprovalRecord {
    const { actor, blocking, reservation, nowMs } = request;
    const nowIso = new Date(nowMs).toISOString();
    return {
      tenantId: actor.tenantId,
      id: newApprovalId(nowMs),
      budgetId: blocking.budget.id,
      reservationId: reservation.id,
      reservationBudgetId: reservation.budgetId,
      currency: reservation.currency,
      periodKey: blocking.window.key,
      amountMicros: reservation.amountMicros,
      overrunMicros: request.overrunMicros,
      level: request.level,
      status,
      requestedAt: nowIso,
      requestedBy: actor.keyId,
      expiresAtMs: nowMs + blocking.budget.approvalPolicy.ttlSeconds * 1000,
      decidedAt: status === 'approved' ? nowIso : null,
      decidedBy: status === 'approved' ? AUTOMATIC_APPROVER : null,
      comment: null,
      description: reservation.description,
    };
  }

  /**
   * The 202 path: the reservation waits for a person, holding nothing. It and its approval
   * are written together (with the idempotency record), so a retry finds the same request.
   */
  private async requestApproval(
    request: { actor: Actor; blocking: ChainLink; reservation: ReservationRecord; overrunMicros: bigint; level: ApprovalLevel; nowMs: number },
    body: CreateReservationBody,
    options: Respond<ReservationRecord>,
  ): Promise<StoredResponse> {
    const approval = MoneyService.approvalFor(request, 'pending');
    const pending: ReservationRecord = {
      ...request.reservation,
      status: 'pending_approval',
      overLimit: false,
      approvalId: approval.id,
      expiresAtMs: approval.expiresAtMs,
      requestedTtlSeconds: body.ttlSeconds,
    };
    const response = options.respond(pending);
    const outcome = await this.deps.money.move({
      counters: [],
      ledger: [],
      reservation: { create: pending },
      approval: { create: approval },
      ...(options.idempotency && { idempotency: { request: options.idempotency, response } }),
      nowMs: request.nowMs,
    });
    if (outcome.ok) return response;
    const replay = await this.replay(options.idempotency);
    if (replay) return replay;
    throw new ConflictError('The approval request could not be recorded; retry.');
  }

  async getReservation(tenantId: string, reservationId: string): Promise<ReservationRecord> {
    const reservation = await this.deps.money.getReservation(tenantId, reservationId);
    if (!reservation) throw new NotFoundError('Reservation', reservationId);
    return reservation;
  }

  async listReservations(tenantId: string, budgetId: string, query: ListReservationsQuery): Promise<Page<ReservationRecord>> {
    await this.requireBudget(tenantId, budgetId);
    return this.deps.money.listReservations(tenantId, budgetId, query.status, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  /** Charge what the operation really cost: the rest of the hold is released; more must fit. */
  async charge(actor: Actor, reservationId: string, body: ChargeBody, options: Respond<ReservationRecord>): Promise<StoredResponse> {
    const replayed = await this.replay(options.idempotency);
    if (replayed) return replayed;
    for (let attempt = 0; attempt < 3; attempt++) {
      const reservation = await this.heldReservation(actor.tenantId, reservationId);
      const budgets = await this.budgetsOf(actor.tenantId, reservation.chain);
      MoneyService.checkCurrency({ currency: reservation.currency } as BudgetRecord, body.currency);
      const nowMs = this.nowMs();
      const heldMicros = reservation.amountMicros;
      const chargedMicros = body.amount === undefined ? heldMicros : parseAmount(body.amount);
      const extraMicros = chargedMicros > heldMicros ? chargedMicros - heldMicros : 0n;
      const restMicros = chargedMicros < heldMicros ? heldMicros - chargedMicros : 0n;
      const after: ReservationRecord = { ...reservation, status: 'charged', chargedMicros, updatedAt: new Date(nowMs).toISOString() };
      const common = { tenantId: actor.tenantId, budgetId: reservation.budgetId, limitDeltaMicros: 0n, periodKey: reservation.periodKey, chain: reservation.chain, reservationId, actor: actor.keyId };
      const ledger = [this.entry({ ...common, type: 'charge', amountMicros: chargedMicros, spentDeltaMicros: chargedMicros, reservedDeltaMicros: -(heldMicros - restMicros) }, nowMs)];
      if (restMicros > 0n) ledger.push(this.entry({ ...common, type: 'release', amountMicros: restMicros, spentDeltaMicros: 0n, reservedDeltaMicros: -restMicros }, nowMs));
      const response = options.respond(after);
      const outcome = await this.deps.money.move({
        counters: reservation.chain.map((link) => {
          const budget = budgets.get(link.budgetId);
          return {
            ...link,
            baseLimitMicros: budget?.limitMicros ?? 0n,
            spentDeltaMicros: chargedMicros,
            reservedDeltaMicros: -heldMicros,
            limitDeltaMicros: 0n,
            guarded: budget !== undefined && budget.enforcement !== 'soft',
          };
        }),
        ledger,
        reservation: { transition: { after, requireUnexpiredAtMs: nowMs } },
        ...(options.idempotency && { idempotency: { request: options.idempotency, response } }),
        nowMs,
      });
      if (outcome.ok) return response;
      if (outcome.reason === 'budget-exceeded') throw new BudgetExceededError(outcome.budgetId, outcome.availableMicros, extraMicros);
      if (outcome.reason === 'idempotency-key-taken') {
        const replay = await this.replay(options.idempotency);
        if (replay) return replay;
      }
    }
    throw new ConflictError('The reservation changed concurrently; retry.');
  }

  async release(actor: Actor, reservationId: string, options: Respond<ReservationRecord>): Promise<StoredResponse> {
    const replayed = await this.replay(options.idempotency);
    if (replayed) return replayed;
    for (let attempt = 0; attempt < 3; attempt++) {
      const reservation = await this.heldReservation(actor.tenantId, reservationId);
      const nowMs = this.nowMs();
      const after: ReservationRecord = { ...reservation, status: 'released', updatedAt: new Date(nowMs).toISOString() };
      const response = options.respond(after);
      const outcome = await this.deps.money.move(this.returnHold(reservation, after, 'release', actor.keyId, nowMs, options.idempotency && { request: options.idempotency, response }));
      if (outcome.ok) return response;
      if (outcome.reason === 'idempotency-key-taken') {
        const replay = await this.replay(options.idempotency);
        if (replay) return replay;
      }
    }
    throw new ConflictError('The reservation changed concurrently; retry.');
  }

  /** A held reservation, or 409 with its status (an expired one is expired on the spot). */
  private async heldReservation(tenantId: string, reservationId: string): Promise<ReservationRecord> {
    const reservation = await this.getReservation(tenantId, reservationId);
    if (reservation.status === 'held' && reservation.expiresAtMs <= this.nowMs()) {
      await this.expireOne(reservation, this.nowMs());
      throw new ReservationNotHeldError(reservationId, 'expired');
    }
    if (reservation.status !== 'held') throw new ReservationNotHeldError(reservationId, reservation.status);
    return reservation;
  }

  /** The movement that gives a hold back (release or expiry) to every budget it counted against. */
  private returnHold(
    reservation: ReservationRecord,
    after: ReservationRecord,
    type: 'release' | 'expire',
    actor: string,
    nowMs: number,
    idempotency?: MovementWrite['idempotency'],
  ): MovementWrite {
    const amountMicros = reservation.amountMicros;
    return {
      counters: reservation.chain.map((link): CounterMove => ({
        ...link, baseLimitMicros: 0n, spentDeltaMicros: 0n, reservedDeltaMicros: -amountMicros, limitDeltaMicros: 0n, guarded: false,
      })),
      ledger: [this.entry({
        tenantId: reservation.tenantId, budgetId: reservation.budgetId, type, amountMicros, spentDeltaMicros: 0n,
        reservedDeltaMicros: -amountMicros, limitDeltaMicros: 0n, periodKey: reservation.periodKey, chain: reservation.chain,
        reservationId: reservation.id, actor,
      }, nowMs)],
      reservation: { transition: { after } },
      ...(idempotency && { idempotency }),
      nowMs,
    };
  }

  private async expireOne(reservation: ReservationRecord, nowMs: number): Promise<boolean> {
    const after: ReservationRecord = { ...reservation, status: 'expired', updatedAt: new Date(nowMs).toISOString() };
    const outcome = await this.deps.money.move(this.returnHold(reservation, after, 'expire', EXPIRY_ACTOR, nowMs));
    return outcome.ok;
  }

  /**
   * Expires every held reservation past its `expiresAt` (of one tenant, or all): the sweeper's
   * job, and the first thing a refused reservation tries. Returns how many it expired.
   */
  async expireDue(nowMs: number = this.nowMs(), tenantId?: string): Promise<number> {
    const due = await this.deps.money.expiredHolds(nowMs, tenantId);
    const results = await Promise.all(due.map((reservation) => this.expireOne(reservation, nowMs)));
    return results.filter(Boolean).length;
  }

  // ---- usage and adjustments

  async recordUsage(actor: Actor, budgetId: string, body: CreateUsageBody, options: Respond<UsageRecord>): Promise<StoredResponse> {
    const replayed = await this.replay(options.idempotency);
    if (replayed) return replayed;
    const nowMs = this.nowMs();
    const occurredAtMs = body.occurredAt ? Date.parse(body.occurredAt) : nowMs;
    if (occurredAtMs > nowMs + MAX_USAGE_CLOCK_SKEW_MS) {
      throw new ValidationError([{ pointer: '/occurredAt', detail: 'must not be more than 5 minutes in the future' }]);
    }
    let chain: ChainLink[];
    try {
      chain = await this.chainAt(actor.tenantId, budgetId, occurredAtMs, { forWrite: true });
    } catch (error) {
      if (error instanceof ConflictError) throw new ValidationError([{ pointer: '/occurredAt', detail: 'is outside the budget\'s custom period' }]);
      throw error;
    }
    const target = chain[0]!.budget;
    MoneyService.checkCurrency(target, body.currency);
    const amountMicros = parseAmount(body.amount);
    const usage: UsageRecord = {
      tenantId: actor.tenantId, id: newUsageId(nowMs), budgetId: target.id, currency: target.currency, amountMicros,
      occurredAt: new Date(occurredAtMs).toISOString(), periodKey: chain[0]!.window.key,
      category: body.category ?? null, provider: body.provider ?? null, source: body.source ?? null,
      description: body.description ?? null, reference: body.reference ?? null, metadata: body.metadata ?? {},
      createdAt: new Date(nowMs).toISOString(),
    };
    const response = options.respond(usage);
    const outcome = await this.deps.money.move({
      counters: chain.map((link) => ({
        ...linkOf(link), baseLimitMicros: link.budget.limitMicros, spentDeltaMicros: amountMicros, reservedDeltaMicros: 0n, limitDeltaMicros: 0n, guarded: false,
      })),
      ledger: [this.entry({
        tenantId: actor.tenantId, budgetId: target.id, type: 'usage', amountMicros, spentDeltaMicros: amountMicros, reservedDeltaMicros: 0n,
        limitDeltaMicros: 0n, periodKey: usage.periodKey, chain: chain.map(linkOf), usageId: usage.id, actor: actor.keyId,
      }, nowMs)],
      usage,
      ...(options.idempotency && { idempotency: { request: options.idempotency, response } }),
      nowMs,
    });
    if (outcome.ok) return response;
    const replay = await this.replay(options.idempotency);
    if (replay) return replay;
    throw new ConflictError('The usage could not be recorded; retry.');
  }

  /** A signed change of the current period's limit of this budget only. */
  async adjust(actor: Actor, budgetId: string, body: CreateAdjustmentBody, options: Respond<LedgerEntryRecord>): Promise<StoredResponse> {
    const replayed = await this.replay(options.idempotency);
    if (replayed) return replayed;
    const nowMs = this.nowMs();
    const [link] = await this.chainAt(actor.tenantId, budgetId, nowMs, { forWrite: true });
    const budget = link!.budget;
    MoneyService.checkCurrency(budget, body.currency);
    const amountMicros = parseAmount(body.amount, { allowNegative: true });
    const entry = this.entry({
      tenantId: actor.tenantId, budgetId: budget.id, type: 'adjustment', amountMicros, spentDeltaMicros: 0n, reservedDeltaMicros: 0n,
      limitDeltaMicros: amountMicros, periodKey: link!.window.key, chain: [linkOf(link!)], reason: body.reason, actor: actor.keyId,
    }, nowMs);
    const response = options.respond(entry);
    const outcome = await this.deps.money.move({
      counters: [{ ...linkOf(link!), baseLimitMicros: budget.limitMicros, spentDeltaMicros: 0n, reservedDeltaMicros: 0n, limitDeltaMicros: amountMicros, guarded: false }],
      ledger: [entry],
      ...(options.idempotency && { idempotency: { request: options.idempotency, response } }),
      nowMs,
    });
    if (outcome.ok) return response;
    const replay = await this.replay(options.idempotency);
    if (replay) return replay;
    throw new ConflictError('The adjustment could not be recorded; retry.');
  }

  // ---- reads

  private async requireBudget(tenantId: string, budgetId: string): Promise<BudgetRecord> {
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    return budget;
  }

  /** Status of the period containing `atMs`: two reads, whatever the size of the ledger. */
  async status(tenantId: string, budgetId: string, atMs: number = this.nowMs()): Promise<BudgetStatus> {
    const budget = await this.requireBudget(tenantId, budgetId);
    const window = periodContaining(budget.period, atMs);
    if (!window) throw new ValidationError([{ pointer: '/query/at', detail: 'is outside the budget\'s custom period' }]);
    const counters = await this.deps.money.counters(tenantId, [{ budgetId, periodKey: window.key }]);
    return statusOf(budget, window, counters.get(`${budgetId}#${window.key}`), this.nowMs());
  }

  async ledger(tenantId: string, budgetId: string, query: LedgerQuery): Promise<Page<LedgerEntryRecord>> {
    await this.requireBudget(tenantId, budgetId);
    return this.deps.money.ledger(tenantId, budgetId, query.periodKey, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  async usage(tenantId: string, budgetId: string, query: ListUsageQuery): Promise<Page<UsageRecord>> {
    await this.requireBudget(tenantId, budgetId);
    return this.deps.money.usage(tenantId, budgetId, {
      ...(query.from && { fromIso: new Date(query.from).toISOString() }),
      ...(query.to && { toIso: new Date(query.to).toISOString() }),
      ...(query.category && { category: query.category }),
      ...(query.provider && { provider: query.provider }),
    }, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  async usageSummary(tenantId: string, budgetId: string, query: UsageSummaryQuery) {
    await this.requireBudget(tenantId, budgetId);
    const groups = new Map<string, { amountMicros: bigint; count: number }>();
    let totalMicros = 0n;
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await this.deps.money.usage(tenantId, budgetId, {
        ...(query.from && { fromIso: new Date(query.from).toISOString() }),
        ...(query.to && { toIso: new Date(query.to).toISOString() }),
      }, 100, cursor);
      for (const usage of page.items) {
        const key = query.groupBy === 'day' ? usage.occurredAt.slice(0, 10)
          : query.groupBy === 'month' ? usage.occurredAt.slice(0, 7)
            : (usage[query.groupBy] ?? 'unspecified');
        const group = groups.get(key) ?? { amountMicros: 0n, count: 0 };
        group.amountMicros += usage.amountMicros;
        group.count += 1;
        groups.set(key, group);
        totalMicros += usage.amountMicros;
        count += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return {
      total: formatAmount(totalMicros),
      count,
      groups: [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, group]) => ({ key, amount: formatAmount(group.amountMicros), count: group.count })),
    };
  }

  /** Pre-flight: would `amount` fit each named budget and its ancestors? Reads only. */
  async check(tenantId: string, body: CheckBody) {
    const amountMicros = parseAmount(body.amount);
    const nowMs = this.nowMs();
    const targetIds = new Set(body.budgetIds ?? []);
    for (const scope of body.scopes ?? []) {
      let cursor: string | undefined;
      do {
        const page = await this.deps.budgets.list(tenantId, { scopeType: scope.type, scopeId: scope.id, status: 'active' }, 100, cursor);
        for (const budget of page.items) targetIds.add(budget.id);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    const links = new Map<string, ChainLink>();
    for (const id of targetIds) {
      for (const link of await this.chainAt(tenantId, id, nowMs, { forWrite: false })) links.set(link.budget.id, link);
      const budget = links.get(id)?.budget;
      if (budget) MoneyService.checkCurrency(budget, body.currency);
    }
    const counters = await this.deps.money.counters(tenantId, [...links.values()].map(linkOf));
    const severity = { allow: 0, warn: 1, require_approval: 2, block: 3 } as const;
    const results = [...links.values()].map((link) => {
      const counter = counters.get(`${link.budget.id}#${link.window.key}`);
      const availableMicros = counter?.availableMicros ?? link.budget.limitMicros;
      const wouldExceed = amountMicros > availableMicros || link.budget.status === 'archived';
      const action = !wouldExceed ? 'allow' : link.budget.enforcement === 'soft' ? 'warn' : link.budget.enforcement === 'approval' ? 'require_approval' : 'block';
      return { budgetId: link.budget.id, available: formatAmount(availableMicros), enforcement: link.budget.enforcement, wouldExceed, action } as const;
    });
    const decision = results.reduce<keyof typeof severity>((worst, result) => (severity[result.action] > severity[worst] ? result.action : worst), 'allow');
    return { allowed: decision === 'allow' || decision === 'warn', decision, results };
  }

  /**
   * Reconciliation: a budget's counters for a period against the ledger entries of the budget
   * and all its descendants that moved that counter. Used by tests and the reconciliation job.
   */
  async reconcile(tenantId: string, budgetId: string, periodKey: string) {
    const budget = await this.requireBudget(tenantId, budgetId);
    const members = [budget];
    for (let index = 0; index < members.length; index++) members.push(...(await this.deps.budgets.children(tenantId, members[index]!.id)));
    const ledger = { spentMicros: 0n, reservedMicros: 0n, limitDeltaMicros: 0n };
    for (const member of members) {
      for (const entry of await this.deps.money.allLedgerEntries(tenantId, member.id)) {
        if (!entry.chain.some((link) => link.budgetId === budgetId && link.periodKey === periodKey)) continue;
        ledger.spentMicros += entry.spentDeltaMicros;
        ledger.reservedMicros += entry.reservedDeltaMicros;
        if (member.id === budgetId) ledger.limitDeltaMicros += entry.limitDeltaMicros;
      }
    }
    const counter = (await this.deps.money.counters(tenantId, [{ budgetId, periodKey }])).get(`${budgetId}#${periodKey}`);
    const counters = {
      spentMicros: counter?.spentMicros ?? 0n,
      reservedMicros: counter?.reservedMicros ?? 0n,
      limitDeltaMicros: counter?.limitDeltaMicros ?? 0n,
      availableMicros: counter?.availableMicros ?? null,
      baseLimitMicros: counter?.baseLimitMicros ?? null,
    };
    const availableConsistent = counter === undefined
      || counter.availableMicros === counter.baseLimitMicros + counter.limitDeltaMicros - counter.spentMicros - counter.reservedMicros;
    const matches = availableConsistent && counters.spentMicros === ledger.spentMicros
      && counters.reservedMicros === ledger.reservedMicros && counters.limitDeltaMicros === ledger.limitDeltaMicros;
    return { budgetId, periodKey, counters, ledger, matches };
  }
}

/** The status rules of API.md, from a budget, a period and its counter. */
export function statusOf(budget: BudgetRecord, window: PeriodWindow, counter: CounterRecord | undefined, nowMs: number): BudgetStatus {
  const limitMicros = (counter?.baseLimitMicros ?? budget.limitMicros) + (counter?.limitDeltaMicros ?? 0n);
  const spentMicros = counter?.spentMicros ?? 0n;
  const reservedMicros = counter?.reservedMicros ?? 0n;
  const committedMicros = spentMicros + reservedMicros;
  const utilization = utilizationPercent(limitMicros, committedMicros);
  const state = committedMicros > limitMicros ? 'exceeded' : utilization >= 90 ? 'critical' : utilization >= 75 ? 'warning' : 'healthy';
  return {
    budgetId: budget.id,
    currency: budget.currency,
    period: {
      key: window.key,
      start: window.startMs === null ? null : new Date(window.startMs).toISOString(),
      end: window.endMs === null ? null : new Date(window.endMs).toISOString(),
    },
    limit: formatAmount(limitMicros),
    spent: formatAmount(spentMicros),
    reserved: formatAmount(reservedMicros),
    available: formatAmount(limitMicros - committedMicros),
    utilization,
    state,
    thresholdsCrossed: budget.thresholds.filter((threshold) => utilization >= threshold),
    asOf: new Date(nowMs).toISOString(),
  };
}
