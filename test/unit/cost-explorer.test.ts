import {
  CostExplorerClient, DataUnavailableException, GetCostAndUsageCommand, LimitExceededException,
  type GetCostAndUsageCommandOutput, type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CostExplorerActuals, costExplorerClient } from '../../shared/adapters/cost-explorer/cost-explorer-source.js';
import { costExplorerFilter } from '../../shared/adapters/cost-explorer/filter-expression.js';
import type { CostFilter } from '../../shared/domain/costs/cost-source.js';

const FILTER: CostFilter = { services: ['Amazon Elastic Compute Cloud - Compute'] };
const QUERY = { filter: FILTER, metric: 'UnblendedCost', fromDate: '2026-11-01', toDate: '2026-11-04' } as const;

/** The day after a `YYYY-MM-DD` (Cost Explorer's DAILY results end there, exclusive). */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** One DAILY result with a total for `metric`. */
const day = (date: string, amount: string, unit = 'USD', metric = 'UnblendedCost'): ResultByTime => ({
  TimePeriod: { Start: date, End: nextDay(date) }, Total: { [metric]: { Amount: amount, Unit: unit } }, Groups: [], Estimated: false,
});

const page = (results: ResultByTime[], nextPageToken?: string): Partial<GetCostAndUsageCommandOutput> => ({
  ResultsByTime: results, ...(nextPageToken && { NextPageToken: nextPageToken }),
});

const throttled = () => new LimitExceededException({ message: 'Rate exceeded', $metadata: {} });

describe('Cost Explorer daily actuals', () => {
  const ce = mockClient(CostExplorerClient);
  beforeEach(() => ce.reset());
  afterAll(() => ce.restore());
  const source = (options: { maxAttempts?: number } = {}) => new CostExplorerActuals(costExplorerClient(), { sleep: async () => {}, ...options });
  const inputs = () => ce.commandCalls(GetCostAndUsageCommand).map((call) => call.args[0].input);

  it('asks us-east-1, the only endpoint', async () => {
    await expect(costExplorerClient().config.region()).resolves.toBe('us-east-1');
  });

  it('follows every NextPageToken and joins the days of all pages, sorted', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page([day('2026-11-02', '4.5')], 'token-2'))
      .resolvesOnce(page([day('2026-11-01', '10')], 'token-3'))
      .resolvesOnce(page([day('2026-11-03', '0.25')]));
    const actuals = source();

    await expect(actuals.dailyActuals(QUERY)).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 10_000_000n, currency: 'USD' },
      { date: '2026-11-02', amountMicros: 4_500_000n, currency: 'USD' },
      { date: '2026-11-03', amountMicros: 250_000n, currency: 'USD' },
    ]);
    const request = {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-04' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'],
      Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'], MatchOptions: ['EQUALS'] } },
    };
    expect(inputs()).toEqual([
      { ...request, NextPageToken: undefined },
      { ...request, NextPageToken: 'token-2' },
      { ...request, NextPageToken: 'token-3' },
    ]);
    expect(actuals.usage).toEqual({ requests: 3, pages: 3 });
  });

  it('sums a day that comes on two pages', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page([day('2026-11-01', '1.5'), day('2026-11-02', '2')], 'token-2'))
      .resolvesOnce(page([day('2026-11-02', '0.75')]));
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 1_500_000n, currency: 'USD' },
      { date: '2026-11-02', amountMicros: 2_750_000n, currency: 'USD' },
    ]);
  });

  it('refuses to sum a day stated in two currencies', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page([day('2026-11-02', '2')], 'token-2'))
      .resolvesOnce(page([day('2026-11-02', '1', 'EUR')]));
    await expect(source().dailyActuals(QUERY)).rejects.toThrow('2026-11-02 in both USD and EUR');
  });

  it('returns the figures of the latest run: Cost Explorer revises days down and up', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page([day('2026-11-01', '10'), day('2026-11-02', '5')]))
      .resolvesOnce(page([day('2026-11-01', '8.4'), day('2026-11-02', '7.25')]));
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 10_000_000n, currency: 'USD' },
      { date: '2026-11-02', amountMicros: 5_000_000n, currency: 'USD' },
    ]);

    // The next run (a new instance, so no cache) sees the 1st revised down and the 2nd up.
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 8_400_000n, currency: 'USD' },
      { date: '2026-11-02', amountMicros: 7_250_000n, currency: 'USD' },
    ]);
    expect(inputs()).toHaveLength(2);
  });

  it('returns a day missing from one run once a later run has it', async () => {
    // Cost Explorer gives a day without data no total for the metric (or no result at all).
    const noTotal: ResultByTime = { TimePeriod: { Start: '2026-11-03', End: '2026-11-04' }, Total: {}, Groups: [], Estimated: true };
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page([day('2026-11-01', '3'), noTotal]))
      .resolvesOnce(page([day('2026-11-01', '3'), day('2026-11-03', '1.2')]));
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([{ date: '2026-11-01', amountMicros: 3_000_000n, currency: 'USD' }]);

    await expect(source().dailyActuals(QUERY)).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 3_000_000n, currency: 'USD' },
      { date: '2026-11-03', amountMicros: 1_200_000n, currency: 'USD' },
    ]);
  });

  it('returns the currency Cost Explorer states, for the caller to compare with the budget', async () => {
    ce.on(GetCostAndUsageCommand).resolves(page([day('2026-11-01', '42.1', 'EUR')]));
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([{ date: '2026-11-01', amountMicros: 42_100_000n, currency: 'EUR' }]);
  });

  it('reads the total of the metric asked for', async () => {
    ce.on(GetCostAndUsageCommand).resolves(page([day('2026-11-01', '9', 'USD', 'AmortizedCost')]));
    await expect(source().dailyActuals({ ...QUERY, metric: 'AmortizedCost' })).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 9_000_000n, currency: 'USD' },
    ]);
    expect(inputs()[0]!.Metrics).toEqual(['AmortizedCost']);
  });

  it('returns no days for an empty result', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([]);
  });

  it('parses an amount with many decimals exactly, rounded to the micro half away from zero', async () => {
    ce.on(GetCostAndUsageCommand).resolves(page([day('2026-11-01', '12.3456785'), day('2026-11-02', '1.2E-7'), day('2026-11-03', '-0.0000015')]));
    await expect(source().dailyActuals(QUERY)).resolves.toEqual([
      { date: '2026-11-01', amountMicros: 12_345_679n, currency: 'USD' },
      { date: '2026-11-02', amountMicros: 0n, currency: 'USD' },
      { date: '2026-11-03', amountMicros: -2n, currency: 'USD' },
    ]);
  });

  it('throws, naming the day, when an amount is not a number', async () => {
    ce.on(GetCostAndUsageCommand).resolves(page([day('2026-11-02', 'n/a')]));
    await expect(source().dailyActuals(QUERY)).rejects.toThrow(/UnblendedCost for 2026-11-02 is not a number/);
  });

  describe('throttling', () => {
    it('retries LimitExceededException with growing waits and counts every request', async () => {
      ce.on(GetCostAndUsageCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(page([day('2026-11-01', '1')]));
      const sleep = vi.fn(async (_ms: number) => {});
      const actuals = new CostExplorerActuals(costExplorerClient(), { sleep });

      await expect(actuals.dailyActuals(QUERY)).resolves.toEqual([{ date: '2026-11-01', amountMicros: 1_000_000n, currency: 'USD' }]);
      expect(actuals.usage).toEqual({ requests: 3, pages: 1 });
      const [first, second] = sleep.mock.calls.map(([ms]) => ms);
      expect(sleep).toHaveBeenCalledTimes(2);
      expect(second!).toBeGreaterThan(first!);
    });

    it('retries the SDK generic throttling errors too', async () => {
      const error = (name: string) => Object.assign(new Error('slow down'), { name });
      ce.on(GetCostAndUsageCommand)
        .rejectsOnce(error('ThrottlingException')).rejectsOnce(error('TooManyRequestsException')).resolves(page([]));
      const actuals = source();
      await expect(actuals.dailyActuals(QUERY)).resolves.toEqual([]);
      expect(actuals.usage.requests).toBe(3);
    });

    it('retries only the throttled page, not the pages already read', async () => {
      ce.on(GetCostAndUsageCommand)
        .resolvesOnce(page([day('2026-11-01', '1')], 'token-2')).rejectsOnce(throttled()).resolves(page([day('2026-11-02', '2')]));
      const actuals = source();
      await expect(actuals.dailyActuals(QUERY)).resolves.toHaveLength(2);
      expect(inputs().map((input) => input.NextPageToken)).toEqual([undefined, 'token-2', 'token-2']);
      expect(actuals.usage).toEqual({ requests: 3, pages: 2 });
    });

    it('gives up after maxAttempts when always throttled', async () => {
      ce.on(GetCostAndUsageCommand).rejects(throttled());
      const actuals = source({ maxAttempts: 3 });
      await expect(actuals.dailyActuals(QUERY)).rejects.toBeInstanceOf(LimitExceededException);
      expect(actuals.usage).toEqual({ requests: 3, pages: 0 });
    });

    it('gives up after 5 attempts by default', async () => {
      ce.on(GetCostAndUsageCommand).rejects(throttled());
      const actuals = source();
      await expect(actuals.dailyActuals(QUERY)).rejects.toThrow('Rate exceeded');
      expect(actuals.usage.requests).toBe(5);
    });

    it('does not retry other errors', async () => {
      ce.on(GetCostAndUsageCommand).rejects(new DataUnavailableException({ message: 'no data', $metadata: {} }));
      const actuals = source();
      await expect(actuals.dailyActuals(QUERY)).rejects.toBeInstanceOf(DataUnavailableException);
      expect(actuals.usage.requests).toBe(1);
    });
  });

  describe('cache', () => {
    it('asks once for the same filter, metric and days, whatever the order of the filter values', async () => {
      ce.on(GetCostAndUsageCommand).resolves(page([day('2026-11-01', '1', 'USD', 'UnblendedCost'), day('2026-11-01', '2', 'USD', 'AmortizedCost')]));
      const actuals = source();
      const filter: CostFilter = { services: ['b', 'a'], tags: { team: ['ml'] } };

      const first = await actuals.dailyActuals({ ...QUERY, filter });
      const second = await actuals.dailyActuals({ ...QUERY, filter: { tags: { team: ['ml'] }, services: ['a', 'b'] } });
      expect(second).toEqual(first);
      expect(inputs()).toHaveLength(1);

      await actuals.dailyActuals({ ...QUERY, filter, metric: 'AmortizedCost' });
      await actuals.dailyActuals({ ...QUERY, filter, toDate: '2026-11-05' });
      expect(inputs()).toHaveLength(3);
      expect(actuals.usage).toEqual({ requests: 3, pages: 3 });
    });

    it('shares one request between concurrent identical calls', async () => {
      ce.on(GetCostAndUsageCommand).resolves(page([day('2026-11-01', '1')]));
      const actuals = source();
      const [first, second] = await Promise.all([actuals.dailyActuals(QUERY), actuals.dailyActuals(QUERY)]);
      expect(second).toEqual(first);
      expect(inputs()).toHaveLength(1);
    });

    it('does not keep a failure: the next call asks again', async () => {
      ce.on(GetCostAndUsageCommand).rejectsOnce(new DataUnavailableException({ message: 'no data', $metadata: {} })).resolves(page([]));
      const actuals = source();
      await expect(actuals.dailyActuals(QUERY)).rejects.toThrow('no data');
      await expect(actuals.dailyActuals(QUERY)).resolves.toEqual([]);
      expect(inputs()).toHaveLength(2);
    });
  });
});

describe('Cost Explorer filter expression', () => {
  it('services only', () => {
    expect(costExplorerFilter({ services: ['Amazon Simple Storage Service'] })).toMatchInlineSnapshot(`
      {
        "Dimensions": {
          "Key": "SERVICE",
          "MatchOptions": [
            "EQUALS",
          ],
          "Values": [
            "Amazon Simple Storage Service",
          ],
        },
      }
    `);
  });

  it('accounts only', () => {
    expect(costExplorerFilter({ accounts: ['123456789012'] })).toMatchInlineSnapshot(`
      {
        "Dimensions": {
          "Key": "LINKED_ACCOUNT",
          "MatchOptions": [
            "EQUALS",
          ],
          "Values": [
            "123456789012",
          ],
        },
      }
    `);
  });

  it('regions only', () => {
    expect(costExplorerFilter({ regions: ['eu-west-1'] })).toMatchInlineSnapshot(`
      {
        "Dimensions": {
          "Key": "REGION",
          "MatchOptions": [
            "EQUALS",
          ],
          "Values": [
            "eu-west-1",
          ],
        },
      }
    `);
  });

  it('one tag', () => {
    expect(costExplorerFilter({ tags: { team: ['ml'] } })).toMatchInlineSnapshot(`
      {
        "Tags": {
          "Key": "team",
          "MatchOptions": [
            "EQUALS",
          ],
          "Values": [
            "ml",
          ],
        },
      }
    `);
  });

  it('two tags, by key', () => {
    expect(costExplorerFilter({ tags: { team: ['ml'], env: ['prod'] } })).toMatchInlineSnapshot(`
      {
        "And": [
          {
            "Tags": {
              "Key": "env",
              "MatchOptions": [
                "EQUALS",
              ],
              "Values": [
                "prod",
              ],
            },
          },
          {
            "Tags": {
              "Key": "team",
              "MatchOptions": [
                "EQUALS",
              ],
              "Values": [
                "ml",
              ],
            },
          },
        ],
      }
    `);
  });

  it('all four dimensions, in a fixed order', () => {
    expect(costExplorerFilter({
      tags: { team: ['ml'] }, regions: ['us-east-1'], accounts: ['123456789012'], services: ['AWS Lambda'],
    })).toMatchInlineSnapshot(`
      {
        "And": [
          {
            "Dimensions": {
              "Key": "SERVICE",
              "MatchOptions": [
                "EQUALS",
              ],
              "Values": [
                "AWS Lambda",
              ],
            },
          },
          {
            "Dimensions": {
              "Key": "LINKED_ACCOUNT",
              "MatchOptions": [
                "EQUALS",
              ],
              "Values": [
                "123456789012",
              ],
            },
          },
          {
            "Dimensions": {
              "Key": "REGION",
              "MatchOptions": [
                "EQUALS",
              ],
              "Values": [
                "us-east-1",
              ],
            },
          },
          {
            "Tags": {
              "Key": "team",
              "MatchOptions": [
                "EQUALS",
              ],
              "Values": [
                "ml",
              ],
            },
          },
        ],
      }
    `);
  });

  it('several values in one dimension: one expression, any value may match', () => {
    expect(costExplorerFilter({ services: ['Amazon Simple Storage Service', 'AWS Lambda', 'Amazon DynamoDB'] })).toMatchInlineSnapshot(`
      {
        "Dimensions": {
          "Key": "SERVICE",
          "MatchOptions": [
            "EQUALS",
          ],
          "Values": [
            "AWS Lambda",
            "Amazon DynamoDB",
            "Amazon Simple Storage Service",
          ],
        },
      }
    `);
  });

  it('throws on an empty filter', () => {
    expect(() => costExplorerFilter({})).toThrow(RangeError);
    expect(() => costExplorerFilter({ tags: {} })).toThrow(RangeError);
    expect(() => costExplorerFilter({ services: [] })).toThrow(RangeError);
  });
});
