import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_CATALOG } from '../../functions/catalog.js';
import { streamFilterPattern } from '../../shared/adapters/dynamodb/stream-filter.js';
import { topicAlarm } from './alarm.js';
import { BudgetFunction } from './budget-function.js';

/**
 * Alerts and notifications: the stream consumer (counters → alerts, alerts and approvals →
 * events), the events topic, the Slack subscriber with its webhook secret, a dead-letter
 * queue behind every asynchronous hop, and alarms on all of them.
 */
export class Notifications extends Construct {
  readonly eventsTopic: Topic;
  /** Operators subscribe here (e-mail, chat, paging) to hear about the alarms below. */
  readonly alarmTopic: Topic;
  readonly streamConsumer: BudgetFunction;
  readonly slackSubscriber: BudgetFunction;
  readonly slackWebhookSecret: Secret;
  /** Queues that only ever hold what failed: each is watched by an alarm. */
  readonly deadLetterQueues: Queue[];

  constructor(scope: Construct, id: string, props: { table: ITableV2 }) {
    super(scope, id);

    // One customer-managed key for both topics: CloudWatch alarm actions cannot publish to a
    // topic encrypted with the AWS-managed SNS key.
    const topicKey = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Budget service: SNS topics (events, alarms)' });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.eventsTopic = new Topic(this, 'EventsTopic', { displayName: 'Budget service events', masterKey: topicKey, enforceSSL: true });
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Budget service alarms', masterKey: topicKey, enforceSSL: true });
    // The topic policy that enforceSSL creates replaces SNS's default access policy, and CloudWatch
    // publishes alarm actions as a service principal: without this statement every alarm action
    // fails ("no resource-based policy allows the SNS:Publish action"), silently but for the alarm
    // history. Only alarms of this account and region may publish (confused deputy).
    const stack = Stack.of(this);
    this.alarmTopic.addToResourcePolicy(new PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.alarmTopic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      },
    }));

    const deadLetterQueue = (queueId: string) => new Queue(this, queueId, {
      enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14),
    });
    const streamFailures = deadLetterQueue('StreamFailureQueue');
    const slackFailures = deadLetterQueue('SlackFailureQueue');
    const subscriptionFailures = deadLetterQueue('SlackSubscriptionDeadLetterQueue');
    this.deadLetterQueues = [streamFailures, slackFailures, subscriptionFailures];

    this.streamConsumer = new BudgetFunction(this, 'StreamConsumer', FUNCTION_CATALOG.streamConsumer, {
      table: props.table,
      environment: { EVENTS_TOPIC_ARN: this.eventsTopic.topicArn },
    });
    this.eventsTopic.grantPublish(this.streamConsumer.fn);
    this.streamConsumer.fn.addEventSource(new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      // One batch per shard at a time: records of one counter must be seen in order.
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: 10,
      maxRecordAge: Duration.days(1),
      onFailure: new SqsDlq(streamFailures),
      // Ledger, usage and reservation writes never invoke the consumer. The pattern comes from
      // STREAM_CONSUMER_ENTITIES (shared/adapters/dynamodb/stream-filter.ts), like the local poller's
      // filter; its value lists are what FilterRule.or(...) would build.
      filters: [FilterCriteria.filter(streamFilterPattern())],
    }));

    this.slackWebhookSecret = new Secret(this, 'SlackWebhookUrl', {
      description: 'Budget service: the Slack incoming-webhook URL (https://hooks.slack.com/services/...). Replace the generated placeholder.',
      generateSecretString: { excludePunctuation: true, passwordLength: 32 },
    });
    this.slackSubscriber = new BudgetFunction(this, 'SlackSubscriber', FUNCTION_CATALOG.slackSubscriber, {
      table: props.table,
      environment: { SLACK_WEBHOOK_SECRET_ARN: this.slackWebhookSecret.secretArn },
    });
    this.slackWebhookSecret.grantRead(this.slackSubscriber.fn);
    this.slackSubscriber.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(slackFailures) });
    this.eventsTopic.addSubscription(new LambdaSubscription(this.slackSubscriber.fn, { deadLetterQueue: subscriptionFailures }));

    for (const queue of this.deadLetterQueues) {
      this.watchQueue(queue, `Messages in ${queue.node.id}: a notification or stream batch failed for good; inspect and redrive.`);
    }
    this.alarm('StreamIteratorAgeAlarm', this.streamConsumer.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }), 60_000,
      'The stream consumer is more than a minute behind: alerts and notifications are late.');
    this.alarm('StreamConsumerErrorsAlarm', this.streamConsumer.fn.metricErrors({ period: Duration.minutes(5) }), 0,
      'The stream consumer is failing: alerts are retried, then go to StreamFailureQueue.');
    this.alarm('SlackSubscriberErrorsAlarm', this.slackSubscriber.fn.metricErrors({ period: Duration.minutes(5) }), 0,
      'Slack deliveries are failing (webhook URL, Slack outage, rate limits).');
  }

  /** Alarms (to the alarm topic) when a work queue's oldest message has waited longer than `maxAge`: its worker is stuck or failing. */
  watchBacklog(queue: IQueue, maxAge: Duration, description: string): void {
    this.alarm(`${queue.node.id}BacklogAlarm`, queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }), maxAge.toSeconds(), description);
  }

  /** Alarms (to the alarm topic) as soon as a dead-letter queue holds anything. */
  watchQueue(queue: IQueue, description: string): void {
    this.alarm(`${queue.node.id}Alarm`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), 0, description);
  }

  private alarm(alarmId: string, metric: IMetric, threshold: number, description: string): void {
    topicAlarm(this, alarmId, this.alarmTopic, { metric, threshold, description });
  }
}
