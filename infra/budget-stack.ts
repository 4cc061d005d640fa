import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat, ApiKeySourceType, AuthorizationType, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel, RequestValidator, ResponseType, RestApi,
  TokenAuthorizer, type IResource, type Method,
} from 'aws-cdk-lib/aws-apigateway';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTION_CATALOG, functionsOfKind, type FunctionName, type FunctionNameOfKind } from '../functions/catalog.js';
import { tableDefinition } from '../shared/adapters/dynamodb/table.js';
import { GATEWAY_PROBLEMS, GATEWAY_SETTINGS, gatewayProblemTemplate } from '../shared/http/gateway.js';
import { PROBLEM_TYPES } from '../shared/http/problem.js';
import { methodsByPath } from '../shared/http/route-queries.js';
import { API_FUNCTION_NAMES, type ApiFunctionName, type RouteSpec } from '../shared/http/route-spec.js';
import { routes } from '../shared/http/routes.js';
import { BudgetFunction } from './constructs/budget-function.js';
import { Notifications } from './constructs/notifications.js';
import { Observability } from './constructs/observability.js';
import { PerKeyThrottling } from './constructs/per-key-throttling.js';
import { SlackApprovals } from './constructs/slack-approvals.js';
import { applyNagSuppressions } from './nag-suppressions.js';

/**
 * Dead-letter queues deployed before each job had its own: a new logical id would replace the
 * queue, and with it whatever failed invocations it holds.
 */
const DEPLOYED_DEAD_LETTER_QUEUE_IDS: Partial<Record<FunctionNameOfKind<'job'>, string>> = { expireHolds: 'JobDeadLetterQueue' };

/** `apiKeys` → `ApiKeys`, for construct ids. */
/** The one stage; a literal, because the authorizer names it and the stage depends on the authorizer. */
const STAGE_NAME = 'prod';

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The whole service: one DynamoDB table, the functions of the catalog (functions/catalog.ts),
 * and a REST API built from the route table (shared/http/routes.ts).
 */
export class BudgetServiceStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // ── Table (shape from tableDefinition, the same object the local server and tests use) ──
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      dynamoStream: StreamViewType[tableDefinition.streamViewType],
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ── Functions (functions/catalog.ts; the stream consumer and the Slack subscriber are built by Notifications) ──
    const catalogFunction = (name: FunctionName): BudgetFunction =>
      new BudgetFunction(this, `${pascal(name)}Function`, FUNCTION_CATALOG[name], { table });
    const apiFunctions = Object.fromEntries(functionsOfKind('api').map(([name]) => [name, catalogFunction(name)])) as Record<ApiFunctionName, BudgetFunction>;
    const authorizerFunction = catalogFunction('authorizer');

    // ── Alerts and notifications (stream consumer, events topic, Slack subscriber) ──
    const notifications = new Notifications(this, 'Notifications', { table });

    // ── Slack approvals (the signing secret that verifies Slack's callbacks) ──
    const slackApprovals = new SlackApprovals(this, 'SlackApprovals', { integrations: apiFunctions.integrations });

    // ── Workers: each fed by its own queue, whose messages go after maxReceiveCount deliveries to a dead-letter queue with an alarm ──
    const workers = new Map(functionsOfKind('worker').map(([name, { worker, timeoutSeconds }]) => {
      const fn = catalogFunction(name);
      const deadLetterQueue = new Queue(this, `${pascal(name)}DeadLetterQueue`, {
        enforceSSL: true, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED,
      });
      const queue = new Queue(this, `${pascal(name)}Queue`, {
        enforceSSL: true,
        encryption: QueueEncryption.SQS_MANAGED,
        // AWS's advice for a Lambda event source: six times the function's timeout, so a message is not handed out again while it is worked on.
        visibilityTimeout: Duration.seconds(timeoutSeconds * 6),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: worker.maxReceiveCount },
      });
      fn.fn.addEventSource(new SqsEventSource(queue, { batchSize: worker.batchSize, maxConcurrency: worker.maxConcurrency, reportBatchItemFailures: true }));
      notifications.watchQueue(deadLetterQueue, worker.alarmDescription);
      notifications.watchBacklog(queue, Duration.seconds(worker.maxBacklogAgeSeconds),
        `Messages for ${name} have waited more than ${worker.maxBacklogAgeSeconds / 3600} h: the worker is not keeping up or not running. Inspect its logs.`);
      return [name, { fn, queue, deadLetterQueue }] as const;
    }));

    // ── Scheduled jobs: each with its schedule, its dead-letter queue and an alarm on that queue ──
    const jobs = functionsOfKind('job').map(([name, { job }]) => {
      const fn = catalogFunction(name);
      const fed = job.feeds === undefined ? undefined : workers.get(job.feeds as FunctionNameOfKind<'worker'>);
      if (job.feeds !== undefined && !fed) throw new Error(`${name} feeds ${job.feeds}, which is no worker of the catalog`);
      if (fed) {
        fn.fn.addEnvironment('WORK_QUEUE_URL', fed.queue.queueUrl);
        fed.queue.grantSendMessages(fn.fn);
      }
      const deadLetterQueue = new Queue(this, DEPLOYED_DEAD_LETTER_QUEUE_IDS[name] ?? `${pascal(name)}DeadLetterQueue`, {
        enforceSSL: true, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED,
      });
      new Schedule(this, `${pascal(name)}Schedule`, {
        description: job.scheduleDescription,
        schedule: ScheduleExpression.rate(Duration.minutes(job.rateMinutes)),
        target: new LambdaInvoke(fn.fn, {
          deadLetterQueue, retryAttempts: job.retryAttempts, maxEventAge: Duration.seconds(job.maxEventAgeSeconds),
        }),
      });
      notifications.watchQueue(deadLetterQueue, job.alarmDescription);
      return { name, fn, deadLetterQueue };
    });

    // ── REST API ──
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const api = new RestApi(this, 'Api', {
      restApiName: 'budget-service',
      description: 'Budget service REST API (paths start with /v1)',
      // Stage execution logging needs the account-level API Gateway → CloudWatch Logs role
      // (cdk.json turns it off by default). It is one setting per account and region, shared
      // with every other REST API there, so the role outlives this stack (RETAIN).
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      // Usage plans meter the key our authorizer names (per-key throttling), never an x-api-key header.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: GATEWAY_SETTINGS.throttleRateLimitPerSecond,
        throttlingBurstLimit: GATEWAY_SETTINGS.throttleBurstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.INFO,
        dataTraceEnabled: false, // full request/response logging would write API key secrets to the logs
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    const authorizer = new TokenAuthorizer(this, 'ApiKeyAuthorizer', {
      handler: authorizerFunction.fn,
      identitySource: 'method.request.header.Authorization',
      validationRegex: GATEWAY_SETTINGS.authorizationHeaderPattern,
      resultsCacheTtl: Duration.seconds(GATEWAY_SETTINGS.authorizerCacheTtlSeconds),
    });

    // The gateway validates request parameters only. Bodies are validated in the Lambda,
    // from the same zod schemas as the OpenAPI document: it answers problem+json with a JSON
    // pointer per error (API.md), which a gateway model cannot, and behaves like `npm start`.
    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: api,
      validateRequestParameters: true,
      validateRequestBody: false,
    });

    // Test-invoke permissions (console "Test" button) are left out: they double the Lambda
    // permissions (one per method) and the functions' resource policies, which are capped at 20 KB.
    const integrations = new Map<ApiFunctionName, LambdaIntegration>(
      API_FUNCTION_NAMES.map((name) => [name, new LambdaIntegration(apiFunctions[name].fn, { allowTestInvoke: false })]),
    );
    const integrationFor = (name: ApiFunctionName): LambdaIntegration => {
      const integration = integrations.get(name);
      if (!integration) throw new Error(`No function for ${name}`);
      return integration;
    };
    const resourceFor = (path: string): IResource =>
      path.split('/').filter(Boolean).reduce<IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), api.root);
    const pathParameters = (path: string): Record<string, boolean> =>
      Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map((match) => [`method.request.path.${match[1]}`, true]));

    const publicMethods: Method[] = [];
    for (const route of routes as readonly RouteSpec[]) {
      const method = resourceFor(route.path).addMethod(route.method, integrationFor(route.functionName), {
        operationName: route.operationId,
        requestValidator: validator,
        requestParameters: pathParameters(route.path),
        ...(route.auth === 'apiKey'
          ? { authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: true }
          : { authorizationType: AuthorizationType.NONE }),
      });
      if (route.auth === 'none') publicMethods.push(method);
    }
    // Every other method on a known path reaches the health function, which answers 405 with
    // `Allow` (API Gateway prefers the explicit methods above to ANY).
    for (const path of methodsByPath().keys()) {
      publicMethods.push(resourceFor(path).addMethod('ANY', integrationFor('health'), {
        authorizationType: AuthorizationType.NONE,
        requestValidator: validator,
        requestParameters: pathParameters(path),
      }));
    }

    const throttling = new PerKeyThrottling(this, 'PerKeyThrottling', { api, authorizer: authorizerFunction, stageName: STAGE_NAME });

    // API Gateway's own errors as problem+json (an unknown path is MISSING_AUTHENTICATION_TOKEN → 404).
    for (const { responseType, slug, detail, headers } of GATEWAY_PROBLEMS) {
      const staticHeaders = Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, `'${value}'`]));
      api.addGatewayResponse(`Gateway${responseType}`, {
        type: ResponseType.of(responseType),
        statusCode: String(PROBLEM_TYPES[slug].status),
        responseHeaders: { 'Content-Type': "'application/problem+json'", ...staticHeaders },
        templates: { 'application/json': gatewayProblemTemplate(slug, detail) },
      });
    }

    // ── Dashboard and the alarms on the API, every function, the table and each job's failures ──
    const observability = new Observability(this, 'Observability', {
      api, table, alarmTopic: notifications.alarmTopic,
      functions: {
        ...apiFunctions, authorizer: authorizerFunction, streamConsumer: notifications.streamConsumer, slackSubscriber: notifications.slackSubscriber,
        ...Object.fromEntries(jobs.map((job) => [job.name, job.fn])), ...Object.fromEntries([...workers].map(([name, worker]) => [name, worker.fn])),
      } as Record<FunctionName, BudgetFunction>,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the prod stage; routes start with /v1' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AuthorizerFunctionName', { value: authorizerFunction.fn.functionName });
    new CfnOutput(this, 'EventsTopicArn', { value: notifications.eventsTopic.topicArn, description: 'Notification events (filter on eventType, severity, tenantId, budgetId)' });
    new CfnOutput(this, 'AlarmTopicArn', { value: notifications.alarmTopic.topicArn, description: 'Subscribe operators here: API 5XX and latency, function errors and throttles, table throttles, job failures, dead-letter queues, stream lag' });
    new CfnOutput(this, 'DashboardName', { value: observability.dashboard.dashboardName, description: 'CloudWatch dashboard of the service' });
    new CfnOutput(this, 'SlackWebhookSecretArn', { value: notifications.slackWebhookSecret.secretArn, description: 'Put the Slack incoming-webhook URL in this secret' });
    new CfnOutput(this, 'SlackSigningSecretArn', { value: slackApprovals.signingSecret.secretArn, description: 'Put the Slack app\'s signing secret in this secret' });

    applyNagSuppressions(this, {
      api,
      publicMethods,
      functions: [
        ...Object.values(apiFunctions), authorizerFunction, ...jobs.map((job) => job.fn), ...[...workers.values()].map((worker) => worker.fn),
        notifications.streamConsumer, notifications.slackSubscriber,
      ],
      notifications,
      slackApprovals,
      table,
      jobs,
      throttling,
      deadLetterQueues: [...workers.values()].map((worker) => worker.deadLetterQueue),
    });
  }
}
