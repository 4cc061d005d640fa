import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat, AuthorizationType, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel, RequestValidator, ResponseType, RestApi,
  TokenAuthorizer, type IResource, type Method,
} from 'aws-cdk-lib/aws-apigateway';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../shared/adapters/dynamodb/table.js';
import { GATEWAY_PROBLEMS, GATEWAY_SETTINGS, gatewayProblemTemplate } from '../shared/http/gateway.js';
import { PROBLEM_TYPES } from '../shared/http/problem.js';
import { API_FUNCTION_NAMES, methodsByPath, routes, type ApiFunctionName, type RouteSpec } from '../shared/http/routes.js';
import { BudgetFunction, type TableAccess } from './constructs/budget-function.js';
import { Notifications } from './constructs/notifications.js';
import { applyNagSuppressions } from './nag-suppressions.js';

/** Least privilege per API function; `health` (health, OpenAPI, 405 answers) never touches the table. */
const TABLE_ACCESS: Record<ApiFunctionName, TableAccess | 'none'> = {
  health: 'none',
  tenants: 'readWrite',
  apiKeys: 'readWrite',
  budgets: 'readWrite',
  money: 'readWrite',
};

/** `apiKeys` → `ApiKeys`, for construct ids. */
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The whole service: one DynamoDB table, one function per API function name plus the
 * authorizer and the jobs, and a REST API built from the route table (shared/http/routes.ts).
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

    // ── Functions ──
    const apiFunctions = Object.fromEntries(API_FUNCTION_NAMES.map((name) => {
      const fn = new BudgetFunction(this, `${pascal(name)}Function`, {
        entry: `functions/api/${name}.ts`,
        description: `Budget service API: ${name}`,
      });
      const access = TABLE_ACCESS[name];
      if (access !== 'none') fn.useTable(table, access);
      return [name, fn];
    })) as Record<ApiFunctionName, BudgetFunction>;

    const authorizerFunction = new BudgetFunction(this, 'AuthorizerFunction', {
      entry: 'functions/authorizer/index.ts',
      description: 'Budget service: API key authorizer (key -> tenantId, roles)',
      memorySize: 256,
      timeout: Duration.seconds(5),
    }).useTable(table, 'getItem');

    // The expiry sweeper: every minute, so a lapsed hold returns to its budgets within 60 s.
    const expireHolds = new BudgetFunction(this, 'ExpireHoldsFunction', {
      entry: 'functions/jobs/expire-holds.ts',
      description: 'Budget service job: expire held reservations past expiresAt',
      timeout: Duration.seconds(50),
    }).useTable(table, 'readWrite');
    const jobDeadLetterQueue = new Queue(this, 'JobDeadLetterQueue', {
      enforceSSL: true, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED,
    });
    new Schedule(this, 'ExpireHoldsSchedule', {
      description: 'Expire held reservations past expiresAt',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(expireHolds.fn, { deadLetterQueue: jobDeadLetterQueue, retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
    });

    // ── Alerts and notifications (stream consumer, events topic, Slack subscriber) ──
    const notifications = new Notifications(this, 'Notifications', { table });
    notifications.watchQueue(jobDeadLetterQueue, 'A scheduled job invocation (expiry sweep) failed for good; holds may stay counted. Inspect the queue.');

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
      deployOptions: {
        stageName: 'prod',
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
          ? { authorizer, authorizationType: AuthorizationType.CUSTOM }
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

    // API Gateway's own errors as problem+json (an unknown path is MISSING_AUTHENTICATION_TOKEN → 404).
    for (const { responseType, slug, detail } of GATEWAY_PROBLEMS) {
      api.addGatewayResponse(`Gateway${responseType}`, {
        type: ResponseType.of(responseType),
        statusCode: String(PROBLEM_TYPES[slug].status),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': gatewayProblemTemplate(slug, detail) },
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the prod stage; routes start with /v1' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AuthorizerFunctionName', { value: authorizerFunction.fn.functionName });
    new CfnOutput(this, 'EventsTopicArn', { value: notifications.eventsTopic.topicArn, description: 'Notification events (filter on eventType, severity, tenantId, budgetId)' });
    new CfnOutput(this, 'AlarmTopicArn', { value: notifications.alarmTopic.topicArn, description: 'Subscribe operators here: dead-letter queues, stream lag, delivery errors' });
    new CfnOutput(this, 'SlackWebhookSecretArn', { value: notifications.slackWebhookSecret.secretArn, description: 'Put the Slack incoming-webhook URL in this secret' });

    applyNagSuppressions(this, {
      api,
      publicMethods,
      functions: [...Object.values(apiFunctions), authorizerFunction, expireHolds, notifications.streamConsumer, notifications.slackSubscriber],
      notifications,
      table,
      scheduledFunction: expireHolds,
      jobDeadLetterQueue,
    });
  }
}
