import type { BudgetEvent } from '../../shared/schemas/events.js';

/** One event of each type, fixed, for rendering and delivery tests. */
const budget = { id: 'bud_01TEAMML', name: 'Team ML', scope: { type: 'team', id: 'ml' }, currency: 'USD', enforcement: 'hard' as const };

const envelope = { version: 1, tenantId: 'acme', budgetId: budget.id } as const;
const threshold = {
  alertId: 'alr_1', threshold: 90, kind: 'actual' as const, budget,
  period: { key: '2026-11', start: '2026-10-31T23:00:00.000Z', end: '2026-11-30T23:00:00.000Z' },
};
const approval = {
  approvalId: 'apr_1', reservationId: 'res_1', amount: '150', overrunAmount: '120', level: 'manager' as const,
  budget: { ...budget, enforcement: 'approval' as const }, periodKey: '2026-11', requestedAt: '2026-11-23T12:00:00.000Z',
  expiresAt: '2026-11-24T12:00:00.000Z', description: 'nightly retrain',
};

export const sampleEvents: Record<BudgetEvent['type'], BudgetEvent> = {
  'budget.threshold_crossed': {
    ...envelope, id: 'alr_1:crossed:1', type: 'budget.threshold_crossed', occurredAt: '2026-11-23T10:00:00.000Z', severity: 'warning',
    data: { ...threshold, amounts: { limit: '1000', spent: '420.5', reserved: '480', available: '99.5', utilization: 90.05 } },
  },
  'budget.threshold_resolved': {
    ...envelope, id: 'alr_1:resolved:1', type: 'budget.threshold_resolved', occurredAt: '2026-11-23T11:00:00.000Z', severity: 'info',
    data: { ...threshold, amounts: { limit: '1000', spent: '420.5', reserved: '0', available: '579.5', utilization: 42.05 } },
  },
  'approval.requested': {
    ...envelope, id: 'apr_1:requested', type: 'approval.requested', occurredAt: '2026-11-23T12:00:00.000Z', severity: 'warning',
    data: approval,
  },
  'approval.decided': {
    ...envelope, id: 'apr_1:decided', type: 'approval.decided', occurredAt: '2026-11-23T12:30:00.000Z', severity: 'info',
    data: { ...approval, status: 'approved', decidedAt: '2026-11-23T12:30:00.000Z', decidedBy: 'key_approver', comment: 'ok for launch week' },
  },
  'reconciliation.drift_detected': {
    ...envelope, id: 'drf_1', type: 'reconciliation.drift_detected', occurredAt: '2026-11-23T03:00:00.000Z', severity: 'critical',
    data: {
      findingId: 'drf_1', budget, period: threshold.period, checkedAt: '2026-11-23T03:00:00.000Z',
      counters: { limit: '1002', spent: '421.5', reserved: '480' },
      ledger: { limit: '1000', spent: '420', reserved: '480' },
      drift: { limit: '2', spent: '1.5', reserved: '0' },
      availableCoherent: true,
    },
  },
  'budget.variance_detected': {
    ...envelope, id: 'var_1', type: 'budget.variance_detected', occurredAt: '2026-11-23T03:00:00.000Z', severity: 'warning',
    data: {
      findingId: 'var_1', budget, period: threshold.period, checkedAt: '2026-11-23T03:00:00.000Z', source: 'focus',
      actual: '473.1', actualDays: 22, actualsAsOf: '2026-11-23T02:00:00.000Z', spent: '420.5',
      variance: { amount: '52.6', percent: 12.51 }, tolerancePercent: 5, step: 2,
    },
  },
  'period.closed': {
    ...envelope, id: 'bud_01TEAMML:2026-10:closed', type: 'period.closed', occurredAt: '2026-11-01T00:10:00.000Z', severity: 'info',
    data: {
      budget, period: { key: '2026-10', start: '2026-09-30T22:00:00.000Z', end: '2026-10-31T23:00:00.000Z' }, closedAt: '2026-11-01T00:10:00.000Z',
      amounts: { limit: '1000', spent: '812.25', reserved: '40', available: '147.75', utilization: 85.23 },
      rolloverOut: '147.75', nextPeriodKey: '2026-11',
    },
  },
  'budget.created': {
    ...envelope, id: 'aud_1', type: 'budget.created', occurredAt: '2026-11-02T09:00:00.000Z', severity: 'info',
    data: { auditId: 'aud_1', budget, actor: { keyId: 'key_admin', name: 'admin' }, changes: { name: { from: null, to: 'Team ML' }, limit: { from: null, to: '1000' } } },
  },
  'budget.updated': {
    ...envelope, id: 'aud_2', type: 'budget.updated', occurredAt: '2026-11-03T09:00:00.000Z', severity: 'info',
    data: { auditId: 'aud_2', budget, actor: { keyId: 'key_admin', name: 'admin' }, changes: { limit: { from: '1000', to: '1200' } } },
  },
  'budget.archived': {
    ...envelope, id: 'aud_3', type: 'budget.archived', occurredAt: '2026-11-04T09:00:00.000Z', severity: 'info',
    data: { auditId: 'aud_3', budget, actor: { system: 'bootstrap' }, changes: { status: { from: 'active', to: 'archived' } } },
  },
  'budget.limit_exceeded': {
    ...envelope, id: 'bud_01TEAMML:2026-11:limit_exceeded:1795424400000', type: 'budget.limit_exceeded', occurredAt: '2026-11-23T09:00:00.000Z', severity: 'warning',
    data: {
      budget, period: threshold.period, refusedAt: '2026-11-23T09:00:00.000Z', requested: '120',
      amounts: { limit: '1000', spent: '900', reserved: '50', available: '50', utilization: 95 },
    },
  },
};

/** A local HTTP endpoint standing in for a Slack webhook: answers from a script, records bodies. */
export async function startWebhookStub(answers: Array<{ status: number; headers?: Record<string, string> }> = []) {
  const { createServer } = await import('node:http');
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(text));
      const answer = answers.shift() ?? { status: 200 };
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/services/T/B/X`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
