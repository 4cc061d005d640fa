import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { createServices } from '../../shared/app/services.js';
import { slackSignature } from '../../shared/http/slack-signature.js';
import { startWebhookStub } from '../support/events.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const TEAM = 'T0SLACKTEST';
const MANAGER = 'U0MANAGER';
const EXECUTIVE = 'U0EXEC';

let api: TestApi;
let key: string;
let tenantId: string;
let writer: string;
let stub: Awaited<ReturnType<typeof startWebhookStub>>;

beforeAll(async () => {
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
  api = await startTestApi();
  ({ tenantId, adminKey: key } = await api.newTenant('slack'));
  writer = await api.newKey(key, ['writer']);
  stub = await startWebhookStub();
  const linked = await api.call('PUT', '/v1/integrations/slack', {
    key, body: { teamId: TEAM, approvers: [{ slackUserId: MANAGER, maxLevel: 'manager' }, { slackUserId: EXECUTIVE, maxLevel: 'executive' }] },
  });
  expect(linked.status).toBe(200);
});
afterAll(async () => {
  await stub?.close();
  await api?.stop();
});
beforeEach(() => {
  stub.bodies.length = 0;
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
});

const budget = budgetMaker(() => api, () => key, { name: 'Slack approvals', scope: { type: 'project', id: 'slack' }, limit: '100', enforcement: 'approval' });
const approval = async (approvalId: string) => (await api.call('GET', `/v1/approvals/${approvalId}`, { key })).body;

/** A pending approval of `level` on a fresh budget (limit 100, full). */
async function pendingApproval(level: 'manager' | 'director', budgetOverrides: Record<string, unknown> = {}): Promise<string> {
  const id = await budget(budgetOverrides);
  await api.call('POST', `/v1/budgets/${id}/reservations`, { key: writer, body: { amount: '100' } });
  const pending = await api.call('POST', `/v1/budgets/${id}/reservations`, { key: writer, body: { amount: level === 'manager' ? '15' : '40' } });
  expect(pending.status).toBe(202);
  return pending.body.approvalId;
}

interface Click { approvalId: string; user?: string; team?: string; action?: string }

/** Slack's callback for a click: the form body, and its headers signed `skewSeconds` away from now with `secret`. */
function signedClick(click: Click, options: { skewSeconds?: number; secret?: string } = {}) {
  const payload = {
    type: 'block_actions', team: { id: click.team ?? TEAM, domain: 'acme' }, user: { id: click.user ?? MANAGER, username: 'pat' },
    api_app_id: 'A0APP', response_url: stub.url, trigger_id: '1.2.3',
    actions: [{ type: 'button', action_id: click.action ?? 'approval.approve', block_id: 'approval.decision', value: click.approvalId, action_ts: '1' }],
  };
  const rawBody = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestampSeconds = Math.floor(Date.now() / 1000) + (options.skewSeconds ?? 0);
  return {
    rawBody,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestampSeconds),
      'X-Slack-Signature': slackSignature(options.secret ?? SIGNING_SECRET, timestampSeconds, rawBody),
    },
  };
}

const post = (signed: { rawBody: string; headers: Record<string, string> }) =>
  api.call('POST', '/v1/integrations/slack/actions', { key: null, rawBody: signed.rawBody, headers: signed.headers });

describe('PUT/GET /v1/integrations/slack', () => {
  it('links a workspace, reads it back, and audits the change', async () => {
    const read = await api.call('GET', '/v1/integrations/slack', { key });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ teamId: TEAM, approvers: [{ slackUserId: MANAGER, maxLevel: 'manager' }, { slackUserId: EXECUTIVE, maxLevel: 'executive' }], version: 1 });
    const audit = await api.call('GET', '/v1/audit?resourceType=slackIntegration&resourceId=slack', { key });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'slackIntegration.created', changes: { teamId: { from: null, to: TEAM } } });
  });

  it('answers 404 before a link, refuses a workspace linked to another tenant (409), and frees the old workspace on a relink', async () => {
    const other = await api.newTenant('slack-other');
    expect((await api.call('GET', '/v1/integrations/slack', { key: other.adminKey })).status).toBe(404);
    const taken = await api.call('PUT', '/v1/integrations/slack', { key: other.adminKey, body: { teamId: TEAM, approvers: [] } });
    expect(taken.status).toBe(409);
    expect(slugOf(taken.body)).toBe('conflict');
    expect((await api.call('GET', '/v1/integrations/slack', { key: other.adminKey })).status).toBe(404);

    expect((await api.call('PUT', '/v1/integrations/slack', { key: other.adminKey, body: { teamId: 'T0OTHER', approvers: [] } })).status).toBe(200);
    const moved = await api.call('PUT', '/v1/integrations/slack', { key: other.adminKey, body: { teamId: 'T0MOVED', approvers: [] } });
    expect(moved.body).toMatchObject({ teamId: 'T0MOVED', version: 2 });
    const third = await api.newTenant('slack-third');
    expect((await api.call('PUT', '/v1/integrations/slack', { key: third.adminKey, body: { teamId: 'T0OTHER', approvers: [] } })).status).toBe(200);
  });

  it('refuses bad input (400) and other roles (403)', async () => {
    const twice = await api.call('PUT', '/v1/integrations/slack', {
      key, body: { teamId: TEAM, approvers: [{ slackUserId: MANAGER, maxLevel: 'manager' }, { slackUserId: MANAGER, maxLevel: 'director' }] },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ pointer: '/approvers/1/slackUserId', detail: 'is listed twice' }]);
    expect((await api.call('PUT', '/v1/integrations/slack', { key, body: { teamId: 'not a team', approvers: [] } })).status).toBe(400);
    expect((await api.call('GET', '/v1/integrations/slack', { key: writer })).status).toBe(403);
  });
});

describe('POST /v1/integrations/slack/actions', () => {
  it('approves as slack:<user> and replaces the message with the outcome', async () => {
    const approvalId = await pendingApproval('manager');
    const answer = await post(signedClick({ approvalId }));
    expect(answer.status).toBe(200);
    expect(await approval(approvalId)).toMatchObject({ status: 'approved', decidedBy: `slack:${MANAGER}` });
    expect(stub.bodies).toHaveLength(1);
    expect(stub.bodies[0]).toMatchObject({ replace_original: true, text: expect.stringContaining('Approved') });
    expect(JSON.stringify(stub.bodies[0])).toContain(`<@${MANAGER}>`);
    const [audited] = (await api.call('GET', `/v1/audit?resourceType=approval&resourceId=${approvalId}`, { key })).body.items;
    expect(audited).toMatchObject({ action: 'approval.approved', actor: { keyId: `slack:${MANAGER}`, name: `Slack user ${MANAGER}` }, changes: { decidedBy: { to: `slack:${MANAGER}` } } });
  });

  it('denies', async () => {
    const approvalId = await pendingApproval('manager');
    expect((await post(signedClick({ approvalId, action: 'approval.deny' }))).status).toBe(200);
    expect(await approval(approvalId)).toMatchObject({ status: 'denied', decidedBy: `slack:${MANAGER}` });
    expect(stub.bodies[0]).toMatchObject({ replace_original: true, text: expect.stringContaining('Denied') });
  });

  it('does not decide twice on a replayed request: the message shows the real state', async () => {
    const approvalId = await pendingApproval('manager');
    const signed = signedClick({ approvalId });
    expect((await post(signed)).status).toBe(200);
    const first = await approval(approvalId);
    const deny = signedClick({ approvalId, action: 'approval.deny', user: EXECUTIVE });
    expect((await post(signed)).status).toBe(200);
    expect((await post(deny)).status).toBe(200);
    expect(await approval(approvalId)).toEqual(first);
    expect(stub.bodies).toHaveLength(3);
    for (const reply of stub.bodies.slice(1)) {
      expect(reply).toMatchObject({ replace_original: true, text: expect.stringContaining('Approved') });
      expect(JSON.stringify(reply)).toContain('Already approved before this click');
    }
  });

  it('shows an approval that already expired as expired, and changes nothing', async () => {
    const approvalId = await pendingApproval('manager', { approvalPolicy: { ttlSeconds: 60 } });
    const table = { tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) };
    expect(await createServices(table, { nowMs: () => Date.now() + 61_000 }).approvals.expireDue(undefined, tenantId)).toBeGreaterThanOrEqual(1);
    expect((await post(signedClick({ approvalId }))).status).toBe(200);
    expect(await approval(approvalId)).toMatchObject({ status: 'expired', decidedBy: 'system:expiry' });
    expect(stub.bodies[0]).toMatchObject({ replace_original: true, text: expect.stringContaining('Expired') });
  });

  it.each([
    ['a level above the approver\'s', { user: MANAGER, level: 'director' }, 'needs a director decision; you may decide up to manager'],
    ['a user who is not an approver', { user: 'U0STRANGER', level: 'manager' }, 'You are not an approver'],
    ['a workspace linked to no tenant', { team: 'T0UNKNOWN', level: 'manager' }, 'not linked to a budget tenant'],
  ] as const)('refuses %s with an ephemeral note, and nothing changes', async (_, click, note) => {
    const approvalId = await pendingApproval(click.level);
    const before = await approval(approvalId);
    expect((await post(signedClick({ approvalId, ...('user' in click && { user: click.user }), ...('team' in click && { team: click.team }) }))).status).toBe(200);
    expect(await approval(approvalId)).toEqual(before);
    expect(stub.bodies).toEqual([{ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining(note) }]);
  });

  it('tells the user an unknown approval does not exist', async () => {
    expect((await post(signedClick({ approvalId: 'apr_nope' }))).status).toBe(200);
    expect(stub.bodies).toEqual([{ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('was not found') }]);
  });

  it.each([
    ['a signature made with another secret', { secret: 'not-the-secret' }, 'does not match'],
    ['a timestamp more than 5 minutes old', { skewSeconds: -301 }, 'more than 5 minutes'],
    ['a timestamp more than 5 minutes ahead', { skewSeconds: 301 }, 'more than 5 minutes'],
  ])('answers 401 to %s, and changes nothing', async (_, options, detail) => {
    const approvalId = await pendingApproval('manager');
    const answer = await post(signedClick({ approvalId }, options));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(slugOf(answer.body)).toBe('unauthorized');
    expect(answer.body.detail).toContain(detail);
    expect(await approval(approvalId)).toMatchObject({ status: 'pending' });
    expect(stub.bodies).toHaveLength(0);
  });

  it('answers 401 to a body changed after signing, and to missing signature headers', async () => {
    const approvalId = await pendingApproval('manager');
    const signed = signedClick({ approvalId });
    const tampered = await post({ ...signed, rawBody: signed.rawBody.replace('approval.approve', 'approval.deny') });
    expect(tampered.status).toBe(401);
    const unsigned = await post({ rawBody: signed.rawBody, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(unsigned.status).toBe(401);
    expect(await approval(approvalId)).toMatchObject({ status: 'pending' });
  });

  it('answers 401 when no signing secret is configured', async () => {
    delete process.env.SLACK_SIGNING_SECRET;
    const answer = await post(signedClick({ approvalId: 'apr_any' }));
    expect(answer.status).toBe(401);
    expect(answer.body.detail).toContain('signing secret is not configured');
  });

  it('answers 400 to a signed body that is not an interaction, 415 to another media type, and acknowledges other interactions', async () => {
    const rawBody = 'payload=not-json';
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestampSeconds),
      'X-Slack-Signature': slackSignature(SIGNING_SECRET, timestampSeconds, rawBody),
    };
    const malformed = await post({ rawBody, headers });
    expect(malformed.status).toBe(400);
    expect(slugOf(malformed.body)).toBe('validation-error');
    expect((await post({ rawBody, headers: { ...headers, 'Content-Type': 'application/json' } })).status).toBe(415);
    const other = signedClick({ approvalId: 'apr_any', action: 'something.else' });
    expect((await post(other)).status).toBe(200);
    expect(stub.bodies).toHaveLength(0);
  });
});
