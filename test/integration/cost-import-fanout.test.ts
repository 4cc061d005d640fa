import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '../../local/functions.js';
import { SqsWorkQueue } from '../../shared/adapters/sqs/work-queue.js';
import { backdateBudget, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Issue 13, the import's fan-out as under `npm start` (and in AWS, with SQS): the schedule's
 * handler queues each tenant with a Cost Explorer budget, the worker's handler imports it.
 * Cost Explorer and SQS are mocked (neither runs here).
 */
const ce = mockClient(CostExplorerClient);
const sqs = mockClient(SQSClient);
let api: TestApi;
const credentials = process.env.AWS_ACCESS_KEY_ID;

beforeAll(async () => {
  api = await startTestApi();
  // The schedule's handler skips locally without AWS credentials (Cost Explorer cannot answer); the mock stands in for them.
  process.env.AWS_ACCESS_KEY_ID = 'test';
});
afterAll(async () => {
  if (credentials === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  else process.env.AWS_ACCESS_KEY_ID = credentials;
  await api?.stop();
});
afterEach(() => {
  ce.reset();
  sqs.reset();
});

type Handler<E, R> = (event: E, context?: unknown) => Promise<R>;
const dispatch = async () => (await loadHandler<Handler<unknown, Record<string, unknown>>>('importCosts'))({}, lambdaContext('importCosts'));
const worker = async (bodies: string[]) => (await loadHandler<Handler<unknown, { batchItemFailures: Array<{ itemIdentifier: string }> }>>('importTenantCosts'))({
  Records: bodies.map((body, index) => ({ messageId: `m${index}`, body })),
});
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('the Cost Explorer import, fanned out per tenant', () => {
  it('queues each tenant with a Cost Explorer budget, and the worker imports it', async () => {
    const { tenantId, adminKey: key } = await api.newTenant('fanout');
    const created = await api.call('POST', '/v1/budgets', {
      key,
      body: {
        name: 'bedrock', scope: { type: 'team', id: 'ml' }, currency: 'USD', limit: '1000', period: { type: 'lifetime' },
        costSource: { provider: 'aws-cost-explorer', filter: { services: ['Amazon Bedrock'] } },
      },
    });
    expect(created.status).toBe(201);
    await backdateBudget(tenantId, created.body.id, 10);
    const date = yesterday();
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: date, End: date }, Total: { UnblendedCost: { Amount: '12.345', Unit: 'USD' } } }] });

    // The bootstrap tenant has no budget with a source: only the new tenant is queued.
    expect(await dispatch()).toMatchObject({ tenants: 2, queued: 1, passComplete: true });
    await api.stack.workers.drain();
    expect((await api.call('GET', `/v1/budgets/${created.body.id}/status`, { key })).body.spent).toBe('12.345');

    // A message delivered again changes nothing.
    expect(await worker([JSON.stringify({ tenantId })])).toEqual({ batchItemFailures: [] });
    expect((await api.call('GET', `/v1/budgets/${created.body.id}/status`, { key })).body.spent).toBe('12.345');
  });

  it('reports a failed tenant as that message\'s failure, and drops a message that is not a tenant import', async () => {
    const { tenantId, adminKey: key } = await api.newTenant('fanout-failing');
    const created = await api.call('POST', '/v1/budgets', {
      key,
      body: {
        name: 'x', scope: { type: 'team', id: 'x' }, currency: 'USD', limit: '1', period: { type: 'lifetime' },
        costSource: { provider: 'aws-cost-explorer', filter: { regions: ['xx-failing-1'] } },
      },
    });
    expect(created.status).toBe(201);
    ce.on(GetCostAndUsageCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    expect(await worker(['not json', JSON.stringify({ tenant: 'x' }), JSON.stringify({ tenantId })])).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });
});

describe('SqsWorkQueue', () => {
  it('sends in batches of ten and sends refused entries again', async () => {
    sqs.on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [], Failed: [{ Id: '3', Code: 'ThrottlingException', SenderFault: false }] })
      .resolves({ Successful: [], Failed: [] });
    const messages = Array.from({ length: 12 }, (_, index) => ({ tenantId: `t${index}` }));
    const waits: number[] = [];
    await new SqsWorkQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.example/q', async (ms) => void waits.push(ms)).send(messages);
    expect(waits).toEqual([100]);
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries!.map((entry) => JSON.parse(entry.MessageBody!).tenantId));
    expect(sent).toEqual([messages.slice(0, 10).map((message) => message.tenantId), ['t3'], ['t10', 't11']]);
  });

  it('fails the send when SQS keeps refusing', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    const queue = new SqsWorkQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.example/q', async () => {});
    await expect(queue.send([{ tenantId: 't' }])).rejects.toThrow(/refused 1 messages: InternalError/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });

  it('does not send again what SQS refused for the sender\'s fault', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }] });
    const queue = new SqsWorkQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.example/q', async () => {});
    await expect(queue.send([{ tenantId: 't' }])).rejects.toThrow(/InvalidMessageContents/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});
