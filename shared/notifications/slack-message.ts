import type { BudgetEvent } from '../schemas/events.js';

/** Slack's limits (Block Kit): what a message must stay within to be accepted whole. */
const SLACK_LIMITS = { headerText: 150, sectionText: 3000, fieldText: 2000, fields: 10, blocks: 50, fallbackText: 3000 } as const;

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/** mrkdwn treats `&`, `<` and `>` as control characters: user text must not inject links or mentions. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** User-provided text, made safe for mrkdwn and short enough for its slot. */
const user = (text: string, max = 200) => escape(truncate(text, max));

const ICONS = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

function timeLeft(endIso: string | null, nowMs: number): string {
  if (endIso === null) return 'no end (lifetime)';
  const leftMs = Date.parse(endIso) - nowMs;
  if (leftMs <= 0) return 'period ended';
  const hours = Math.floor(leftMs / 3_600_000);
  if (hours >= 48) return `${Math.floor(hours / 24)} days left`;
  if (hours >= 1) return `${hours} h left`;
  return `${Math.max(1, Math.floor(leftMs / 60_000))} min left`;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } });
const fields = (pairs: Array<[string, string]>) => ({
  type: 'section',
  fields: pairs.slice(0, SLACK_LIMITS.fields).map(([label, value]) => ({ type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, SLACK_LIMITS.fieldText) })),
});
const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true } });
const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) }] });

function budgetLine(budget: { name: string; scope: { type: string; id: string }; id: string }): string {
  return `*${user(budget.name)}* (${user(budget.scope.type, 40)} \`${user(budget.scope.id, 100)}\`, ${budget.id})`;
}

/**
 * A notification as a Slack message a person reads in two seconds: the headline says what
 * happened and to which budget, the fields give the numbers, the last line what to do.
 * Pure: the same event and clock give the same message.
 */
export function renderSlackMessage(event: BudgetEvent, nowMs: number): SlackMessage {
  const icon = ICONS[event.severity];
  let headline: string;
  let blocks: unknown[];
  switch (event.type) {
    case 'budget.threshold_crossed':
    case 'budget.threshold_resolved': {
      const { budget, period, amounts, threshold } = event.data;
      const crossed = event.type === 'budget.threshold_crossed';
      headline = crossed
        ? `${icon} Budget ${user(budget.name, 80)} reached ${threshold} % (${event.severity})`
        : `:white_check_mark: Budget ${user(budget.name, 80)} is back under ${threshold} %`;
      const currency = budget.currency;
      blocks = [
        header(headline),
        section(`${budgetLine(budget)} is at *${amounts.utilization} %* of its ${period.key} limit.`),
        fields([
          ['Utilization', `${amounts.utilization} %`],
          ['Limit', `${amounts.limit} ${currency}`],
          ['Spent', `${amounts.spent} ${currency}`],
          ['Reserved', `${amounts.reserved} ${currency}`],
          ['Available', `${amounts.available} ${currency}`],
          ['Period', `${period.key} (${timeLeft(period.end, nowMs)})`],
        ]),
        context(crossed
          ? `What to do: review what is spending (\`GET /v1/budgets/${budget.id}/usage/summary\`), or top up with \`POST /v1/budgets/${budget.id}/adjustments\`. Enforcement: ${budget.enforcement}.`
          : 'Nothing to do: a release, expiry or adjustment brought it back under the threshold.'),
      ];
      break;
    }
    case 'approval.requested': {
      const { budget, amount, overrunAmount, level, expiresAt, approvalId, description } = event.data;
      headline = `${icon} Approval needed (${level}): ${amount} ${budget.currency} on ${user(budget.name, 80)}`;
      blocks = [
        header(headline),
        section(`A reservation of *${amount} ${budget.currency}* would take ${budgetLine(budget)} *${overrunAmount} ${budget.currency}* over its limit.`
          + (description ? `\n> ${user(description, 500)}` : '')),
        fields([
          ['Level', level],
          ['Overrun', `${overrunAmount} ${budget.currency}`],
          ['Period', event.data.periodKey],
          ['Decide before', expiresAt],
        ]),
        context(`What to do: an approver approves or denies with \`POST /v1/approvals/${approvalId}/approve\` or \`/deny\` before ${expiresAt}; otherwise it expires.`),
      ];
      break;
    }
    case 'approval.decided': {
      const { budget, amount, status, decidedBy, comment, level, approvalId } = event.data;
      const verb = status === 'approved' ? ':white_check_mark: Approved' : status === 'denied' ? ':no_entry: Denied' : ':hourglass: Expired';
      headline = `${verb}: ${amount} ${budget.currency} on ${user(budget.name, 80)}`;
      blocks = [
        header(headline),
        section(`Approval \`${approvalId}\` (${level}) for ${budgetLine(budget)}: *${status}* by \`${user(decidedBy, 100)}\`.`
          + (comment ? `\n> ${user(comment, 1000)}` : '')),
        context(status === 'approved' ? 'The reservation is held; it counts as an approved overrun.' : 'Nothing was held; the reservation will not be charged.'),
      ];
      break;
    }
  }
  return { text: truncate(headline.replace(/:[a-z_]+: /, ''), SLACK_LIMITS.fallbackText), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
