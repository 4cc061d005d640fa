import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { BudgetServiceStack } from '../../infra/budget-stack.js';
import { GATEWAY_SETTINGS } from '../../shared/http/gateway.js';
import { API_FUNCTION_NAMES, routes, type RouteSpec } from '../../shared/http/routes.js';

let stack: BudgetServiceStack;
let template: Template;

beforeAll(() => {
  // Assets are not bundled here (synth bundles them; see `npx cdk synth`), to keep the test fast.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new BudgetServiceStack(app, 'TestBudgetService');
  Aspects.of(app).add(new AwsSolutionsChecks());
  template = Template.fromStack(stack);
});

describe('the table', () => {
  it('is on demand, recoverable, streamed, retained, with TTL and the two generic indexes', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
      }),
    });
  });
});

describe('the functions', () => {
  it('run Node.js 22 on arm64 with a log group that expires', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const ours = Object.values(functions).filter((fn) => fn.Properties.Handler === 'index.handler');
    expect(ours).toHaveLength(API_FUNCTION_NAMES.length + 2); // + authorizer + expiry job
    for (const fn of ours) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

describe('the jobs', () => {
  it('sweeps expired holds every minute through EventBridge Scheduler, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) }),
    });
  });
});

describe('the REST API', () => {
  it('has a method for every route in the route table, authorized where the route says', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => method.Properties);
    for (const route of routes as readonly RouteSpec[]) {
      const match = methods.filter((method) => method.HttpMethod === route.method && method.OperationName === route.operationId);
      expect(match, route.operationId).toHaveLength(1);
      expect(match[0].AuthorizationType).toBe(route.auth === 'apiKey' ? 'CUSTOM' : 'NONE');
    }
    expect(methods.filter((method) => method.HttpMethod === 'ANY').length).toBeGreaterThan(0);
  });

  it('caches the authorizer for the shared TTL and validates requests', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      AuthorizerResultTtlInSeconds: GATEWAY_SETTINGS.authorizerCacheTtlSeconds,
      IdentitySource: 'method.request.header.Authorization',
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });

  it('throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({
        ThrottlingRateLimit: GATEWAY_SETTINGS.throttleRateLimitPerSecond,
        ThrottlingBurstLimit: GATEWAY_SETTINGS.throttleBurstLimit,
      })]),
    });
  });

  it.each([
    ['UNAUTHORIZED', '401', 'unauthorized'],
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'not-found'],
    ['THROTTLED', '429', 'rate-limited'],
    ['BAD_REQUEST_BODY', '400', 'validation-error'],
  ])('renders the gateway response %s as %s problem+json', (type, status, slug) => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: type,
      StatusCode: status,
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`problems/${slug}`) },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no unsuppressed error or warning', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((error) => `${error.id}: ${String(error.entry.data).slice(0, 120)}`)).toEqual([]);
    expect(warnings.map((warning) => `${warning.id}: ${String(warning.entry.data).slice(0, 120)}`)).toEqual([]);
  });
});
