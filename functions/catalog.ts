import type { ApiFunctionName } from '../shared/http/route-spec.js';

/**
 * Every Lambda function of the service, once. CDK (infra/), the local server and its job
 * timers (local/) and the benchmark (bench/) all read this object, so a scheduled job is
 * one entry here plus its handler file.
 */

/**
 * What a function may do with the table:
 * - `none`: no `TABLE_NAME`, no grant;
 * - `getItem`: `GetItem` on the base table only (the authorizer looks a key up by its hash);
 * - `read`: every read, indexes included;
 * - `readWrite`: reads and writes, indexes included (transactions use the same actions).
 */
export type TableAccess = 'none' | 'getItem' | 'read' | 'readWrite';

/**
 * - `api`: behind API Gateway, one per `API_FUNCTION_NAMES` entry of the route table;
 * - `authorizer`: the TOKEN authorizer;
 * - `job`: run by an EventBridge Scheduler schedule (a timer under `npm start`);
 * - `worker`: fed by its own SQS queue, which a job fills (an in-process queue under `npm start`);
 * - `stream`: the table stream's consumer; `subscriber`: the events topic's subscriber.
 */
export type FunctionKind = 'api' | 'authorizer' | 'job' | 'worker' | 'stream' | 'subscriber';

export interface JobSettings {
  /** Description of the EventBridge Scheduler schedule. */
  scheduleDescription: string;
  /** `rate(n minutes)` in AWS. */
  rateMinutes: number;
  /** The timer under `npm start`. */
  localIntervalSeconds: number;
  /** Scheduler's retry policy: 60 s to 24 h. */
  maxEventAgeSeconds: number;
  /** Scheduler's retry policy: 0 to 185. */
  retryAttempts: number;
  /** The alarm on the job's dead-letter queue: what a failed invocation means and what to do. */
  alarmDescription: string;
  /** The `worker` this job hands work to: the job gets the worker queue's URL (`WORK_QUEUE_URL`) and may send to it. */
  feeds?: string;
}

export interface WorkerSettings {
  /** Messages per invocation. */
  batchSize: number;
  /** Invocations at once (the event source's maximum concurrency, 2 at least). */
  maxConcurrency: number;
  /** Deliveries of a message before it goes to the worker's dead-letter queue. */
  maxReceiveCount: number;
  /** The alarm on the worker's dead-letter queue. */
  alarmDescription: string;
  /** The queue's oldest message may wait this long before an alarm says the worker is stuck. */
  maxBacklogAgeSeconds: number;
}

interface FunctionBase {
  /** Relative to the repository root; the file exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  tableAccess: TableAccess;
  /** AWS actions beyond the table, on every resource (for services without resource-level permissions). */
  awsActions?: readonly string[];
  /** The web console's files (console/build.ts) go into the bundle, in `console/`. */
  bundlesConsole?: boolean;
}

export type FunctionSpec =
  | (FunctionBase & { kind: Exclude<FunctionKind, 'job' | 'worker'> })
  | (FunctionBase & { kind: 'job'; job: JobSettings })
  | (FunctionBase & { kind: 'worker'; worker: WorkerSettings });

/** Each route-table function, at `functions/api/<name>.ts`. */
type ApiFunctions = { [Name in ApiFunctionName]: FunctionBase & { kind: 'api'; entry: `functions/api/${Name}.ts` } };

export const FUNCTION_CATALOG = {
  // `health` (health, OpenAPI, 405 answers) never touches the table.
  health: {
    kind: 'api', entry: 'functions/api/health.ts', description: 'Budget service API: health', memoryMb: 512, timeoutSeconds: 10, tableAccess: 'none',
  },
  tenants: {
    kind: 'api', entry: 'functions/api/tenants.ts', description: 'Budget service API: tenants', memoryMb: 512, timeoutSeconds: 10, tableAccess: 'readWrite',
  },
  apiKeys: {
    kind: 'api', entry: 'functions/api/apiKeys.ts', description: 'Budget service API: apiKeys', memoryMb: 512, timeoutSeconds: 10, tableAccess: 'readWrite',
  },
  budgets: {
    kind: 'api', entry: 'functions/api/budgets.ts', description: 'Budget service API: budgets', memoryMb: 512, timeoutSeconds: 10, tableAccess: 'readWrite',
  },
  money: {
    kind: 'api', entry: 'functions/api/money.ts', description: 'Budget service API: money', memoryMb: 512, timeoutSeconds: 10, tableAccess: 'readWrite',
  },
  // The forecasting models live here and in the forecasting job only: a model fit is a few hundred ms of CPU, so more memory (and CPU).
  // It writes: a budget's fitted model is kept for the day's later forecasts.
  forecasts: {
    kind: 'api', entry: 'functions/api/forecasts.ts', description: 'Budget service API: forecasts', memoryMb: 1024, timeoutSeconds: 10, tableAccess: 'readWrite',
  },
  // Cost actuals: the FOCUS import reads up to 10 MiB of CSV (memory, and API Gateway's 29 s), and keeps the CSV parser out of the money path's bundle.
  costs: {
    kind: 'api', entry: 'functions/api/costs.ts', description: 'Budget service API: costs', memoryMb: 1024, timeoutSeconds: 29, tableAccess: 'readWrite',
  },
  // Reports, trends, charts and the roll-up: a report carries the budget's forecast (the models, as `forecasts`), and a
  // 5,000-budget roll-up reads some MB of budgets and counters, so more memory; reads only, except a forecast keeping its fitted model.
  reports: {
    kind: 'api', entry: 'functions/api/reports.ts', description: 'Budget service API: reports', memoryMb: 1024, timeoutSeconds: 29, tableAccess: 'readWrite',
  },
  // The console's page and its two files, read from its own bundle; no table, no AWS call.
  console: {
    kind: 'api', entry: 'functions/api/console.ts', description: 'Budget service API: console', memoryMb: 256, timeoutSeconds: 10, tableAccess: 'none',
    bundlesConsole: true,
  },
  // The Slack link and Slack's signed callbacks: a click must be answered within 3 s, cold start included, so more memory (and CPU) than its work needs.
  integrations: {
    kind: 'api', entry: 'functions/api/integrations.ts', description: 'Budget service API: integrations', memoryMb: 1024, timeoutSeconds: 10, tableAccess: 'readWrite',
  },
  authorizer: {
    kind: 'authorizer',
    entry: 'functions/authorizer/index.ts',
    description: 'Budget service: API key authorizer (key -> tenantId, roles)',
    memoryMb: 256,
    timeoutSeconds: 5,
    tableAccess: 'getItem',
  },
  expireHolds: {
    kind: 'job',
    entry: 'functions/jobs/expire-holds.ts',
    description: 'Budget service job: expire held reservations past expiresAt',
    memoryMb: 512,
    // Done before the next run starts.
    timeoutSeconds: 50,
    tableAccess: 'readWrite',
    job: {
      scheduleDescription: 'Expire held reservations past expiresAt',
      // A lapsed hold returns to its budgets within 60 s.
      rateMinutes: 1,
      localIntervalSeconds: 10,
      // No retry: the next run, a minute later, does the same work (each expiry is a conditional write).
      maxEventAgeSeconds: 60,
      retryAttempts: 0,
      alarmDescription: 'A scheduled job invocation (expiry sweep) failed for good; holds may stay counted. Inspect the queue.',
    },
  },
  closePeriods: {
    kind: 'job',
    entry: 'functions/jobs/close-periods.ts',
    description: 'Budget service job: close ended periods, with rollover',
    memoryMb: 512,
    // Stops taking budgets 15 s before this; what is left stays due for the next run.
    timeoutSeconds: 300,
    tableAccess: 'readWrite',
    job: {
      scheduleDescription: 'Close every period that has ended (rollover into the next)',
      // API.md: within an hour of a period's end; four runs an hour leave room for a failed one.
      rateMinutes: 15,
      localIntervalSeconds: 60,
      // A retry is the same work as the next run; each close is a conditional write, so overlap is harmless.
      maxEventAgeSeconds: 900,
      retryAttempts: 2,
      alarmDescription: 'A scheduled job invocation (period close) failed for good; periods may stay open past the hour. Inspect the queue and the job logs.',
    },
  },
  reconcile: {
    kind: 'job',
    entry: 'functions/jobs/reconcile.ts',
    description: 'Budget service job: reconcile period counters with the ledger',
    memoryMb: 512,
    // The longest Lambda allows: a run stops 30 s before it and the next run resumes at its cursor.
    timeoutSeconds: 900,
    tableAccess: 'readWrite',
    job: {
      scheduleDescription: 'Reconcile the current and previous period of every active budget with the ledger',
      // API.md: daily in AWS, every 5 minutes under npm start.
      rateMinutes: 1440,
      localIntervalSeconds: 300,
      // A retry resumes at the same cursor, and every check and finding is idempotent: retrying costs reads, never a second event.
      maxEventAgeSeconds: 3600,
      retryAttempts: 2,
      alarmDescription: 'A scheduled job invocation (reconciliation) failed for good; counters went unproven this day. Inspect the queue and the job logs.',
    },
  },
  forecast: {
    kind: 'job',
    entry: 'functions/jobs/forecast.ts',
    description: 'Budget service job: forecast active budgets and raise forecast alerts',
    // A forecast is a few hundred ms of CPU (backtests of every model): more memory, more CPU.
    memoryMb: 1024,
    // The longest Lambda allows: a run stops 30 s before it and the next run resumes at its cursor.
    timeoutSeconds: 900,
    tableAccess: 'readWrite',
    job: {
      scheduleDescription: 'Forecast every active budget with forecast thresholds and fire or resolve its forecast alerts',
      // API.md: at least hourly in AWS, every minute under npm start.
      rateMinutes: 60,
      localIntervalSeconds: 60,
      // A retry resumes at the same cursor; alerts are conditional writes, so a repeated evaluation changes nothing.
      maxEventAgeSeconds: 3600,
      retryAttempts: 2,
      alarmDescription: 'A scheduled job invocation (forecasting) failed for good; forecast alerts may be late. Inspect the queue and the job logs.',
    },
  },
  importCosts: {
    kind: 'job',
    entry: 'functions/jobs/import-costs.ts',
    description: 'Budget service job: queue each tenant with Cost Explorer budgets for its cost import',
    memoryMb: 256,
    // A query per tenant: thousands of tenants take seconds. A run stops 30 s before this and the next resumes at its cursor.
    timeoutSeconds: 300,
    tableAccess: 'readWrite',
    job: {
      scheduleDescription: 'Queue every tenant whose budgets have a Cost Explorer source for the import of its daily actual costs',
      // API.md: every 8 hours (Cost Explorer refreshes up to three times a day); locally it runs only with AWS credentials.
      rateMinutes: 480,
      localIntervalSeconds: 600,
      // A retry resumes at the same cursor; a tenant queued twice is imported twice, which records nothing new.
      maxEventAgeSeconds: 7200,
      retryAttempts: 2,
      alarmDescription: 'A scheduled job invocation (Cost Explorer import dispatch) failed for good; tracked budgets miss up to 8 hours of actual costs. Inspect the queue and the job logs.',
      feeds: 'importTenantCosts',
    },
  },
  importTenantCosts: {
    kind: 'worker',
    entry: 'functions/jobs/import-tenant-costs.ts',
    description: 'Budget service worker: import one tenant\'s daily actual costs from Cost Explorer',
    memoryMb: 512,
    // The longest Lambda allows: a tenant with many filters waits on Cost Explorer's throttling.
    timeoutSeconds: 900,
    tableAccess: 'readWrite',
    // Cost Explorer grants no resource-level permissions: the action on "*", nothing else.
    awsActions: ['ce:GetCostAndUsage'],
    worker: {
      // One tenant per invocation: its requests are throttled, and a failure retries that tenant alone.
      batchSize: 1,
      // Cost Explorer's request rate is the account's: two tenants at a time keep well inside it.
      maxConcurrency: 2,
      // Applying a day is idempotent, so a redelivery is safe; three failures mean the tenant's source is wrong, not busy.
      maxReceiveCount: 3,
      // The next dispatch queues every tenant again 8 hours later: a message older than that means the worker is not draining.
      maxBacklogAgeSeconds: 8 * 3600,
      alarmDescription: 'A tenant\'s Cost Explorer import failed three times (its filter, or Cost Explorer itself); its tracked budgets miss actual costs. Inspect the queue and the worker logs.',
    },
  },
  streamConsumer: {
    kind: 'stream',
    entry: 'functions/streams/consumer.ts',
    description: 'Budget service: table stream -> threshold alerts and notification events',
    memoryMb: 512,
    timeoutSeconds: 60,
    tableAccess: 'readWrite',
  },
  slackSubscriber: {
    kind: 'subscriber',
    entry: 'functions/notifications/slack.ts',
    description: 'Budget service: notification events -> Slack incoming webhook',
    memoryMb: 256,
    // Room for a post with its retries: 3 attempts of at most 5 s and two Retry-After waits of at most 15 s.
    timeoutSeconds: 60,
    tableAccess: 'readWrite',
  },
} as const satisfies ApiFunctions & Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTION_CATALOG;

export type FunctionNameOfKind<Kind extends FunctionKind> = {
  [Name in FunctionName]: (typeof FUNCTION_CATALOG)[Name]['kind'] extends Kind ? Name : never;
}[FunctionName];

/** The catalog's entries of one kind, in catalog order. */
export function functionsOfKind<Kind extends FunctionKind>(kind: Kind): Array<[FunctionNameOfKind<Kind>, FunctionSpec & { kind: Kind }]> {
  return (Object.entries(FUNCTION_CATALOG) as Array<[FunctionName, FunctionSpec]>)
    .filter((entry): entry is [FunctionNameOfKind<Kind>, FunctionSpec & { kind: Kind }] => entry[1].kind === kind);
}
