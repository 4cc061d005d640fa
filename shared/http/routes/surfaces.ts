import { ANY_ROLE, type RouteSpec } from '../route-spec.js';
import { PutSlackIntegrationBody, SlackIntegration } from '../../schemas/integrations.js';

/** Slack's interaction payloads carry the whole message clicked on: well under API Gateway's limit, above our JSON bodies'. */
const SLACK_ACTION_MAX_BYTES = 1024 * 1024;

/** Where people act besides the API: Slack approvals and the web console. (Part of the one route table: routes.ts.) */
export const surfaceRoutes = [
  {
    operationId: 'putSlackIntegration', method: 'PUT', path: '/v1/integrations/slack', functionName: 'integrations', auth: 'apiKey', roles: ['admin'],
    tag: 'Slack approvals', summary: 'Link a Slack workspace to the tenant, with the Slack users who may approve or deny from Slack and up to which level (replaces any earlier link).',
    body: PutSlackIntegrationBody,
    problems: ['conflict'],
    responses: { 200: { description: 'The link as it now stands.', schema: SlackIntegration } },
  },
  {
    operationId: 'getSlackIntegration', method: 'GET', path: '/v1/integrations/slack', functionName: 'integrations', auth: 'apiKey', roles: ['admin'],
    tag: 'Slack approvals', summary: 'The tenant\'s Slack link (role admin).',
    problems: ['not-found'],
    responses: { 200: { description: 'The link.', schema: SlackIntegration } },
  },
  {
    // No API key: Slack signs the request (X-Slack-Signature), checked over the raw body before anything is read.
    operationId: 'postSlackAction', method: 'POST', path: '/v1/integrations/slack/actions', functionName: 'integrations', auth: 'none', roles: ANY_ROLE,
    tag: 'Slack approvals', summary: 'Slack\'s interaction callback (Approve/Deny clicks), signed by Slack; the reply goes to the click\'s `response_url`.',
    signedFormBody: { maxBytes: SLACK_ACTION_MAX_BYTES },
    problems: [],
    responses: { 200: { description: 'Acknowledged; the message was replaced by the outcome, or the user told why nothing changed.' } },
  },
  {
    operationId: 'getConsole', method: 'GET', path: '/', functionName: 'console', auth: 'none', roles: ANY_ROLE,
    tag: 'Console', summary: 'The web console: a page that uses this API with the key its user pastes (kept in session storage).',
    problems: [],
    responses: { 200: { description: 'The console\'s HTML page.' }, 301: { description: 'To the same path with a trailing slash, so the page\'s relative links resolve under the stage.' } },
  },
  {
    operationId: 'getConsoleAsset', method: 'GET', path: '/console/{asset}', functionName: 'console', auth: 'none', roles: ANY_ROLE,
    tag: 'Console', summary: 'The console\'s script and style sheet.',
    problems: [],
    responses: { 200: { description: 'The file.' } },
  },
] as const satisfies readonly RouteSpec[];
