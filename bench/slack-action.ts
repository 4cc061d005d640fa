import { createServer } from 'node:http';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { slackSignature } from '../shared/http/slack-signature.js';

/**
 * A Slack click (POST /v1/integrations/slack/actions) end to end through `npm start`'s
 * gateway: signature check, workspace and approver lookup, the approval's decision (one
 * transaction) and the reply posted to `response_url` (a local endpoint that answers at once,
 * so Slack's own latency is not in the figure). Slack gives the whole answer 3 seconds.
 */

export const BENCH_SLACK_SIGNING_SECRET = 'bench-slack-signing-secret';
const TEAM_ID = 'T0BENCH';
const APPROVER = 'U0BENCH';
const SLACK_BUDGET_MS = 3000;

export interface SlackActionDeps {
  url: string;
  api: (method: string, path: string, body?: unknown) => Promise<any>;
  ops: number;
  warmUpOps: number;
}

export interface SlackActionFigures {
  clicks: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  slackBudgetMs: number;
}

export async function slackActionLatency(deps: SlackActionDeps): Promise<SlackActionFigures> {
  const replies = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end('ok'));
  }).listen(0, '127.0.0.1');
  await once(replies, 'listening');
  const responseUrl = `http://127.0.0.1:${(replies.address() as { port: number }).port}/actions/T0BENCH/1/x`;
  try {
    await deps.api('PUT', '/v1/integrations/slack', { teamId: TEAM_ID, approvers: [{ slackUserId: APPROVER, maxLevel: 'executive' }] });
    const budget = await deps.api('POST', '/v1/budgets', {
      name: 'slack-bench', scope: { type: 'service', id: 'slack-bench' }, currency: 'USD', limit: '100', period: { type: 'monthly' }, enforcement: 'approval',
    });
    await deps.api('POST', `/v1/budgets/${budget.id}/reservations`, { amount: '100' });
    // Every click decides a fresh pending approval; making them is not timed.
    const approvalIds: string[] = [];
    for (let index = 0; index < deps.warmUpOps + deps.ops; index++) {
      approvalIds.push((await deps.api('POST', `/v1/budgets/${budget.id}/reservations`, { amount: '10' })).approvalId);
    }
    const samples: number[] = [];
    for (const [index, approvalId] of approvalIds.entries()) {
      const payload = {
        type: 'block_actions', team: { id: TEAM_ID }, user: { id: APPROVER }, response_url: responseUrl,
        actions: [{ type: 'button', action_id: index % 2 === 0 ? 'approval.approve' : 'approval.deny', value: approvalId }],
      };
      const rawBody = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const timestampSeconds = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const answer = await fetch(`${deps.url}/v1/integrations/slack/actions`, {
        method: 'POST',
        body: rawBody,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestampSeconds),
          'X-Slack-Signature': slackSignature(BENCH_SLACK_SIGNING_SECRET, timestampSeconds, rawBody),
        },
      });
      await answer.text();
      if (answer.status !== 200) throw new Error(`a Slack click answered ${answer.status}`);
      if (index >= deps.warmUpOps) samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const at = (p: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]! * 100) / 100;
    return { clicks: samples.length, p50Ms: at(50), p99Ms: at(99), maxMs: at(100), slackBudgetMs: SLACK_BUDGET_MS };
  } finally {
    replies.close();
  }
}
