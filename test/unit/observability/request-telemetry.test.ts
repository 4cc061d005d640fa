import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BudgetExceededError, NotFoundError, ReservationNotHeldError } from '../../../shared/domain/common/errors.js';
import { createApiHandler } from '../../../shared/http/api-handler.js';
import { problem } from '../../../shared/http/problem.js';
import { observeMovement } from '../../../shared/http/request-telemetry.js';
import { logger } from '../../../shared/observability/logger.js';
import type { Dimensions, MetricsSink } from '../../../shared/observability/metrics.js';
import type { MetricKey } from '../../../shared/observability/names.js';

function recordingSink() {
  const data: Array<{ metric: MetricKey; value: number; dimensions?: Dimensions }> = [];
  const sink: MetricsSink = { add: (metric, value, dimensions) => void data.push({ metric, value, ...(dimensions && { dimensions }) }), flush: () => undefined };
  return { sink, data };
}

const refusal = (operation: string, reason: string) => ({ metric: 'refusals', value: 1, dimensions: { operation, reason } });
const reservation = (outcome: string) => ({ metric: 'reservations', value: 1, dimensions: { outcome } });

describe('observeMovement', () => {
  it.each([
    ['a held reservation', { status: 201, body: { status: 'held' } }, [reservation('held')]],
    ['one waiting for approval', { status: 202, body: { status: 'pending_approval' } }, [reservation('pending_approval')]],
    [
      'a refusal replayed from the idempotency record',
      { status: 409, body: problem('budget-exceeded', 'no room', {}, 'req-1') },
      [refusal('createReservation', 'budget-exceeded'), reservation('refused')],
    ],
  ])('counts %s', async (_case, response, expected) => {
    const { sink, data } = recordingSink();

    expect(await observeMovement('createReservation', async () => response, sink)).toBe(response);

    expect(data).toEqual(expected);
  });

  it.each([
    ['createReservation', new BudgetExceededError('bud_1', 5_000_000n, 7_000_000n), [refusal('createReservation', 'budget-exceeded'), reservation('refused')]],
    ['createReservation', new Error('socket hang up'), [reservation('failed')]],
    ['chargeReservation', new ReservationNotHeldError('res_1', 'charged'), [refusal('chargeReservation', 'reservation-not-held')]],
    ['createUsage', new NotFoundError('Budget', 'bud_1'), [refusal('createUsage', 'not-found')]],
  ])('counts what %s throws (%s) and throws it on', async (operationId, error, expected) => {
    const { sink, data } = recordingSink();

    await expect(observeMovement(operationId, async () => { throw error; }, sink)).rejects.toBe(error);

    expect(data).toEqual(expected);
  });

  it('counts nothing for an operation that moves no money', async () => {
    const { sink, data } = recordingSink();

    await expect(observeMovement('getBudget', async () => { throw new NotFoundError('Budget', 'bud_1'); }, sink)).rejects.toThrow();
    await observeMovement('listReservations', async () => ({ status: 200, body: {} }), sink);

    expect(data).toEqual([]);
  });
});

describe('the log lines of an API request', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel('SILENT');
  });

  it('carry the Lambda context, both request ids and the tenant, and the next request starts without them', async () => {
    const lines: Array<Record<string, unknown>> = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
      return true;
    });
    logger.setLogLevel('INFO');
    const handler = createApiHandler('health', {
      getHealth: async () => {
        logger.info('inside');
        return { status: 200, body: { status: 'ok' } };
      },
      getOpenApi: async () => ({ status: 200, body: {} }),
    });
    const event = (authorizer: Record<string, string> | undefined) => ({
      httpMethod: 'GET', resource: '/v1/health', path: '/v1/health', headers: {}, body: null, isBase64Encoded: false,
      requestContext: { requestId: 'apigw-1', ...(authorizer && { authorizer }) },
    }) as unknown as APIGatewayProxyEvent;
    const context = { awsRequestId: 'lambda-1', functionName: 'health', functionVersion: '$LATEST', memoryLimitInMB: '512', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:health' } as Context;

    await handler(event({ tenantId: 't-1' }), context);
    await handler(event(undefined), { ...context, awsRequestId: 'lambda-2' });

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ message: 'inside', requestId: 'lambda-1', apiRequestId: 'apigw-1', tenantId: 't-1', function_request_id: 'lambda-1', service: 'budget-service' });
    expect(lines[1]).toMatchObject({ requestId: 'lambda-2', function_request_id: 'lambda-2' });
    expect(lines[1]).not.toHaveProperty('tenantId');
  });
});

describe('an error logged with { error }', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel('SILENT');
  });

  it('keeps its name, message and stack', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    logger.setLogLevel('INFO');

    logger.error('unhandled error', { error: new TypeError('boom'), budgetId: 'bud_1' });

    const entry = JSON.parse(written.join('').trim());
    expect(entry).toMatchObject({ level: 'ERROR', message: 'unhandled error', budgetId: 'bud_1', error: { name: 'TypeError', message: 'boom' } });
    expect(entry.error.stack).toContain('request-telemetry.test.ts');
  });
});
