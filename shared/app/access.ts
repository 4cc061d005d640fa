import { usagePlansFromEnv } from '../adapters/apigateway/usage-plans.js';
import { DynamoAccessStore, tableContextFromEnv } from '../adapters/dynamodb/index.js';
import { AccessService } from '../domain/access/service.js';

/**
 * The access service as the authorizer needs it: with the deployment's usage plans, so a key
 * is enrolled for per-key throttling on first use. Apart from services.ts so only the
 * authorizer's bundle carries the API Gateway client.
 */
export function authorizerAccessFromEnv(): AccessService {
  return new AccessService(new DynamoAccessStore(tableContextFromEnv()), Date.now, usagePlansFromEnv());
}
