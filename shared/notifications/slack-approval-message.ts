import { formatAmount } from '../domain/common/amount.js';
import { slackUserOf, type SlackDecision, type SlackDecisionRequest } from '../domain/integrations/slack.js';
import type { ApprovalRecord } from '../domain/money/approvals.js';
import { code, context, DECISION_ICONS, header, mrkdwn, ROOM, section, slackDate } from './slack-text.js';

/** The buttons' `action_id`s (API.md "Slack approvals"); each button's `value` is the approval id. */
export const SLACK_APPROVAL_ACTIONS = { approve: 'approval.approve', deny: 'approval.deny' } as const;

/** Approve and Deny, under an approval request; Slack posts a click to the app's Interactivity Request URL. */
export function approvalButtons(approvalId: string): unknown {
  const button = (text: string, actionId: string, style: 'primary' | 'danger') => ({
    type: 'button', action_id: actionId, style, value: approvalId, text: { type: 'plain_text', text, emoji: false },
  });
  return {
    type: 'actions',
    block_id: 'approval.decision',
    elements: [button('Approve', SLACK_APPROVAL_ACTIONS.approve, 'primary'), button('Deny', SLACK_APPROVAL_ACTIONS.deny, 'danger')],
  };
}

/** What the app posts to the click's `response_url`: the message replaced by the outcome, or a note to the clicking user alone. */
export type SlackReply =
  | { replace_original: true; text: string; blocks: unknown[] }
  | { response_type: 'ephemeral'; replace_original: false; text: string };

const STATUS_ICONS = { pending: ':raising_hand:', ...DECISION_ICONS } as const;

/** A Slack decider (`slack:U…`) as a mention of that user; anyone else (a key, the expiry) as code. */
function decider(decidedBy: string | null): string {
  const slackUser = slackUserOf(decidedBy);
  return slackUser ? `<@${slackUser}>` : code(decidedBy ?? 'unknown');
}

/** The approval as it now stands, replacing the request (its buttons go: nothing is left to decide). */
function outcomeMessage(approval: ApprovalRecord, note: string): SlackReply {
  const amount = `${formatAmount(approval.amountMicros)} ${mrkdwn(approval.currency, ROOM.currency)}`;
  const headline = `${STATUS_ICONS[approval.status]} ${approval.status[0]!.toUpperCase()}${approval.status.slice(1)}: ${amount} on budget ${approval.budgetId}`;
  const decided = approval.decidedAt ? ` by ${decider(approval.decidedBy)} on ${slackDate(approval.decidedAt)}` : '';
  return {
    replace_original: true,
    text: headline,
    blocks: [
      header(headline),
      section(`Approval ${code(approval.id)} (${approval.level}, overrun ${formatAmount(approval.overrunMicros)} ${mrkdwn(approval.currency, ROOM.currency)}) `
        + `on ${code(approval.budgetId)}: *${approval.status}*${decided}.`),
      context(note),
    ],
  };
}

const ephemeral = (text: string): SlackReply => ({ response_type: 'ephemeral', replace_original: false, text: `${text} Nothing changed.` });

/** The reply to a click on Approve or Deny, from what the click came to. Pure. */
export function slackDecisionReply(decision: SlackDecision, click: SlackDecisionRequest): SlackReply {
  const approvalId = code(click.approvalId);
  switch (decision.outcome) {
    case 'decided':
      return outcomeMessage(decision.approval, decision.approval.status === 'approved'
        ? 'The reservation is held and counts as an approved overrun.'
        : 'The reservation was not held.');
    case 'not-pending':
      return outcomeMessage(decision.approval, `Already ${decision.approval.status} before this click: it changed nothing.`);
    case 'unknown-workspace':
      return ephemeral('This Slack workspace is not linked to a budget tenant (an admin links it with `PUT /v1/integrations/slack`).');
    case 'not-an-approver':
      return ephemeral('You are not an approver of this workspace\'s budgets (an admin lists approvers with `PUT /v1/integrations/slack`).');
    case 'level-too-high':
      return ephemeral(`Approval ${approvalId} needs a ${decision.approval.level} decision; you may decide up to ${decision.maxLevel}.`);
    case 'unknown-approval':
      return ephemeral(`Approval ${approvalId} was not found.`);
    case 'refused':
      return ephemeral(`Could not ${click.decision} approval ${approvalId}: ${mrkdwn(decision.reason, ROOM.quote)}`);
  }
}
