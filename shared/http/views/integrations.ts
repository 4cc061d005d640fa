import type { z } from 'zod';
import type { SlackIntegration as SlackIntegrationRecord } from '../../domain/integrations/slack.js';
import type { SlackIntegration } from '../../schemas/integrations.js';

export const slackIntegrationView = (integration: SlackIntegrationRecord): z.output<typeof SlackIntegration> => ({
  teamId: integration.teamId,
  approvers: integration.approvers.map(({ slackUserId, maxLevel }) => ({ slackUserId, maxLevel })),
  version: integration.version,
  updatedAt: integration.updatedAt,
});
