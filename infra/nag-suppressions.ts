import type { Stack } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';

/** Every accepted cdk-nag finding, with its reason, in one place (used by the app and the tests). */
export function applyNagSuppressions(stack: Stack): void {
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'AWSLambdaBasicExecutionRole (logs) and AmazonAPIGatewayPushToCloudWatchLogs (the account-level API Gateway logging role) are the AWS-maintained minimal policies for exactly these purposes.',
      appliesTo: [
        'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
      ],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords only support "*"; DynamoDB index/* grants cover the table\'s own indexes (gsi1, gsi2) and nothing else.',
    },
    {
      id: 'AwsSolutions-COG4',
      reason: 'Clients are machines with API keys: a Lambda TOKEN authorizer checks hashed keys in DynamoDB. Health, the OpenAPI document and the 405 fallback are public on purpose.',
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: 'Every data route uses the Lambda authorizer; only health, the OpenAPI document and the ANY → 405 fallback are public on purpose.',
    },
    {
      id: 'AwsSolutions-APIG3',
      reason: 'WAF is an account-level choice (shared web ACLs, cost); stage throttling is on. Attach a web ACL to the stage where the deploying account uses WAF.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is pinned on purpose (bundled SDK and esbuild target node22); the newest runtime is adopted deliberately, not implicitly.',
    },
  ]);
}
