import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './names.js';

/**
 * X-Ray through Powertools: the functions run with active tracing (infra/constructs/budget-function.ts),
 * and an AWS SDK client passed through {@link traced} shows each call (DynamoDB, SNS, SQS,
 * Cost Explorer…) as a subsegment with its latency and errors. Outside Lambda (tests,
 * `npm start`) Powertools turns tracing off by itself (no `AWS_EXECUTION_ENV`), and
 * `POWERTOOLS_TRACE_ENABLED=false` turns it off anywhere.
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME });

/** The client, instrumented when tracing is on (unchanged otherwise). */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
