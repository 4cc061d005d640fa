import { servicesFromEnv } from '../../shared/app/env.js';
import type { Actor, Decider, DecisionRequest } from '../../shared/domain/money/index.js';
import { createApiHandler, type Caller } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { keyedOptions } from '../../shared/http/keyed.js';
import {
  alertView, approvalView, checkView, ledgerEntryView, periodView, reservationView, statusView, usageSummaryView, usageView,
} from '../../shared/http/views/index.js';

const actorOf = (caller: Caller): Actor => ({ tenantId: caller.tenantId, keyId: caller.keyId });

type DecideRequest = { caller: Caller; pathParameters: Record<string, string | undefined>; body: DecisionRequest; idempotency: { key: string; requestHash: string } | undefined; requestId: string };

function decide(request: DecideRequest, decision: 'approve' | 'deny') {
  const decider: Decider = { ...actorOf(request.caller), maxApprovalLevel: request.caller.maxApprovalLevel };
  return servicesFromEnv().approvals.decide(decider, request.pathParameters.id ?? '', decision, request.body, auditContextOf(request), {
    ...keyedOptions(request),
    respond: (approval) => ({ status: 200, body: approvalView(approval) }),
  });
}

export const handler = createApiHandler('money', {
  listPeriods: async (request) => {
    const page = await servicesFromEnv().money.periods(request.caller.tenantId, request.pathParameters.id ?? '', request.query.limit, request.query.cursor);
    return { status: 200, body: { items: page.items.map(periodView), nextCursor: page.nextCursor } };
  },
  getPeriod: async (request) => ({
    status: 200,
    body: periodView(await servicesFromEnv().money.period(request.caller.tenantId, request.pathParameters.id ?? '', request.pathParameters.key ?? '')),
  }),
  closePeriod: async (request) => ({
    status: 200,
    body: periodView(await servicesFromEnv().money.closePeriod(actorOf(request.caller), request.pathParameters.id ?? '', request.pathParameters.key ?? '', auditContextOf(request))),
  }),
  getBudgetStatus: async (request) => ({
    status: 200,
    body: statusView(await servicesFromEnv().money.status(request.caller.tenantId, request.pathParameters.id ?? '', request.query.at)),
  }),
  createReservation: async (request) =>
    servicesFromEnv().money.reserve(actorOf(request.caller), request.pathParameters.id ?? '', request.body, {
      ...keyedOptions(request),
      respond: (reservation) => ({
        status: reservation.status === 'pending_approval' ? 202 : 201,
        body: reservationView(reservation),
        headers: { Location: `/v1/reservations/${reservation.id}` },
      }),
    }),
  listReservations: async (request) => {
    const page = await servicesFromEnv().money.listReservations(request.caller.tenantId, request.pathParameters.id ?? '', request.query);
    return { status: 200, body: { items: page.items.map(reservationView), nextCursor: page.nextCursor } };
  },
  getReservation: async (request) => ({
    status: 200,
    body: reservationView(await servicesFromEnv().money.getReservation(request.caller.tenantId, request.pathParameters.rid ?? '')),
  }),
  chargeReservation: async (request) =>
    servicesFromEnv().money.charge(actorOf(request.caller), request.pathParameters.rid ?? '', request.body, {
      ...keyedOptions(request),
      respond: (reservation) => ({ status: 200, body: reservationView(reservation) }),
    }),
  releaseReservation: async (request) =>
    servicesFromEnv().money.release(actorOf(request.caller), request.pathParameters.rid ?? '', {
      ...keyedOptions(request),
      respond: (reservation) => ({ status: 200, body: reservationView(reservation) }),
    }),
  createUsage: async (request) =>
    servicesFromEnv().money.recordUsage(actorOf(request.caller), request.pathParameters.id ?? '', request.body, {
      ...keyedOptions(request),
      respond: (usage) => ({ status: 201, body: usageView(usage) }),
    }),
  listUsage: async (request) => {
    const page = await servicesFromEnv().money.usage(request.caller.tenantId, request.pathParameters.id ?? '', request.query);
    return { status: 200, body: { items: page.items.map(usageView), nextCursor: page.nextCursor } };
  },
  getUsageSummary: async (request) => ({
    status: 200,
    body: usageSummaryView(await servicesFromEnv().money.usageSummary(request.caller.tenantId, request.pathParameters.id ?? '', request.query)),
  }),
  createAdjustment: async (request) =>
    servicesFromEnv().money.adjust(actorOf(request.caller), request.pathParameters.id ?? '', request.body, {
      ...keyedOptions(request),
      respond: (entry) => ({ status: 201, body: ledgerEntryView(entry) }),
    }),
  createCorrection: async (request) =>
    servicesFromEnv().money.correct(actorOf(request.caller), request.pathParameters.id ?? '', request.body, auditContextOf(request), {
      ...keyedOptions(request),
      respond: (entry) => ({ status: 201, body: ledgerEntryView(entry) }),
    }),
  listLedger: async (request) => {
    const page = await servicesFromEnv().money.ledger(request.caller.tenantId, request.pathParameters.id ?? '', request.query);
    return { status: 200, body: { items: page.items.map(ledgerEntryView), nextCursor: page.nextCursor } };
  },
  check: async (request) => ({ status: 200, body: checkView(await servicesFromEnv().money.check(request.caller.tenantId, request.body)) }),
  listAlerts: async (request) => {
    const page = await servicesFromEnv().alerts.list(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(alertView), nextCursor: page.nextCursor } };
  },
  listBudgetAlerts: async (request) => {
    const page = await servicesFromEnv().alerts.listForBudget(request.caller.tenantId, request.pathParameters.id ?? '', request.query);
    return { status: 200, body: { items: page.items.map(alertView), nextCursor: page.nextCursor } };
  },
  acknowledgeAlert: async (request) => ({
    status: 200,
    body: alertView(await servicesFromEnv().alerts.acknowledge(request.caller.tenantId, request.pathParameters.aid ?? '', auditContextOf(request))),
  }),
  listApprovals: async (request) => {
    const page = await servicesFromEnv().approvals.list(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(approvalView), nextCursor: page.nextCursor } };
  },
  getApproval: async (request) => ({
    status: 200,
    body: approvalView(await servicesFromEnv().approvals.get(request.caller.tenantId, request.pathParameters.id ?? '')),
  }),
  approveApproval: async (request) => decide(request, 'approve'),
  denyApproval: async (request) => decide(request, 'deny'),
});
