/** Integrations: a tenant's Slack workspace, whose approvers decide approvals from Slack. */
export {
  SLACK_APPROVERS_MAX, slackDecider, slackUserOf, type SlackApprover, type SlackDecision, type SlackDecisionRequest, type SlackIntegration,
} from './slack.js';
export type { SlackIntegrationSave, SlackIntegrationStore } from './ports.js';
export { SlackIntegrationService, type SlackIntegrationServiceDeps } from './service.js';
