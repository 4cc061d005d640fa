import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Method, RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { BudgetFunction } from './constructs/budget-function.js';
import type { Notifications } from './constructs/notifications.js';
import type { PerKeyThrottling } from './constructs/per-key-throttling.js';
import type { SlackApprovals } from './constructs/slack-approvals.js';

export interface NagTargets {
  api: RestApi;
  /** Methods without the authorizer: health, the OpenAPI document, the console's page and files, and the `ANY` → 405 fallbacks. */
  publicMethods: readonly Method[];
  functions: readonly BudgetFunction[];
  table: ITableV2;
  /** The scheduled jobs (EventBridge Scheduler invokes each) with their dead-letter queues. */
  jobs: ReadonlyArray<{ fn: BudgetFunction; deadLetterQueue: IQueue }>;
  /** Other dead-letter queues: the workers' (a redrive target of their queues). */
  deadLetterQueues: readonly IQueue[];
  notifications: Notifications;
  slackApprovals: SlackApprovals;
  throttling: PerKeyThrottling;
}

/**
 * Every accepted cdk-nag (AwsSolutions) finding, with its reason, in one place; the stack
 * calls it, so `cdk synth` and the tests see the same set. Each suppression is scoped to
 * the constructs (and, for IAM, the exact finding) it is about, so a new finding elsewhere
 * still fails the build.
 */
export function applyNagSuppressions(stack: Stack, targets: NagTargets): void {
  const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;
  const tableArn = `<${logicalId(targets.table)}.Arn>`;

  for (const fn of targets.functions) {
    NagSuppressions.addResourceSuppressions(fn, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource other than "*"'
          + (fn.awsActions.length > 0 ? `; neither does ${fn.awsActions.join(', ')} (Cost Explorer has no resource-level permissions).` : '.'),
        appliesTo: ['Resource::*'],
      },
      ...(fn.tableAccess === 'read' || fn.tableAccess === 'readWrite' ? [{
        id: 'AwsSolutions-IAM5',
        reason: 'Queries use the table\'s own secondary indexes (gsi1, gsi2 from tableDefinition); index/* names only indexes of this one table.',
        appliesTo: [`Resource::${tableArn}/index/*`],
      }] : []),
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 is pinned on purpose (DESIGN.md: Node 22 or 24; bundles built with esbuild target node22); '
          + 'moving to a newer runtime is a deliberate, tested change, never an implicit one.',
      },
    ], true);
  }

  NagSuppressions.addStackSuppressions(stack, [{
    id: 'AwsSolutions-IAM5',
    reason: 'EventBridge Scheduler\'s role for a job may invoke that job\'s function and its versions/aliases (<arn>:*), nothing else.',
    appliesTo: targets.jobs.map((job) => `Resource::<${logicalId(job.fn.fn)}.Arn>:*`),
  }]);

  NagSuppressions.addResourceSuppressions(targets.api, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'The account-level API Gateway logging role (needed for stage execution logs) uses the AWS-maintained policy made for '
        + 'exactly this; it serves every REST API of the account and region, so it cannot be scoped to this API\'s log groups.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
    },
    {
      id: 'AwsSolutions-COG4',
      reason: 'No Cognito: clients are machines holding API keys, checked (hashed, in DynamoDB) by a Lambda TOKEN authorizer on '
        + 'every data route. The public methods are covered by APIG4.',
    },
    {
      id: 'AwsSolutions-APIG2',
      reason: 'The request validator checks parameters; bodies are validated in the Lambda from the zod schemas, which answers '
        + 'problem+json with a JSON pointer per error (API.md). A gateway model would answer a generic 400 and drift from the schemas.',
    },
  ], true);

  NagSuppressions.addResourceSuppressions([...targets.publicMethods], [{
    id: 'AwsSolutions-APIG4',
    reason: 'Public on purpose: liveness, the OpenAPI document, the web console\'s static page and files (a browser cannot send the '
      + 'API key before it has the page that asks for it), the ANY fallback that answers 405 with Allow for methods a path '
      + 'does not serve, and Slack\'s interaction callback, which Slack cannot send with an API key: it is authenticated by Slack\'s '
      + 'request signature (HMAC-SHA256 with the signing secret, 5-minute window), checked before anything is read. Every other data '
      + 'route uses the Lambda authorizer.',
  }]);

  NagSuppressions.addResourceSuppressions(targets.api.deploymentStage, [{
    id: 'AwsSolutions-APIG3',
    reason: 'WAF is left to the deploying account (web ACLs are usually shared and priced per ACL/rule); stage throttling and the '
      + 'authorizer header regex are on. Associate a regional web ACL with the prod stage where the account uses WAF.',
  }]);

  NagSuppressions.addResourceSuppressions([
    ...targets.jobs.map((job) => job.deadLetterQueue), ...targets.deadLetterQueues, ...targets.notifications.deadLetterQueues,
  ], [{
    id: 'AwsSolutions-SQS3',
    reason: 'Each of these queues is itself a dead-letter queue (of the scheduled jobs, the workers\' queues, the stream consumer, the '
      + 'Slack subscriber and its SNS subscription): a dead-letter queue needs none of its own. An alarm watches each.',
  }]);

  NagSuppressions.addResourceSuppressions(targets.notifications.streamConsumer, [{
    id: 'AwsSolutions-IAM5',
    reason: 'Publishing to the KMS-encrypted events topic needs kms:GenerateDataKey* (the data-key variants SNS may ask for), '
      + 'on the topics\' own key only.',
    appliesTo: ['Action::kms:GenerateDataKey*'],
  }], true);

  const authorizer = targets.functions.find((fn) => fn.node.id === 'AuthorizerFunction');
  if (authorizer) {
    NagSuppressions.addResourceSuppressions(authorizer, [{
      id: 'AwsSolutions-IAM5',
      reason: 'Per-key throttling: the authorizer enrols a key in the usage plan of its limit on first use, creating the gateway API key '
        + 'and, for a limit not seen before, the plan. Their ids are made at run time, so the paths are /usageplans/* and /apikeys/* '
        + '(API Gateway control-plane paths of this region; GET and POST only, no DELETE).',
      appliesTo: [
        'Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/*',
        'Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apikeys/*',
      ],
    }], true);
  }

  NagSuppressions.addResourceSuppressions(targets.slackApprovals.signingSecret, [{
    id: 'AwsSolutions-SMG4',
    reason: 'A Slack app\'s signing secret is issued by Slack and cannot be rotated by a rotation Lambda; it is regenerated in Slack\'s app settings and pasted here.',
  }]);

  NagSuppressions.addResourceSuppressions(targets.notifications.slackWebhookSecret, [{
    id: 'AwsSolutions-SMG4',
    reason: 'A Slack incoming-webhook URL is issued by Slack and cannot be rotated by a rotation Lambda; it is rotated in Slack and pasted here.',
  }]);
}
