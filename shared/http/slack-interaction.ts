import { ValidationError } from '../domain/common/errors.js';
import type { SlackDecisionRequest } from '../domain/integrations/slack.js';
import { SLACK_APPROVAL_ACTIONS } from '../notifications/slack-approval-message.js';
import { SlackInteraction } from '../schemas/integrations.js';
import { parseOrThrow } from './validation.js';

/** A click on one of our Approve/Deny buttons, and where to answer it. */
export interface SlackClick {
  request: SlackDecisionRequest;
  responseUrl: string;
}

const DECISIONS: Readonly<Record<string, SlackDecisionRequest['decision']>> = {
  [SLACK_APPROVAL_ACTIONS.approve]: 'approve',
  [SLACK_APPROVAL_ACTIONS.deny]: 'deny',
};

/**
 * Reads Slack's interaction callback (a form whose field `payload` is JSON), once its
 * signature holds: 400 when it is not one. `undefined` when it is not a click on our
 * buttons (another interaction of the app), which is acknowledged and changes nothing.
 */
export function slackClickOf(formBody: string): SlackClick | undefined {
  const payloadText = new URLSearchParams(formBody).get('payload');
  if (payloadText === null) throw new ValidationError([{ pointer: '/payload', detail: 'the form field `payload` is required' }]);
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    throw new ValidationError([{ pointer: '/payload', detail: 'must be JSON' }]);
  }
  const interaction = parseOrThrow(SlackInteraction, payload, '/payload');
  const action = interaction.actions?.find((candidate) => Object.hasOwn(DECISIONS, candidate.action_id));
  if (interaction.type !== 'block_actions' || !action) return undefined;
  const teamId = interaction.team?.id;
  const slackUserId = interaction.user?.id;
  const responseUrl = interaction.response_url;
  if (!teamId || !slackUserId || !responseUrl || !action.value) {
    throw new ValidationError([{ pointer: '/payload', detail: 'a button click needs team.id, user.id, response_url and the action\'s value' }]);
  }
  return { request: { teamId, slackUserId, approvalId: action.value, decision: DECISIONS[action.action_id]! }, responseUrl };
}
