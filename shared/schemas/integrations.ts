import { z } from 'zod';
import { LIMITS } from '../domain/common/limits.js';
import { SLACK_APPROVERS_MAX } from '../domain/integrations/slack.js';
import { MaxApprovalLevel } from './access.js';

/** Slack ids (`T…` workspaces, `U…`/`W…` users) are short upper-case alphanumerics. */
const SLACK_ID_PATTERN = /^[A-Z0-9]{1,32}$/;
const slackId = (what: string) => z.string().regex(SLACK_ID_PATTERN, `must be a Slack ${what} id such as "${what === 'workspace' ? 'T0123ABCD' : 'U0123ABCD'}"`);

export const SlackApprover = z
  .strictObject({ slackUserId: slackId('user'), maxLevel: MaxApprovalLevel })
  .meta({ id: 'SlackApprover', description: 'A Slack user who may approve or deny from Slack, up to `maxLevel`.' });

export const PutSlackIntegrationBody = z
  .strictObject({
    teamId: slackId('workspace').meta({ description: 'The Slack workspace (team) id.' }),
    approvers: z.array(SlackApprover).max(SLACK_APPROVERS_MAX).superRefine((approvers, context) => {
      const seen = new Set<string>();
      approvers.forEach(({ slackUserId }, index) => {
        if (seen.has(slackUserId)) context.addIssue({ code: 'custom', path: [index, 'slackUserId'], message: 'is listed twice' });
        seen.add(slackUserId);
      });
    }),
  })
  .meta({ id: 'PutSlackIntegration' });
export type PutSlackIntegrationBody = z.output<typeof PutSlackIntegrationBody>;

export const SlackIntegration = z
  .object({ teamId: z.string(), approvers: z.array(SlackApprover), version: z.number().int(), updatedAt: z.string() })
  .meta({ id: 'SlackIntegration', description: 'The Slack workspace linked to the tenant and its approvers.' });

/** The parts of Slack's interaction payload (the form field `payload`, JSON) that a decision reads; Slack sends many more. */
export const SlackInteraction = z.object({
  type: z.string().max(64),
  team: z.object({ id: z.string().max(LIMITS.idLength) }).nullish(),
  user: z.object({ id: z.string().max(LIMITS.idLength) }).nullish(),
  response_url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  actions: z.array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional() })).max(25).optional(),
});
export type SlackInteraction = z.output<typeof SlackInteraction>;
