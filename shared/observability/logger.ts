import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { SERVICE_NAME } from './names.js';

/**
 * The service's logger: Powertools for AWS Lambda, one JSON object a line with `level`,
 * `message`, `service`, `timestamp`, the Lambda context once a handler adds it, and the
 * fields given (`logger.error('…', { error, budgetId })`; an `Error` keeps its name,
 * message, stack and cause). The level is `POWERTOOLS_LOG_LEVEL` or `LOG_LEVEL`, in either
 * case (`silent` quiets it: the tests), `INFO` by default; Lambda's own log level
 * (`AWS_LAMBDA_LOG_LEVEL`) wins when set. `POWERTOOLS_DEV=true` indents each entry
 * (`npm start` sets it).
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME,
  // Powertools reads the environment's level in capitals only; ours has always been lower case.
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || 'INFO').toUpperCase() as LogLevel,
});
