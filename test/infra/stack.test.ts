import { App, Aspects, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ScheduleExpression as CdkScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_CATALOG, functionsOfKind, type TableAccess } from '../../functions/catalog.js';
import { BudgetServiceStack } from '../../infra/budget-stack.js';
import { STREAM_CONSUMER_ENTITIES, streamFilterPattern } from '../../shared/adapters/dynamodb/stream-filter.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/table.js';
import { GATEWAY_PROBLEMS, GATEWAY_SETTINGS } from '../../shared/http/gateway.js';
import { PROBLEM_TYPES } from '../../shared/http/problem.js';
import { methodsByPath } from '../../shared/http/route-queries.js';
import { API_FUNCTION_NAMES, type RouteSpec } from '../../shared/http/route-spec.js';
import { routes } from '../../shared/http/routes.js';
import { METRICS, METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/names.js';

/** The synthesized CloudFormation resources (plain JSON). */
type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;

let stack: BudgetServiceStack;
let template: Template;
let resources: Resources;

beforeAll(() => {
  // Assets are not bundled here, to keep the test fast; `npx cdk synth` bundles them with esbuild.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new BudgetServiceStack(app, 'TestBudgetService');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** Logical id of our function for an API function name (functions are told apart by their description). */
function functionId(description: string): string {
  const found = ofType('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Description === description);
  expect(found, description).toHaveLength(1);
  return found[0]![0];
}

describe('the table', () => {
  it('is on demand, recoverable, streamed, retained, protected, with TTL and the indexes of tableDefinition', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' }, { AttributeName: index.sortKey, KeyType: 'RANGE' }],
        })),
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
      }),
    });
    expect(tableDefinition.globalSecondaryIndexes.map((index) => index.indexName)).toEqual(['gsi1', 'gsi2']);
    expect(tableDefinition.streamViewType).toBe('NEW_AND_OLD_IMAGES');
  });
});

describe('the functions', () => {
  it('run Node.js 22 on arm64 with X-Ray, source maps and a log group of their own that expires', () => {
    const ours = ofType('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Handler === 'index.handler');
    expect(ours).toHaveLength(Object.keys(FUNCTION_CATALOG).length); // API functions, authorizer, jobs, stream consumer, Slack subscriber
    for (const [, fn] of ours) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(ofType('AWS::Logs::LogGroup').length).toBe(ours.length + 1); // + API access logs
  });

  it('default to 512 MB and 10 s', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'Budget service API: budgets', MemorySize: 512, Timeout: 10 });
  });

  it('are the functions of the catalog, each with its memory and timeout', () => {
    for (const [name, spec] of Object.entries(FUNCTION_CATALOG)) {
      expect(resources[functionId(spec.description)]!.Properties, name).toMatchObject({ MemorySize: spec.memoryMb, Timeout: spec.timeoutSeconds });
    }
    template.hasResourceProperties('AWS::Lambda::Function', { Description: FUNCTION_CATALOG.authorizer.description, MemorySize: 256, Timeout: 5 });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: FUNCTION_CATALOG.expireHolds.description, MemorySize: 512, Timeout: 50 });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: FUNCTION_CATALOG.streamConsumer.description, MemorySize: 512, Timeout: 60 });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: FUNCTION_CATALOG.slackSubscriber.description, MemorySize: 256, Timeout: 60 });
  });

  it('keep the logical ids of the deployed resources (a new id would replace the resource)', () => {
    expect(Object.keys(resources)).toEqual(expect.arrayContaining([
      'TableCD117FA1',
      'HealthFunctionF1D123BB', 'TenantsFunction60EEB6BC', 'ApiKeysFunction63A5A882', 'BudgetsFunctionCC720B20', 'MoneyFunctionD1536FEE',
      'AuthorizerFunction40EC414F',
      'ExpireHoldsFunction2FAE2B81', 'ExpireHoldsSchedule38F51574', 'JobDeadLetterQueue4B560BCC', 'NotificationsJobDeadLetterQueueAlarm8805C3AF',
      'NotificationsStreamConsumerFunctionB0197319', 'NotificationsSlackSubscriberFunction87E4B862',
    ]));
  });

  it('write to their own log group without the AWSLambdaBasicExecutionRole managed policy', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) {
      if (role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service !== 'lambda.amazonaws.com') continue;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('get only the table access they need', () => {
    const statementsOf = (description: string): any[] => {
      const id = functionId(description);
      const roleId = resources[id]!.Properties.Role['Fn::GetAtt'][0];
      return ofType('AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    };
    const dynamoActions = (statements: any[]) => statements.flatMap((statement) => [statement.Action].flat()).filter((action: string) => action.startsWith('dynamodb:'));

    const authorizer = statementsOf('Budget service: API key authorizer (key -> tenantId, roles)');
    expect(dynamoActions(authorizer)).toEqual(['dynamodb:GetItem']);
    expect(authorizer.find((statement) => statement.Action === 'dynamodb:GetItem').Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'Arn'] });

    const withoutTable = API_FUNCTION_NAMES.filter((name) => FUNCTION_CATALOG[name].tableAccess === 'none');
    expect(withoutTable).toEqual(['health', 'console']);
    for (const name of withoutTable) {
      expect(dynamoActions(statementsOf(`Budget service API: ${name}`)), name).toEqual([]);
      expect(resources[functionId(`Budget service API: ${name}`)]!.Properties.Environment.Variables.TABLE_NAME, name).toBeUndefined();
    }

    for (const name of API_FUNCTION_NAMES.filter((name) => !withoutTable.includes(name))) {
      const actions = dynamoActions(statementsOf(`Budget service API: ${name}`));
      expect(actions, name).toContain('dynamodb:Query');
      // A function that only reads may not write.
      const access = FUNCTION_CATALOG[name].tableAccess as TableAccess;
      if (access === 'read') expect(actions, name).not.toContain('dynamodb:PutItem');
      else expect(actions, name).toContain('dynamodb:PutItem');
      expect(resources[functionId(`Budget service API: ${name}`)]!.Properties.Environment.Variables.TABLE_NAME, name).toEqual({ Ref: expect.stringMatching(/^Table/) });
    }
  });
});

describe('the jobs', () => {
  it('sweeps expired holds every minute through EventBridge Scheduler, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) }),
    });
  });

  it('has one schedule per job of the catalog, and nothing else scheduled', () => {
    expect(ofType('AWS::Scheduler::Schedule')).toHaveLength(functionsOfKind('job').length);
  });

  it.each(functionsOfKind('job'))('%s: its schedule and retry policy, a dead-letter queue of its own, and an alarm on that queue', (_, spec) => {
    const fnId = functionId(spec.description);
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([, schedule]) => schedule.Properties.Target.Arn['Fn::GetAtt'][0] === fnId);
    expect(schedules).toHaveLength(1);
    const { Description, ScheduleExpression: expression, Target } = schedules[0]![1].Properties;
    expect(Description).toBe(spec.job.scheduleDescription);
    expect(expression).toBe(CdkScheduleExpression.rate(Duration.minutes(spec.job.rateMinutes)).expressionString);
    expect(Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: spec.job.maxEventAgeSeconds, MaximumRetryAttempts: spec.job.retryAttempts });

    const queueId: string = Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
    const otherTargets = ofType('AWS::Scheduler::Schedule').filter(([, schedule]) => schedule.Properties.Target.Arn['Fn::GetAtt'][0] !== fnId);
    expect(otherTargets.map(([, schedule]) => schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0])).not.toContain(queueId);

    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties)
      .filter((alarm) => alarm.Dimensions?.some((dimension: any) => dimension.Value?.['Fn::GetAtt']?.[0] === queueId));
    expect(alarms).toEqual([expect.objectContaining({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmDescription: spec.job.alarmDescription,
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    })]);
  });
});

describe('the workers', () => {
  it('lets only the functions whose catalog entry asks for it call Cost Explorer, with ce:GetCostAndUsage alone', () => {
    const ceStatements = ofType('AWS::IAM::Policy').flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement.map((statement: any) => ({ statement, roles: policy.Properties.Roles })))
      .filter(({ statement }) => [statement.Action].flat().some((action: string) => action.startsWith('ce:')));
    const askers = Object.values(FUNCTION_CATALOG).filter((spec) => 'awsActions' in spec);
    expect(askers.map((spec) => spec.description)).toEqual(['Budget service worker: import one tenant\'s daily actual costs from Cost Explorer']);
    const roleOf = (description: string) => resources[functionId(description)]!.Properties.Role['Fn::GetAtt'][0];
    expect(ceStatements).toEqual([{ statement: expect.objectContaining({ Action: 'ce:GetCostAndUsage', Resource: '*' }), roles: [{ Ref: roleOf(askers[0]!.description) }] }]);
  });


  it.each(functionsOfKind('worker'))('%s: fed by its own queue (partial batch failures, bounded concurrency), a dead-letter queue with an alarm, filled by the job that feeds it', (name, spec) => {
    const fnId = functionId(spec.description);
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) => mapping.Properties.FunctionName.Ref === fnId);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping).toMatchObject({
      BatchSize: spec.worker.batchSize, ScalingConfig: { MaximumConcurrency: spec.worker.maxConcurrency }, FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const queueId: string = mapping.EventSourceArn['Fn::GetAtt'][0];
    const queue = resources[queueId]!.Properties;
    expect(queue.VisibilityTimeout).toBe(6 * spec.timeoutSeconds);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(spec.worker.maxReceiveCount);
    const deadLetterQueueId: string = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties)
      .filter((alarm) => alarm.Dimensions?.some((dimension: any) => dimension.Value?.['Fn::GetAtt']?.[0] === deadLetterQueueId));
    expect(alarms).toEqual([expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', AlarmDescription: spec.worker.alarmDescription })]);

    const feeders = functionsOfKind('job').filter(([, job]) => job.job.feeds === name);
    expect(feeders).toHaveLength(1);
    const feederId = functionId(feeders[0]![1].description);
    expect(resources[feederId]!.Properties.Environment.Variables.WORK_QUEUE_URL).toEqual({ Ref: queueId });
    const feederRole = resources[feederId]!.Properties.Role['Fn::GetAtt'][0];
    const sendStatements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === feederRole))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('sqs:')));
    expect(sendStatements).toEqual([expect.objectContaining({ Action: expect.arrayContaining(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } })]);
  });
});

describe('alerts and notifications', () => {
  const consumerId = () => functionId('Budget service: table stream -> threshold alerts and notification events');
  const slackId = () => functionId('Budget service: notification events -> Slack incoming webhook');

  it('publishes events to an encrypted topic that refuses plain HTTP', () => {
    const topics = ofType('AWS::SNS::Topic');
    expect(topics.length).toBe(2); // events, alarms
    for (const [, topic] of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const env = resources[consumerId()]!.Properties.Environment.Variables;
    expect(env.EVENTS_TOPIC_ARN).toEqual({ Ref: expect.stringMatching(/EventsTopic/) });
    expect(env.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^Table/) });
    template.hasOutput('EventsTopicArn', { Value: { Ref: Match.stringLikeRegexp('EventsTopic') } });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: Match.stringLikeRegexp('AlarmTopic') } });
  });

  it('lets the consumer publish to the events topic (and use its key) and the Slack function read its secret', () => {
    const statementsOf = (functionLogicalId: string): any[] => {
      const roleId = resources[functionLogicalId]!.Properties.Role['Fn::GetAtt'][0];
      return ofType('AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    };
    expect(statementsOf(consumerId())).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: expect.stringMatching(/EventsTopic/) } }),
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/TopicKey/), 'Arn'] } }),
    ]));
    expect(statementsOf(slackId())).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['secretsmanager:GetSecretValue']), Resource: { Ref: expect.stringMatching(/SlackWebhookUrl/) } }),
    ]));
    expect(statementsOf(slackId()).some((statement) => [statement.Action].flat().includes('sns:Publish'))).toBe(false);
  });

  it('lets CloudWatch alarms of this account, and only those, publish to the alarm topic', () => {
    // The TLS-only topic policy replaces SNS's default one: without this statement alarm actions fail.
    const [[, policy]] = ofType('AWS::SNS::TopicPolicy').filter(([, topicPolicy]) =>
      topicPolicy.Properties.Topics.some((topic: any) => /AlarmTopic/.test(topic.Ref))) as [[string, any]];
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([expect.objectContaining({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': expect.anything() } },
    })]));
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  it('keeps every queue encrypted and TLS only, and every dead-letter queue for 14 days', () => {
    const queues = ofType('AWS::SQS::Queue');
    // Stream failures, Slack failures, Slack subscription, one per job, and a queue and its dead-letter queue per worker.
    expect(queues).toHaveLength(3 + functionsOfKind('job').length + 2 * functionsOfKind('worker').length);
    for (const [id, queue] of queues) {
      expect(queue.Properties, id).toMatchObject({ SqsManagedSseEnabled: true });
      if (!queue.Properties.RedrivePolicy) expect(queue.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
      const policies = ofType('AWS::SQS::QueuePolicy').filter(([, policy]) => policy.Properties.Queues.some((queueRef: any) => queueRef.Ref === id));
      expect(policies.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement), id).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]));
    }
  });

  it('feeds the stream to the consumer in order, filtered, with partial batch failures, bisection and a failure queue', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) => mapping.Properties.FunctionName.Ref === consumerId());
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping).toMatchObject({
      FunctionName: { Ref: consumerId() },
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 1,
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 24 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/StreamFailureQueue/), 'Arn'] } } },
    });
    const pattern = JSON.parse(mapping.FilterCriteria.Filters[0].Pattern);
    expect(pattern).toEqual({ dynamodb: { NewImage: { entity: { S: ['counter', 'alert', 'approval', 'drift', 'variance', 'audit', 'limitNotice'] } } } });
    expect(pattern).toEqual(streamFilterPattern());
    expect(pattern.dynamodb.NewImage.entity.S).toEqual([...STREAM_CONSUMER_ENTITIES]);
  });

  it('gives the Slack signing secret to the integrations function only, which verifies Slack\'s callbacks', () => {
    const integrationsId = functionId('Budget service API: integrations');
    expect(resources[integrationsId]!.Properties.Environment.Variables.SLACK_SIGNING_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/SlackSigningSecret/) });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Description: Match.stringLikeRegexp('signing secret'), GenerateSecretString: Match.anyValue() });
    template.hasOutput('SlackSigningSecretArn', { Value: { Ref: Match.stringLikeRegexp('SlackSigningSecret') } });
    const readers = ofType('AWS::IAM::Policy').filter(([, policy]) => JSON.stringify(policy.Properties.PolicyDocument).includes('SlackSigningSecret'));
    expect(readers.map(([, policy]) => policy.Properties.Roles)).toEqual([[{ Ref: expect.stringMatching(/IntegrationsFunction/) }]]);
  });

  it('subscribes the Slack function with the webhook secret, a subscription DLQ and an on-failure queue', () => {
    const env = resources[slackId()]!.Properties.Environment.Variables;
    expect(env.SLACK_WEBHOOK_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/SlackWebhookUrl/) });
    // The webhook URL's and, for Slack approvals, the signing secret's (below).
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('Slack incoming-webhook URL'),
      GenerateSecretString: Match.anyValue(), // a placeholder, replaced by hand
    });
    template.hasOutput('SlackWebhookSecretArn', { Value: { Ref: Match.stringLikeRegexp('SlackWebhookUrl') } });
    const subscriptions = ofType('AWS::SNS::Subscription').map(([, subscription]) => subscription.Properties);
    expect(subscriptions).toEqual([expect.objectContaining({
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [slackId(), 'Arn'] },
      TopicArn: { Ref: expect.stringMatching(/EventsTopic/) },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/SlackSubscriptionDeadLetterQueue/), 'Arn'] } },
    })]);
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
    expect(invokeConfigs).toEqual([expect.objectContaining({
      FunctionName: { Ref: slackId() },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/SlackFailureQueue/), 'Arn'] } } },
    })]);
  });

  it('alarms on every dead-letter queue, on stream lag and on errors, to the alarm topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const queueAlarms = alarms.filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
    const queues = ofType('AWS::SQS::Queue');
    // Every dead-letter queue alarms on any message; every work queue (it has a redrive policy) on its oldest message's age.
    expect(queueAlarms).toHaveLength(queues.filter(([, queue]) => !queue.Properties.RedrivePolicy).length);
    expect(alarms.filter((alarm) => alarm.MetricName === 'ApproximateAgeOfOldestMessage')).toHaveLength(queues.filter(([, queue]) => queue.Properties.RedrivePolicy).length);
    expect(alarms.find((alarm) => alarm.MetricName === 'IteratorAge')).toMatchObject({ Threshold: 60_000, Statistic: 'Maximum' });
    // One Errors alarm each, with its own description (Observability leaves these two to Notifications).
    for (const description of [FUNCTION_CATALOG.streamConsumer.description, FUNCTION_CATALOG.slackSubscriber.description]) {
      expect(alarms.filter((alarm) => alarm.MetricName === 'Errors' && alarm.Dimensions[0].Value.Ref === functionId(description))).toHaveLength(1);
    }
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
  });
});

describe('the REST API', () => {
  /** Full path of every AWS::ApiGateway::Resource, rebuilt from ParentId/PathPart. */
  function resourcePaths(): Map<string, string> {
    const paths = new Map<string, string>();
    const pathOf = (id: string): string => {
      const known = paths.get(id);
      if (known) return known;
      const { ParentId, PathPart } = resources[id]!.Properties;
      const path = `${ParentId.Ref ? pathOf(ParentId.Ref) : ''}/${PathPart}`;
      paths.set(id, path);
      return path;
    };
    for (const [id] of ofType('AWS::ApiGateway::Resource')) pathOf(id);
    return paths;
  }

  function methods() {
    const paths = resourcePaths();
    return ofType('AWS::ApiGateway::Method').map(([, method]) => ({
      ...method.Properties,
      // A method on the API's root resource (the console's page) names it by GetAtt RootResourceId.
      path: method.Properties.ResourceId.Ref ? paths.get(method.Properties.ResourceId.Ref) : '/',
      functionId: method.Properties.Integration.Uri['Fn::Join'][1].find((part: any) => part['Fn::GetAtt'])?.['Fn::GetAtt'][0],
    }));
  }

  it('has exactly the resources of the route table, nested, with {param} path parameters', () => {
    const expected = new Set<string>();
    for (const path of methodsByPath().keys()) {
      const parts = path.split('/').filter(Boolean);
      parts.forEach((_, index) => expected.add(`/${parts.slice(0, index + 1).join('/')}`));
    }
    expect(new Set(resourcePaths().values())).toEqual(expected);
  });

  it('has a Lambda proxy method for every route, on its function, authorized where the route says', () => {
    const all = methods();
    const authorizerId = ofType('AWS::ApiGateway::Authorizer')[0]![0];
    for (const route of routes as readonly RouteSpec[]) {
      const match = all.filter((method) => method.HttpMethod === route.method && method.path === route.path);
      expect(match, route.operationId).toHaveLength(1);
      const method = match[0]!;
      expect(method.OperationName).toBe(route.operationId);
      expect(method.Integration.Type).toBe('AWS_PROXY');
      expect(method.functionId, route.operationId).toBe(functionId(`Budget service API: ${route.functionName}`));
      if (route.auth === 'apiKey') {
        expect(method.AuthorizationType).toBe('CUSTOM');
        expect(method.AuthorizerId).toEqual({ Ref: authorizerId });
        expect(method.ApiKeyRequired, route.operationId).toBe(true);
      } else {
        expect(method.AuthorizationType).toBe('NONE');
        expect(method.ApiKeyRequired).toBeFalsy();
      }
    }
    expect(all).toHaveLength(routes.length + methodsByPath().size);
  });

  it('sends every other method of a known path to the health function (405 with Allow), without the authorizer', () => {
    const any = methods().filter((method) => method.HttpMethod === 'ANY');
    expect(new Set(any.map((method) => method.path))).toEqual(new Set(methodsByPath().keys()));
    for (const method of any) {
      expect(method.AuthorizationType).toBe('NONE');
      expect(method.functionId).toBe(functionId('Budget service API: health'));
    }
  });

  it('validates request parameters on every method (bodies are validated in the Lambda)', () => {
    const [[validatorId, validator]] = ofType('AWS::ApiGateway::RequestValidator') as [[string, any]];
    expect(validator.Properties).toMatchObject({ ValidateRequestParameters: true, ValidateRequestBody: false });
    for (const method of methods()) expect(method.RequestValidatorId).toEqual({ Ref: validatorId });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET', OperationName: 'getBudget', RequestParameters: { 'method.request.path.id': true },
    });
  });

  it('caches the TOKEN authorizer for the shared TTL and checks the header shape first', () => {
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      AuthorizerResultTtlInSeconds: GATEWAY_SETTINGS.authorizerCacheTtlSeconds,
      IdentitySource: 'method.request.header.Authorization',
      IdentityValidationExpression: GATEWAY_SETTINGS.authorizationHeaderPattern,
    });
  });

  it('throttles, traces and logs the prod stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('^\\{.*"requestId":"\\$context.requestId"') },
      MethodSettings: Match.arrayWith([Match.objectLike({
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'INFO',
        MetricsEnabled: true,
        DataTraceEnabled: false,
        ThrottlingRateLimit: GATEWAY_SETTINGS.throttleRateLimitPerSecond,
        ThrottlingBurstLimit: GATEWAY_SETTINGS.throttleBurstLimit,
      })]),
    });
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
  });

  it('renders every gateway error of GATEWAY_PROBLEMS as problem+json with the status of its slug', () => {
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', GATEWAY_PROBLEMS.length);
    for (const { responseType, slug } of GATEWAY_PROBLEMS) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: responseType,
        StatusCode: String(PROBLEM_TYPES[slug].status),
        ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" }),
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`problems/${slug}`) },
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED', StatusCode: '429', ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Retry-After': "'1'" }),
    });
  });

  it('throttles each key on its own: usage plans fed by the authorizer, the default plan at 1,000/s burst 2,000 on the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
    const stageId = ofType('AWS::ApiGateway::Stage')[0]![0];
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'TestBudgetService-1000rps-2000burst',
      Throttle: { RateLimit: 1000, BurstLimit: 2000 },
      ApiStages: [{ ApiId: Match.anyValue(), Stage: { Ref: stageId } }],
    });
    const authorizer = resources[functionId(FUNCTION_CATALOG.authorizer.description)]!;
    expect(authorizer.Properties.Environment.Variables).toMatchObject({
      USAGE_PLAN_API_ID: { Ref: ofType('AWS::ApiGateway::RestApi')[0]![0] }, USAGE_PLAN_STAGE: 'prod', USAGE_PLAN_PREFIX: 'TestBudgetService',
    });
    const policies = ofType('AWS::IAM::Policy').filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(authorizer.Properties.Role['Fn::GetAtt'][0]));
    const statements = policies.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>);
    const gateway = statements.filter((statement) => JSON.stringify(statement.Action).includes('apigateway:'));
    expect(gateway).toHaveLength(1);
    expect(gateway[0]!.Action).toEqual(['apigateway:GET', 'apigateway:POST']);
    expect(JSON.stringify(gateway[0]!.Resource)).toContain('::/usageplans/*');
    // The stage ceiling is the account's: only the per-key limits bind.
    expect([GATEWAY_SETTINGS.throttleRateLimitPerSecond, GATEWAY_SETTINGS.throttleBurstLimit]).toEqual([10_000, 5_000]);
  });

  it.each([
    ['UNAUTHORIZED', '401', 'unauthorized'],
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'not-found'],
  ])('answers %s with %s problem+json', (type, status, slug) => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: type,
      StatusCode: status,
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`problems/${slug}`) },
    });
  });

  it('outputs the API URL and the table name', () => {
    template.hasOutput('ApiUrl', Match.anyValue());
    template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^Table') } });
  });
});

describe('observability', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
  const onFunction = (metricName: string, name: keyof typeof FUNCTION_CATALOG) =>
    alarms().filter((alarm) => alarm.MetricName === metricName && alarm.Namespace === 'AWS/Lambda' && alarm.Dimensions[0].Value.Ref === functionId(FUNCTION_CATALOG[name].description));

  it('configures Powertools on every function: service, metrics namespace, log level', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Description?.startsWith('Budget service'))) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE, LOG_LEVEL: 'INFO' });
    }
  });

  it('alarms on every function\'s errors and throttles, once each', () => {
    for (const name of Object.keys(FUNCTION_CATALOG) as Array<keyof typeof FUNCTION_CATALOG>) {
      expect(onFunction('Errors', name), name).toHaveLength(1);
      expect(onFunction('Throttles', name), name).toHaveLength(1);
    }
  });

  it('alarms on the API\'s 5XX rate and p99 latency', () => {
    expect(alarms().find((alarm) => alarm.MetricName === '5XXError')).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Average', Threshold: 0.01 });
    expect(alarms().find((alarm) => alarm.MetricName === 'Latency')).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 2000, EvaluationPeriods: 3 });
  });

  it('alarms on the table\'s throttled requests, summed over the operations the service uses', () => {
    const throttled = alarms().filter((alarm) => JSON.stringify(alarm.Metrics ?? []).includes('ThrottledRequests'));
    expect(throttled).toHaveLength(1);
    const operations = throttled[0]!.Metrics.filter((query: any) => query.MetricStat).map((query: any) => query.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value);
    expect(operations.sort()).toEqual(['BatchGetItem', 'DeleteItem', 'GetItem', 'GetRecords', 'PutItem', 'Query', 'TransactWriteItems', 'UpdateItem']);
  });

  it('alarms on each job\'s reported failures, except the dispatch, which fails only by throwing', () => {
    const jobFailures = alarms().filter((alarm) => alarm.MetricName === METRICS.jobFailures.name);
    const jobs = [...functionsOfKind('job'), ...functionsOfKind('worker')].map(([name]) => name).filter((name) => name !== 'importCosts');
    expect(jobFailures.map((alarm) => alarm.Dimensions.find((d: any) => d.Name === 'job').Value).sort()).toEqual([...jobs].sort());
    for (const alarm of jobFailures) {
      expect(alarm).toMatchObject({ Namespace: METRICS_NAMESPACE, Statistic: 'Sum', Threshold: 0 });
      expect(alarm.Dimensions).toContainEqual({ Name: 'service', Value: SERVICE_NAME });
    }
  });

  it('gives every alarm a description and the alarm topic', () => {
    for (const alarm of alarms()) {
      expect(alarm.AlarmDescription.length).toBeGreaterThan(40);
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    }
  });

  it('has a dashboard with the API, the service\'s own metrics, Lambda and DynamoDB', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    for (const metric of ['Count', '4XXError', '5XXError', 'Latency', 'Errors', 'Throttles', 'ThrottledRequests', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits']) {
      expect(body, metric).toContain(`\\"${metric}\\"`);
    }
    for (const { name } of Object.values(METRICS)) expect(body, name).toContain(name);
    for (const outcome of ['held', 'pending_approval', 'refused', 'failed']) expect(body).toContain(outcome);
    template.hasOutput('DashboardName', Match.anyValue());
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no unsuppressed error or warning', () => {
    const annotations = Annotations.fromStack(stack);
    const lines = (entries: ReturnType<typeof annotations.findError>) => entries.map((entry) => `${entry.id}: ${String(entry.entry.data).split('\n')[0]}`);
    const errors = lines(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')));
    const warnings = lines(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
