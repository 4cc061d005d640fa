import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface TopicAlarmProps {
  metric: IMetric;
  /** The alarm fires above this (strictly greater). */
  threshold: number;
  /** What it means and what to do: the text the operator reads in the notification. */
  description: string;
  /** Consecutive periods over the threshold before it fires (1: the first one). */
  evaluationPeriods?: number;
}

/**
 * An alarm that notifies the alarm topic rather than nobody: a dead-letter queue filling up,
 * a stalled stream or a failing function means work that reaches no one, which nobody would
 * notice from the console. The topic has no subscriber by default (who is on call differs per
 * deployment); operators subscribe e-mail, chat or paging to the `AlarmTopicArn` output.
 * No data is not breaching: a job that did not run in the period, or an API without traffic,
 * is no failure.
 */
export function topicAlarm(scope: Construct, id: string, topic: ITopic, props: TopicAlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    metric: props.metric, threshold: props.threshold, evaluationPeriods: props.evaluationPeriods ?? 1, alarmDescription: props.description,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
