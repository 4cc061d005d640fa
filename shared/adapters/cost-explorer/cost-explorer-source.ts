import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { traced } from '../../observability/tracer.js';
import { parseProviderAmount } from '../../domain/common/amount.js';
import type { CostFilter, CostMetric, DailyActual, DailyActualsSource } from '../../domain/costs/cost-source.js';
import { filterKey } from '../../domain/costs/filter.js';
import { costExplorerFilter } from './filter-expression.js';

/** Cost Explorer has one endpoint, in `us-east-1`, whatever region the service runs in. */
export function costExplorerClient(): CostExplorerClient {
  return traced(new CostExplorerClient({ region: 'us-east-1' }));
}

export interface CostExplorerActualsOptions {
  /** Waits between throttled attempts; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts of one page (the first and its retries) while throttled. Default 5. */
  maxAttempts?: number;
}

/**
 * What this instance spent. Cost Explorer bills $0.01 per API request, and each page
 * (`NextPageToken`) is a request of its own: `pages` are the pages answered, `requests`
 * every GetCostAndUsage sent, throttled ones included, so `requests` × $0.01 bounds the bill.
 */
export interface CostExplorerUsage {
  requests: number;
  pages: number;
}

/** Cost Explorer's own throttling error, and the SDK's generic ones. */
const THROTTLING_ERRORS = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException']);
const DEFAULT_MAX_ATTEMPTS = 5;
/** The first wait; each retry doubles it. */
const BASE_BACKOFF_MS = 500;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Half the doubled wait is fixed, half random, so parallel runs throttled together do not retry together. */
const backoffMs = (attempt: number) => {
  const ceilingMs = BASE_BACKOFF_MS * 2 ** (attempt - 1);
  return ceilingMs / 2 + Math.random() * (ceilingMs / 2);
};
const isThrottling = (error: unknown) => error instanceof Error && THROTTLING_ERRORS.has(error.name);

/**
 * Daily actuals from Cost Explorer (`GetCostAndUsage`, DAILY, every page). Answers are
 * cached per (filter, metric, day range) for the life of the instance: one import run makes
 * one instance, so budgets sharing a filter cost one request, and a later run sees the
 * figures Cost Explorer has revised since.
 */
export class CostExplorerActuals implements DailyActualsSource {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly answers = new Map<string, Promise<DailyActual[]>>();
  private readonly counts: CostExplorerUsage = { requests: 0, pages: 0 };

  constructor(private readonly client: CostExplorerClient, options: CostExplorerActualsOptions = {}) {
    this.sleep = options.sleep ?? realSleep;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  get usage(): Readonly<CostExplorerUsage> {
    return { ...this.counts };
  }

  async dailyActuals(query: { filter: CostFilter; metric: CostMetric; fromDate: string; toDate: string }): Promise<DailyActual[]> {
    const { filter, metric, fromDate, toDate } = query;
    const key = JSON.stringify([filterKey(filter), metric, fromDate, toDate]);
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.fetchDays(filter, metric, fromDate, toDate);
      this.answers.set(key, answer);
      // A failure is not an answer: the next caller asks again.
      answer.catch(() => this.answers.delete(key));
    }
    return [...(await answer)];
  }

  private async fetchDays(filter: CostFilter, metric: CostMetric, fromDate: string, toDate: string): Promise<DailyActual[]> {
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: fromDate, End: toDate }, Granularity: 'DAILY', Metrics: [metric], Filter: costExplorerFilter(filter),
    };
    const days = new Map<string, DailyActual>();
    let nextPageToken: string | undefined;
    do {
      const page = await this.send({ ...input, NextPageToken: nextPageToken });
      for (const result of page.ResultsByTime ?? []) {
        const day = dayOf(result, metric);
        if (day !== undefined) addDay(days, day);
      }
      nextPageToken = page.NextPageToken;
    } while (nextPageToken);
    return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** One page, retried with backoff while Cost Explorer throttles; any other error is thrown at once. */
  private async send(input: GetCostAndUsageCommandInput) {
    for (let attempt = 1; ; attempt++) {
      this.counts.requests++;
      try {
        const page = await this.client.send(new GetCostAndUsageCommand(input));
        this.counts.pages++;
        return page;
      } catch (error) {
        if (!isThrottling(error) || attempt >= this.maxAttempts) throw error;
        await this.sleep(backoffMs(attempt));
      }
    }
  }
}

/** A result's day and its total for the metric; undefined when Cost Explorer gives no total for it. */
function dayOf(result: ResultByTime, metric: CostMetric): DailyActual | undefined {
  const total = result.Total?.[metric];
  if (total === undefined) return undefined;
  const date = result.TimePeriod?.Start;
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`Cost Explorer returned a ${metric} total without a day (TimePeriod.Start ${String(date)})`);
  }
  const amountMicros = parseProviderAmount(total.Amount ?? '');
  if (amountMicros === null) throw new Error(`Cost Explorer's ${metric} for ${date} is not a number: ${JSON.stringify(total.Amount)}`);
  if (!total.Unit) throw new Error(`Cost Explorer's ${metric} for ${date} has no currency (Unit)`);
  return { date, amountMicros, currency: total.Unit };
}

/** A day split over two pages is one day: its amounts are summed, in the one currency both must have. */
function addDay(days: Map<string, DailyActual>, day: DailyActual): void {
  const known = days.get(day.date);
  if (known === undefined) {
    days.set(day.date, day);
    return;
  }
  if (known.currency !== day.currency) throw new Error(`Cost Explorer returned ${day.date} in both ${known.currency} and ${day.currency}`);
  days.set(day.date, { ...known, amountMicros: known.amountMicros + day.amountMicros });
}
