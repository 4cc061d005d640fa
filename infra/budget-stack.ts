import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat, AuthorizationType, JsonSchemaType, JsonSchemaVersion, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel, RequestValidator,
  ResponseType, RestApi, TokenAuthorizer, type IResource,
} from 'aws-cdk-lib/aws-apigateway';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { tableDefinition } from '../shared/adapters/dynamodb/table.js';
import { GATEWAY_PROBLEMS, GATEWAY_SETTINGS, gatewayProblemTemplate } from '../shared/http/gateway.js';
import { PROBLEM_TYPES } from '../shared/http/problem.js';
import { API_FUNCTION_NAMES, methodsByPath, routes, type ApiFunctionName, type RouteSpec } from '../shared/http/routes.js';
import { BudgetFunction } from './constructs/budget-function.js';
import { NagSuppressions } from 'cdk-nag';
import { applyNagSuppressions } from './nag-suppressions.js';

/** Which functions only read the table (least privilege); `health` does not touch it. */
const TABLE_ACCESS: Record<ApiFunctionName, 'none' | 'read' | 'readWrite'> = {
  health: 'none',
  tenants: 'readWrite',
  apiKeys: 'readWrite',
  budgets: 'readWrite',
  money: 'readWrite',
};

export class BudgetServiceStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

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

    const functions = Object.fromEntries(
      API_FUNCTION_NAMES.map((name) => {
        const access = TABLE_ACCESS[name];
        const fn = new BudgetFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
          entry: `functions/api/${name}.ts`,
          description: `Budget service API: ${name}`,
          ...(access !== 'none' && { table, tableAccess: access }),
        });
        return [name, fn.fn];
      }),
    ) as Record<ApiFunctionName, BudgetFunction['fn']>;

    const authorizerFunction = new BudgetFunction(this, 'AuthorizerFunction', {
      entry: 'functions/authorizer/index.ts',
      description: 'Budget service: API key → { tenantId, roles }',
      table,
      tableAccess: 'read',
      memorySizeMb: 256,
      timeout: Duration.seconds(5),
    }).fn;

    // The expiry sweeper: every minute, so a lapsed hold returns to its budgets within 60 s.
    const expireHolds = new BudgetFunction(this, 'ExpireHoldsFunction', {
      entry: 'functions/jobs/expire-holds.ts',
      description: 'Budget service job: expire held reservations past expiresAt',
      table,
      tableAccess: 'readWrite',
      timeout: Duration.seconds(50),
    }).fn;
    const jobFailures = new Queue(this, 'JobDeadLetterQueue', { enforceSSL: true, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED });
    NagSuppressions.addResourceSuppressions(jobFailures, [{
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the scheduled jobs (EventBridge Scheduler DLQs are not marked as such on the queue).',
    }]);
    new Schedule(this, 'ExpireHoldsSchedule', {
      description: 'Expire held reservations past expiresAt',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(expireHolds, { deadLetterQueue: jobFailures, retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const api = new RestApi(this, 'Api', {
      restApiName: 'budget-service',
      description: 'Budget service REST API (v1)',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: GATEWAY_SETTINGS.throttleRateLimitPerSecond,
        throttlingBurstLimit: GATEWAY_SETTINGS.throttleBurstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.INFO,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    const authorizer = new TokenAuthorizer(this, 'ApiKeyAuthorizer', {
      handler: authorizerFunction,
      identitySource: 'method.request.header.Authorization',
      validationRegex: GATEWAY_SETTINGS.authorizationHeaderPattern,
      resultsCacheTtl: Duration.seconds(GATEWAY_SETTINGS.authorizerCacheTtlSeconds),
    });

    // The gateway checks what it can cheaply: path parameters, and that a JSON body is an
    // object. The full schema is checked in the Lambda from the same zod schemas, which
    // answers with precise problem+json and JSON pointers (a gateway model cannot).
    const validator = new RequestValidator(this, 'RequestValidator', { restApi: api, validateRequestParameters: true, validateRequestBody: true });
    const jsonObjectModel = api.addModel('JsonObject', {
      contentType: 'application/json',
      modelName: 'JsonObject',
      schema: { schema: JsonSchemaVersion.DRAFT4, title: 'JsonObject', type: JsonSchemaType.OBJECT },
    });

    const integrations = new Map<ApiFunctionName, LambdaIntegration>(
      API_FUNCTION_NAMES.map((name) => [name, new LambdaIntegration(functions[name])]),
    );
    const resourceFor = (path: string): IResource =>
      path.split('/').filter(Boolean).reduce<IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), api.root);

    for (const route of routes as readonly RouteSpec[]) {
      const parameterNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      resourceFor(route.path).addMethod(route.method, integrations.get(route.functionName), {
        operationName: route.operationId,
        requestValidator: validator,
        requestParameters: Object.fromEntries(parameterNames.map((name) => [`method.request.path.${name}`, true])),
        ...(route.body && { requestModels: { 'application/json': jsonObjectModel } }),
        ...(route.auth === 'apiKey'
          ? { authorizer, authorizationType: AuthorizationType.CUSTOM }
          : { authorizationType: AuthorizationType.NONE }),
      });
    }
    // Any other method on a known path reaches the health function, which answers 405 with Allow.
    for (const path of methodsByPath().keys()) {
      resourceFor(path).addMethod('ANY', integrations.get('health'), { authorizationType: AuthorizationType.NONE, requestValidator: validator });
    }

    for (const { responseType, slug, detail } of GATEWAY_PROBLEMS) {
      api.addGatewayResponse(`Gateway${responseType}`, {
        type: ResponseType.of(responseType),
        statusCode: String(PROBLEM_TYPES[slug].status),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': gatewayProblemTemplate(slug, detail) },
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL; routes start with /v1' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AuthorizerFunctionName', { value: authorizerFunction.functionName });

    applyNagSuppressions(this);
  }
}
