import { z } from 'zod';
import { ALERT_KINDS, ALERT_STATES } from '../domain/alerts/alerts.js';
import { APPROVAL_LEVELS, APPROVAL_STATUSES } from '../domain/money/approvals.js';
import { Amount, Cursor, Id, PageLimit, pageOf } from './common.js';
import { LIMITS } from '../domain/common/limits.js';
import { SEVERITIES } from '../domain/alerts/alerts.js';

/** Alerts and approvals on the wire (API.md "Alerts" and "Approvals"). */


export const Alert = z
  .object({
    id: z.string(),
    budgetId: z.string(),
    periodKey: z.string(),
    threshold: z.int(),
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(SEVERITIES),
    utilization: z.number(),
    state: z.enum(ALERT_STATES),
    triggeredAt: z.string(),
    acknowledgedAt: z.string().optional(),
    resolvedAt: z.string().optional(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.output<typeof Alert>;
export const AlertPage = pageOf(Alert, 'AlertPage');

export const ListAlertsQuery = z.object({
  budgetId: Id.optional(),
  state: z.enum(ALERT_STATES).optional(),
  limit: PageLimit,
  cursor: Cursor,
});
export type ListAlertsQuery = z.output<typeof ListAlertsQuery>;

export const ListBudgetAlertsQuery = ListAlertsQuery.omit({ budgetId: true });

export const Approval = z
  .object({
    id: z.string(),
    budgetId: z.string(),
    reservationId: z.string(),
    amount: Amount,
    overrunAmount: Amount,
    level: z.enum(APPROVAL_LEVELS),
    status: z.enum(APPROVAL_STATUSES),
    requestedAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    comment: z.string().optional(),
  })
  .meta({ id: 'Approval' });
export type Approval = z.output<typeof Approval>;
export const ApprovalPage = pageOf(Approval, 'ApprovalPage');

export const ListApprovalsQuery = z.object({
  status: z.enum(APPROVAL_STATUSES).optional(),
  budgetId: Id.optional(),
  limit: PageLimit,
  cursor: Cursor,
});
export type ListApprovalsQuery = z.output<typeof ListApprovalsQuery>;

export const DecideApprovalBody = z
  .strictObject({ comment: z.string().trim().min(1).max(LIMITS.descriptionLength).optional() })
  .meta({ id: 'DecideApproval' });
export type DecideApprovalBody = z.output<typeof DecideApprovalBody>;
