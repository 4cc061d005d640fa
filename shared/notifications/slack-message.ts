import type {
  ApprovalDecided, ApprovalRequested, BudgetEvent, BudgetVarianceDetected, PeriodClosed, ReconciliationDriftDetected, ThresholdEvent,
} from '../schemas/events.js';

import { budgetChangeBlocks, budgetChangeHeadline, budgetChangeLine, limitExceededBlocks, limitExceededHeadline, limitExceededLine } from './slack-budget-events.js';
import { approvalButtons } from './slack-approval-message.js';
import {
  code, context, DECISION_ICONS, fields, header, mrkdwn, plain, quote, ROOM, section, slackDate, timeLeft, utc, type Render,
} from './slack-text.js';

export interface SlackMessage {
  /** mrkdwn; what push notifications and clients without Block Kit show. */
  text: string;
  blocks: unknown[];
}

const SEVERITY_ICONS = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;
const DECISION_WORDS = { approved: 'Approved', denied: 'Denied', expired: 'Expired' } as const;

function icon(event: BudgetEvent): string {
  if (event.type === 'budget.threshold_resolved') return ':white_check_mark:';
  if (event.type === 'approval.requested') return ':raising_hand:';
  return event.type === 'approval.decided' ? DECISION_ICONS[event.data.status] : SEVERITY_ICONS[event.severity];
}

/** What happened and to which budget, in one line; `render` makes the event's strings safe for where it goes. */
function headline(event: BudgetEvent, render: Render, bold = (text: string) => text): string {
  const name = bold(render(event.data.budget.name, ROOM.name));
  switch (event.type) {
    case 'budget.threshold_crossed': {
      const { threshold, kind } = event.data;
      return `Budget ${name} ${kind === 'forecast' ? `is forecast to reach ${threshold} % by the period end` : `reached ${threshold} %`} (${event.severity})`;
    }
    case 'budget.threshold_resolved':
      return `Budget ${name} is back under ${event.data.threshold} %`;
    case 'approval.requested':
      return `Approval needed (${event.data.level}): ${event.data.amount} ${render(event.data.budget.currency, ROOM.currency)} on ${name}`;
    case 'approval.decided':
      return `${DECISION_WORDS[event.data.status]}: ${event.data.amount} ${render(event.data.budget.currency, ROOM.currency)} on ${name}`;
    case 'reconciliation.drift_detected':
      return `Budget ${name}: counters drift from the ledger in ${render(event.data.period.key, ROOM.id)} (${event.severity})`;
    case 'budget.variance_detected':
      return `Budget ${name}: ${event.data.source === 'focus' ? 'FOCUS' : 'Cost Explorer'} actuals are ${varianceWords(event.data.variance.percent)} in ${render(event.data.period.key, ROOM.id)}`;
    case 'period.closed':
      return `Budget ${name} closed ${render(event.data.period.key, ROOM.id)} at ${event.data.amounts.utilization} %`;
    case 'budget.created':
    case 'budget.updated':
    case 'budget.archived':
      return budgetChangeHeadline(event, name, render);
    case 'budget.limit_exceeded':
      return limitExceededHeadline(event, name);
  }
}

function budgetLine(budget: ThresholdEvent['data']['budget']): string {
  return `*${mrkdwn(budget.name, ROOM.name)}* · ${mrkdwn(budget.scope.type, ROOM.scope)} ${code(budget.scope.id, ROOM.scope)} · ${code(budget.id)}`;
}

/** What each enforcement means for the next reservation: how urgent the alert is. */
const ENFORCEMENT = {
  hard: 'Hard budget: reservations that do not fit are refused.',
  soft: 'Soft budget: reservations still go through, marked over limit.',
  approval: 'Approval budget: reservations past the limit wait for an approver.',
} as const;

function thresholdBlocks(event: ThresholdEvent, nowMs: number): unknown[] {
  const { budget, period, amounts, kind } = event.data;
  const currency = mrkdwn(budget.currency, ROOM.currency);
  const budgetPath = `/v1/budgets/${mrkdwn(budget.id.replaceAll('`', "'"), ROOM.id)}`;
  const todo = event.type === 'budget.threshold_crossed'
    ? `*What to do:* review what is spending (\`GET ${budgetPath}/usage/summary\`) or top up with \`POST ${budgetPath}/adjustments\`. ${ENFORCEMENT[budget.enforcement]}`
    : '*No action needed:* a release, expiry or adjustment brought it back under the threshold.';
  return [
    section(`${budgetLine(budget)}\n*${amounts.utilization} %* of the ${code(period.key)} limit is ${kind === 'forecast' ? 'forecast to be used by the period end' : 'used'}.`),
    fields([
      ['Utilization', `${amounts.utilization} %`],
      ['Limit', `${amounts.limit} ${currency}`],
      ['Spent', `${amounts.spent} ${currency}`],
      ['Reserved', `${amounts.reserved} ${currency}`],
      ['Available', `${amounts.available} ${currency}`],
      ['Period', period.end === null ? 'lifetime (no end)' : `${mrkdwn(period.key, ROOM.id)} (${timeLeft(period.end, nowMs)}, ends ${slackDate(period.end)})`],
    ]),
    context(todo),
  ];
}

function approvalRequestedBlocks(event: ApprovalRequested, nowMs: number): unknown[] {
  const { budget, amount, overrunAmount, level, expiresAt, approvalId, reservationId, description } = event.data;
  const currency = mrkdwn(budget.currency, ROOM.currency);
  const approvalPath = `/v1/approvals/${mrkdwn(approvalId.replaceAll('`', "'"), ROOM.id)}`;
  return [
    section(`${budgetLine(budget)}\nReservation ${code(reservationId)} of *${amount} ${currency}* would take it *${overrunAmount} ${currency}* over its limit.`
      + (description ? `\n${quote(description)}` : '')),
    fields([
      ['Level', level],
      ['Overrun', `${overrunAmount} ${currency}`],
      ['Period', mrkdwn(event.data.periodKey, ROOM.id)],
      ['Decide before', `${slackDate(expiresAt)} (${timeLeft(expiresAt, nowMs)})`],
    ]),
    context(`*What to do:* a Slack approver of this level approves or denies with the buttons, or an API key (role \`approver\` or \`admin\`) with \`POST ${approvalPath}/approve\` or \`/deny\`, before ${slackDate(expiresAt)}; after that it expires and nothing is held.`),
    approvalButtons(approvalId),
  ];
}

const DECISION_OUTCOMES = {
  approved: 'The reservation is held and counts as an approved overrun. No action needed.',
  denied: 'The reservation was not held. No action needed.',
  expired: 'Nobody decided in time: the reservation was not held. Reserve again if the work is still needed.',
} as const;

function approvalDecidedBlocks(event: ApprovalDecided): unknown[] {
  const { budget, status, decidedBy, decidedAt, comment, level, approvalId, overrunAmount } = event.data;
  return [
    section(`${budgetLine(budget)}\nApproval ${code(approvalId)} (${level}, overrun ${overrunAmount} ${mrkdwn(budget.currency, ROOM.currency)}): *${status}* by ${code(decidedBy)} on ${slackDate(decidedAt)}.`
      + (comment ? `\n${quote(comment)}` : '')),
    context(DECISION_OUTCOMES[status]),
  ];
}

function driftBlocks(event: ReconciliationDriftDetected): unknown[] {
  const { budget, period, counters, ledger, drift, checkedAt, availableCoherent } = event.data;
  const currency = mrkdwn(budget.currency, ROOM.currency);
  const budgetPath = `/v1/budgets/${mrkdwn(budget.id.replaceAll('`', "'"), ROOM.id)}`;
  const figures = (values: { limit: string; spent: string; reserved: string }) => `limit ${values.limit} · spent ${values.spent} · reserved ${values.reserved} ${currency}`;
  return [
    section(`${budgetLine(budget)}\nIn ${code(period.key)}, its counters differ from the sums of its ledger (checked ${slackDate(checkedAt)}).`
      + (availableCoherent ? '' : '\nIts stored headroom (`available`) also disagrees with its own figures.')),
    fields([
      ['Limit drift', `${drift.limit} ${currency}`],
      ['Spent drift', `${drift.spent} ${currency}`],
      ['Reserved drift', `${drift.reserved} ${currency}`],
      ['Counters', figures(counters)],
      ['Ledger', figures(ledger)],
    ]),
    context(`*What to do:* a defect of the service, not of a client: status and enforcement use the counters. Keep this message, compare with \`GET ${budgetPath}/reconciliation?periodKey=${mrkdwn(period.key, ROOM.id)}\` and the ledger, and open an incident.`),
  ];
}

/** `12.51 % above recorded spend`: the variance (actual − spent) in percent of spent, in words. */
function varianceWords(percent: number | null): string {
  if (percent === null) return 'billed with no spend recorded';
  return `${Math.abs(percent)} % ${percent > 0 ? 'above' : 'below'} recorded spend`;
}

function varianceBlocks(event: BudgetVarianceDetected): unknown[] {
  const { budget, period, actual, actualDays, actualsAsOf, spent, variance, tolerancePercent, checkedAt } = event.data;
  const currency = mrkdwn(budget.currency, ROOM.currency);
  const budgetPath = `/v1/budgets/${mrkdwn(budget.id.replaceAll('`', "'"), ROOM.id)}`;
  return [
    section(`${budgetLine(budget)}\nIn ${code(period.key)}, the provider's actual spend differs from what was recorded by more than ${tolerancePercent} % (checked ${slackDate(checkedAt)}).`),
    fields([
      ['Actual', `${actual} ${currency} (${actualDays} days, imported ${slackDate(actualsAsOf)})`],
      ['Recorded', `${spent} ${currency}`],
      ['Variance (actual − recorded)', `${variance.amount} ${currency}${variance.percent === null ? '' : ` (${variance.percent} %)`}`],
      ['Tolerance', `${tolerancePercent} %`],
    ]),
    context(`*What to do:* find the spend that was not reported (or was reported twice): compare \`GET ${budgetPath}/actuals\` with the ledger, `
      + `and \`GET ${budgetPath}/reconciliation?periodKey=${mrkdwn(period.key, ROOM.id)}\`. Provider figures lag by hours, so today's day may still grow.`),
  ];
}

/** What the carry did to the next period, in words. */
function rolloverWords(rolloverOut: string, nextPeriodKey: string | null, render: Render, currency: string): string {
  if (nextPeriodKey === null) return 'nothing follows this period';
  const next = render(nextPeriodKey, ROOM.id);
  if (/^-?0+(\.0+)?$/.test(rolloverOut)) return `nothing rolled into ${next}`;
  return rolloverOut.startsWith('-') ? `the overrun of ${rolloverOut.slice(1)} ${currency} carried into ${next} (its limit drops)` : `${rolloverOut} ${currency} rolled into ${next}`;
}

function periodClosedBlocks(event: PeriodClosed): unknown[] {
  const { budget, period, amounts, closedAt, rolloverOut, nextPeriodKey } = event.data;
  const currency = mrkdwn(budget.currency, ROOM.currency);
  const periodPath = `/v1/budgets/${mrkdwn(budget.id.replaceAll('`', "'"), ROOM.id)}/periods/${mrkdwn(period.key, ROOM.id)}`;
  const overspent = amounts.available.startsWith('-');
  return [
    section(`${budgetLine(budget)}
Period ${code(period.key)} closed on ${slackDate(closedAt)}: ${rolloverWords(rolloverOut, nextPeriodKey, mrkdwn, currency)}.`),
    fields([
      ['Limit', `${amounts.limit} ${currency}`],
      ['Spent', `${amounts.spent} ${currency}`],
      ['Reserved at close', `${amounts.reserved} ${currency}`],
      [overspent ? 'Overspent' : 'Left', `${overspent ? amounts.available.slice(1) : amounts.available} ${currency}`],
      ['Utilization', `${amounts.utilization} %`],
      ['Rollover', `${rolloverOut} ${currency}`],
    ]),
    context(overspent
      ? `*What to do:* the period ended over its limit; review what spent it (\`GET ${periodPath}\`, the ledger) before the next one fills. Late usage into it shows as \`lateSpent\`.`
      : `*No action needed.* Holds still held at close counted as used; late usage into the period shows as \`lateSpent\` on \`GET ${periodPath}\`.`),
  ];
}

/**
 * A notification as a Slack message a person reads in two seconds: the header says what
 * happened and to which budget, the fields give the numbers, the last line what to do.
 * Amounts are the event's decimal strings as given, never through a float. Pure: the same
 * event and clock give the same message.
 */
export function renderSlackMessage(event: BudgetEvent, nowMs: number): SlackMessage {
  let body: unknown[];
  switch (event.type) {
    case 'budget.threshold_crossed':
    case 'budget.threshold_resolved':
      body = thresholdBlocks(event, nowMs);
      break;
    case 'approval.requested':
      body = approvalRequestedBlocks(event, nowMs);
      break;
    case 'approval.decided':
      body = approvalDecidedBlocks(event);
      break;
    case 'reconciliation.drift_detected':
      body = driftBlocks(event);
      break;
    case 'budget.variance_detected':
      body = varianceBlocks(event);
      break;
    case 'period.closed':
      body = periodClosedBlocks(event);
      break;
    case 'budget.created':
    case 'budget.updated':
    case 'budget.archived':
      body = budgetChangeBlocks(event);
      break;
    case 'budget.limit_exceeded':
      body = limitExceededBlocks(event);
      break;
  }
  return {
    text: `${icon(event)} ${headline(event, mrkdwn, (name) => `*${name}*`)}`,
    // plain_text parses no mention or link, so the header shows the name unescaped.
    blocks: [header(`${icon(event)} ${headline(event, plain)}`), ...body],
  };
}

/** The same notification as one plain line, for a terminal (`npm start` without a webhook). */
export function renderNotificationLine(event: BudgetEvent, nowMs: number): string {
  const currency = plain(event.data.budget.currency, ROOM.currency);
  let facts: string;
  switch (event.type) {
    case 'budget.threshold_crossed':
    case 'budget.threshold_resolved': {
      const { amounts, period } = event.data;
      facts = `${amounts.utilization} % used: spent ${amounts.spent} + reserved ${amounts.reserved} of ${amounts.limit} ${currency}, period ${period.end === null ? 'lifetime (no end)' : `${plain(period.key, ROOM.id)} (${timeLeft(period.end, nowMs)})`}`;
      break;
    }
    case 'approval.requested':
      facts = `overrun ${event.data.overrunAmount} ${currency}; approve or deny: POST /v1/approvals/${plain(event.data.approvalId, ROOM.id)}/approve|deny before ${utc(event.data.expiresAt)}`;
      break;
    case 'approval.decided':
      facts = `by ${plain(event.data.decidedBy, ROOM.id)}${event.data.comment ? `: "${plain(event.data.comment, ROOM.quote)}"` : ''}`;
      break;
    case 'reconciliation.drift_detected': {
      const { drift } = event.data;
      facts = `drift (counters − ledger): limit ${drift.limit}, spent ${drift.spent}, reserved ${drift.reserved} ${currency}`;
      break;
    }
    case 'budget.variance_detected': {
      const { actual, spent, variance, tolerancePercent } = event.data;
      facts = `actual ${actual} vs recorded ${spent} ${currency}: variance ${variance.amount} ${currency} (tolerance ${tolerancePercent} %)`;
      break;
    }
    case 'period.closed': {
      const { amounts, rolloverOut, nextPeriodKey } = event.data;
      facts = `spent ${amounts.spent} + reserved ${amounts.reserved} of ${amounts.limit} ${currency}; ${rolloverWords(rolloverOut, nextPeriodKey, plain, currency)}`;
      break;
    }
    case 'budget.created':
    case 'budget.updated':
    case 'budget.archived':
      facts = budgetChangeLine(event);
      break;
    case 'budget.limit_exceeded':
      facts = limitExceededLine(event);
      break;
  }
  return `[${event.severity}] ${headline(event, plain)} · ${facts} · event ${plain(event.id, ROOM.id)}`;
}
