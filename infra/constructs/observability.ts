import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Dashboard, GraphWidget, MathExpression, Metric, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FUNCTION_CATALOG, type FunctionName, type FunctionNameOfKind } from '../../functions/catalog.js';
import { DIMENSIONS, METRICS, METRICS_NAMESPACE, RESERVATION_OUTCOMES, SERVICE_NAME, type MetricKey } from '../../shared/observability/names.js';
import { topicAlarm } from './alarm.js';
import type { BudgetFunction } from './budget-function.js';

/** Above this share of requests answered 5XX in five minutes, the API alarms. */
const API_5XX_RATE_MAX = 0.01;
/** API Gateway's p99 latency above this for three five-minute periods in a row alarms (the money path answers in tens of ms). */
const API_P99_LATENCY_MAX_MS = 2_000;
const FIVE_MINUTES = Duration.minutes(5);

/** The table operations the service uses (the stream's GetRecords included): their throttles, summed, alarm. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM, Operation.BATCH_GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS, Operation.GET_RECORDS,
];

/**
 * What `JobFailures` > 0 means for each job and worker, and what to do; `null` for one that
 * fails only by throwing (its Errors alarm, then its dead-letter queue). A record rather than
 * one sentence for all: a new job does not compile until someone says what its failures mean.
 */
const JOB_FAILURES: Record<FunctionNameOfKind<'job' | 'worker'>, string | null> = {
  expireHolds: 'Holds or approvals past their expiry could not be expired in a run; they stay counted until a later run expires them. Read the "expiry failed" log lines of expireHolds.',
  closePeriods: 'Ended periods of some budgets could not be closed; they stay due and the next run retries. Read the "period close failed" log lines of closePeriods.',
  reconcile: 'Reconciliation found counters that their ledger does not explain (drift): a defect, never an expected state. Read the "reconciliation found drift" log line and the reconciliation.drift_detected events; do not correct counters by hand before the cause is known.',
  forecast: 'Some budgets could not be forecast; their forecast alerts may be late. Read the "forecast failed" log lines of forecast.',
  importCosts: null,
  importTenantCosts: 'Tenant Cost Explorer imports failed or messages were dropped; failed tenants are retried, then go to the dead-letter queue. Read the "tenant cost import failed" log lines of importTenantCosts.',
};

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

export interface ObservabilityProps {
  api: RestApi;
  table: ITableV2;
  /** Every function of the catalog, by name. */
  functions: Readonly<Record<FunctionName, BudgetFunction>>;
  alarmTopic: ITopic;
}

/**
 * The service's dashboard and the alarms that are not about one queue or the stream (those
 * are in Notifications): the API's 5XX rate and p99 latency, every function's errors and
 * throttles, the table's throttled requests, and each job's failures as it reports them.
 * The application metrics are the ones shared/observability/names.ts declares, so a renamed
 * metric changes the dashboard and the alarms with it.
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { api, table, alarmTopic } = props;
    const functions = Object.entries(props.functions) as Array<[FunctionName, BudgetFunction]>;
    const jobs = functions.filter(([name]) => name in JOB_FAILURES) as Array<[keyof typeof JOB_FAILURES, BudgetFunction]>;
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1) =>
      topicAlarm(this, alarmId, alarmTopic, { metric, threshold, description, evaluationPeriods });

    // ── Alarms ──
    alarm('Api5xxRateAlarm', api.metricServerError({ statistic: 'Average', period: FIVE_MINUTES }), API_5XX_RATE_MAX,
      `More than ${API_5XX_RATE_MAX * 100} % of API requests were answered 5XX in five minutes: a function crashes or times out, or the table refuses. ` +
      'Look at the functions\' Errors on the dashboard, then their "unhandled error" log lines (the requestId of a 500 answer finds it).');
    alarm('ApiLatencyP99Alarm', api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }), API_P99_LATENCY_MAX_MS,
      `The API's p99 latency has been above ${API_P99_LATENCY_MAX_MS} ms for 15 minutes: cold starts, table throttling or a slow dependency. ` +
      'Compare Latency with IntegrationLatency (gateway or function), then the table throttles and the X-Ray traces of the slow function.', 3);
    for (const [name, fn] of functions) {
      const kind = FUNCTION_CATALOG[name].kind;
      // The stream consumer's and the Slack subscriber's errors have alarms of their own in Notifications.
      if (kind !== 'stream' && kind !== 'subscriber') {
        alarm(`${pascal(name)}ErrorsAlarm`, fn.fn.metricErrors({ period: FIVE_MINUTES }), 0,
          `The ${name} function (${kind}) failed invocations: crashes or timeouts${kind === 'api' ? ' (clients got 500 or 502)' : kind === 'job' ? ' (the run is retried, then its dead-letter queue alarms)' : ''}. ` +
          `Read its log group (level ERROR) and its X-Ray traces.`);
      }
      alarm(`${pascal(name)}ThrottlesAlarm`, fn.fn.metricThrottles({ period: FIVE_MINUTES }), 0,
        `The ${name} function was throttled: the account's or its reserved concurrency is exhausted, so requests were refused or delayed. ` +
        'Check the account\'s concurrent executions and ask for a higher quota, or find what floods the function.');
    }
    alarm('TableThrottledRequestsAlarm', table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES }), 0,
      'DynamoDB throttled requests of the table (on-demand: a hot partition, or a sudden jump past twice the previous peak). Money writes retry, then answer 500 or 409. ' +
      'Find the operation on the dashboard; a hot budget needs escrow shares (docs/architecture.md), a burst settles within minutes.');
    for (const [name] of jobs) {
      const meaning = JOB_FAILURES[name];
      if (meaning !== null) alarm(`${pascal(name)}JobFailuresAlarm`, this.metric('jobFailures', 'Sum', { [DIMENSIONS.job]: name }), 0, meaning);
    }

    // ── Dashboard ──
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-service`, defaultInterval: Duration.hours(6) });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) => new GraphWidget({ title, left, right, width: 12, height: 6 });
    const perJob = (metric: MetricKey, statistic: string) => jobs.map(([name]) => this.metric(metric, statistic, { [DIMENSIONS.job]: name }, name));
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# Budget service\nAlarms notify the alarm topic (stack output \`AlarmTopicArn\`); what each means: README, Operations.`, width: 24, height: 1 }),
      graph('API requests and errors', [
        api.metricCount({ period: FIVE_MINUTES, label: 'requests' }),
        api.metricClientError({ period: FIVE_MINUTES, label: '4XX' }),
        api.metricServerError({ period: FIVE_MINUTES, label: '5XX' }),
      ]),
      graph('API latency (ms)', [
        api.metricLatency({ statistic: 'p50', period: FIVE_MINUTES, label: 'p50' }),
        api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES, label: 'p99' }),
        api.metricIntegrationLatency({ statistic: 'p99', period: FIVE_MINUTES, label: 'integration p99' }),
      ]),
      graph('Reservations by outcome', RESERVATION_OUTCOMES.map((outcome) => this.metric('reservations', 'Sum', { [DIMENSIONS.outcome]: outcome }, outcome))),
      graph('Refusals by operation and reason', [this.search('refusals', [DIMENSIONS.operation, DIMENSIONS.reason])]),
      graph('Alert delay, write to publish (ms)', ['p50', 'p99', 'Maximum'].map((statistic) => this.metric('alertDelayMs', statistic, {}, statistic))),
      graph('Cost Explorer pages and requests (hourly)', [
        this.metric('costExplorerPages', 'Sum', {}, 'pages', Duration.hours(1)),
        this.metric('costExplorerRequests', 'Sum', {}, 'requests ($0.01 each)', Duration.hours(1)),
      ]),
      graph('Job duration (ms, maximum)', perJob('jobDurationMs', 'Maximum')),
      graph('Job items and failures', perJob('jobItems', 'Sum'), perJob('jobFailures', 'Sum')),
      graph('Lambda errors', functions.map(([name, fn]) => fn.fn.metricErrors({ period: FIVE_MINUTES, label: name }))),
      graph('Lambda throttles', functions.map(([name, fn]) => fn.fn.metricThrottles({ period: FIVE_MINUTES, label: name }))),
      graph('DynamoDB throttles', [
        table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES }),
        table.metric('ReadThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES, label: 'read throttle events' }),
        table.metric('WriteThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES, label: 'write throttle events' }),
      ]),
      graph('DynamoDB consumed capacity', [
        table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES, label: 'RCU' }),
        table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES, label: 'WCU' }),
      ]),
    );
  }

  /** One of the service's own metrics (EMF, shared/observability/names.ts), under its `service` dimension. */
  private metric(key: MetricKey, statistic: string, dimensions: Record<string, string>, label?: string, period = FIVE_MINUTES): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE, metricName: METRICS[key].name, dimensionsMap: { service: SERVICE_NAME, ...dimensions }, statistic, period,
      ...(label !== undefined && { label }),
    });
  }

  /** Every series of a metric over its dimensions, whatever their values (refusal reasons are problem slugs: new ones appear by themselves). */
  private search(key: MetricKey, dimensionNames: string[]): MathExpression {
    const schema = [METRICS_NAMESPACE, 'service', ...dimensionNames].join(',');
    return new MathExpression({
      expression: `SEARCH('{${schema}} MetricName="${METRICS[key].name}"', 'Sum', ${FIVE_MINUTES.toSeconds()})`,
      usingMetrics: {}, period: FIVE_MINUTES, label: '',
    });
  }
}
