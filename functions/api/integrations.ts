import { secretFromEnv } from '../../shared/adapters/secrets-manager/secret-from-env.js';
import { postToResponseUrl } from '../../shared/adapters/slack/response-url.js';
import { servicesFromEnv } from '../../shared/app/env.js';
import { UnauthorizedError } from '../../shared/domain/common/errors.js';
import { logger } from '../../shared/observability/logger.js';
import { slackDecisionReply } from '../../shared/notifications/slack-approval-message.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { slackClickOf } from '../../shared/http/slack-interaction.js';
import { verifySlackSignature } from '../../shared/http/slack-signature.js';
import { slackIntegrationView } from '../../shared/http/views/index.js';

/**
 * `SLACK_SIGNING_SECRET` (`npm start`), else the secret `SLACK_SIGNING_SECRET_ARN` names (AWS):
 * the signing secret itself or `{ "signingSecret": … }`. Undefined when neither is configured.
 */
export const slackSigningSecret = secretFromEnv({ valueVariable: 'SLACK_SIGNING_SECRET', arnVariable: 'SLACK_SIGNING_SECRET_ARN', field: 'signingSecret' });

export const handler = createApiHandler('integrations', {
  putSlackIntegration: async (request) => ({
    status: 200,
    body: slackIntegrationView(await servicesFromEnv().slack.link(request.caller.tenantId, request.body, auditContextOf(request))),
  }),
  getSlackIntegration: async (request) => ({ status: 200, body: slackIntegrationView(await servicesFromEnv().slack.get(request.caller.tenantId)) }),
  postSlackAction: async (request) => {
    const signingSecret = await slackSigningSecret();
    if (signingSecret === undefined) throw new UnauthorizedError('The Slack signing secret is not configured (SLACK_SIGNING_SECRET), so no Slack request can be verified.');
    const refusal = verifySlackSignature(signingSecret, {
      timestampHeader: request.header('x-slack-request-timestamp'), signatureHeader: request.header('x-slack-signature'), rawBody: request.text,
    }, Date.now());
    if (refusal !== undefined) throw new UnauthorizedError(refusal);
    const click = slackClickOf(request.text);
    if (!click) return { status: 200 };
    const decision = await servicesFromEnv().slack.decide(click.request, request.requestId);
    // The decision stands whether or not Slack takes the reply: answered 200 (Slack retries no click), the failure logged.
    await postToResponseUrl(click.responseUrl, slackDecisionReply(decision, click.request)).catch((error: unknown) =>
      logger.error('the reply to a Slack click was not delivered', { requestId: request.requestId, outcome: decision.outcome, error }));
    return { status: 200 };
  },
});
