import type { BudgetChanged, BudgetLimitExceeded } from '../schemas/events.js';
import { code, context, fields, mrkdwn, plain, ROOM, section, slackDate, type Render } from './slack-text.js';

/** Budget configuration changes and hard refusals, for Slack and a terminal line (slack-message.ts routes to these). */

const CHANGE_VERBS = { 'budget.created': 'created', 'budget.updated': 'changed', 'budget.archived': 'archived' } as const;
/** Fields listed in a change message: a creation of a deep template lists many; the audit trail has them all. */
const LISTED_CHANGES = 8;

function actorWords(actor: BudgetChanged['data']['actor'], render: Render): string {
  return 'system' in actor ? render(actor.system, ROOM.id) : render(actor.name, ROOM.name);
}

/** `{ from, to }` of one field, short: objects as compact JSON. */
function valueWords(value: unknown): string {
  return value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
}

export function budgetChangeHeadline(event: BudgetChanged, name: string, render: Render): string {
  return `Budget ${name} ${CHANGE_VERBS[event.type]} by ${actorWords(event.data.actor, render)}`;
}

export function budgetChangeBlocks(event: BudgetChanged): unknown[] {
  const { budget, changes, auditId } = event.data;
  const listed = Object.entries(changes).slice(0, LISTED_CHANGES);
  const more = Object.keys(changes).length - listed.length;
  return [
    section(`*${mrkdwn(budget.name, ROOM.name)}* · ${mrkdwn(budget.scope.type, ROOM.scope)} ${code(budget.scope.id, ROOM.scope)} · ${code(budget.id)}`),
    ...(listed.length > 0 ? [fields(listed.map(([field, change]) => [mrkdwn(field, ROOM.id), event.type === 'budget.created'
      ? mrkdwn(valueWords(change.to), ROOM.quote)
      : `${mrkdwn(valueWords(change.from), ROOM.quote)} → ${mrkdwn(valueWords(change.to), ROOM.quote)}`]))] : []),
    context(`${more > 0 ? `${more} more fields changed. ` : ''}On ${slackDate(event.occurredAt)}; the whole entry: \`GET /v1/audit?resourceType=budget&resourceId=${mrkdwn(budget.id.replaceAll('`', "'"), ROOM.id)}\` (${code(auditId)}).`),
  ];
}

export function budgetChangeLine(event: BudgetChanged): string {
  const changed = Object.entries(event.data.changes).map(([field, change]) => `${field}: ${valueWords(change.from)} → ${valueWords(change.to)}`).join(', ');
  return plain(changed || 'no field changed', ROOM.quote);
}

export function limitExceededHeadline(event: BudgetLimitExceeded, name: string): string {
  return `Budget ${name} refused a hold of ${event.data.requested} ${plain(event.data.budget.currency, ROOM.currency)}`;
}

export function limitExceededBlocks(event: BudgetLimitExceeded): unknown[] {
  const { budget, period, amounts, requested, refusedAt } = event.data;
  const currency = mrkdwn(budget.currency, ROOM.currency);
  return [
    section(`*${mrkdwn(budget.name, ROOM.name)}* · ${code(budget.id)}\nHard budget: on ${slackDate(refusedAt)} a reservation of ${requested} ${currency} did not fit in ${code(period.key)}.`),
    fields([
      ['Limit', `${amounts.limit} ${currency}`],
      ['Spent', `${amounts.spent} ${currency}`],
      ['Reserved', `${amounts.reserved} ${currency}`],
      ['Available', `${amounts.available} ${currency}`],
    ]),
    context('*What to do:* raise the limit (PATCH the budget or POST an adjustment) if the work should go on, or leave it: further refusals in this period are not told for an hour.'),
  ];
}

export function limitExceededLine(event: BudgetLimitExceeded): string {
  const { amounts, period } = event.data;
  return `available ${amounts.available} of ${amounts.limit} (spent ${amounts.spent}, reserved ${amounts.reserved}) in ${plain(period.key, ROOM.id)}`;
}
