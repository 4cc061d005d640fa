import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { authorizerAccessFromEnv } from '../../shared/app/access.js';
import { rateLimitOf, usageIdentifierOf, type AccessService, type ApiKeyRecord } from '../../shared/domain/access/index.js';
import { withLambdaContext } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';

let access: AccessService | undefined;

/**
 * The policy allows the whole API (`<api>/<stage>/*`): API Gateway caches it per token,
 * and a policy for one method would deny the next method the same key calls. Roles are
 * enforced by each handler from the context.
 */
function apiWideResource(methodArn: string): string {
  const [arnPrefix, apiId, stage] = methodArn.split('/');
  return `${arnPrefix}/${apiId}/${stage}/*`;
}

/**
 * TOKEN authorizer: `Authorization: Bearer <key>` → `{ tenantId, keyId, roles, … }` and the
 * key's usage identifier.
 * Throwing `Unauthorized` is how API Gateway is told to answer 401 (gateway response UNAUTHORIZED).
 */
export async function handler(event: APIGatewayTokenAuthorizerEvent, context?: Context): Promise<APIGatewayAuthorizerResult> {
  withLambdaContext(context);
  const match = /^Bearer (\S+)$/.exec(event.authorizationToken ?? '');
  if (!match?.[1]) throw new Error('Unauthorized');
  access ??= authorizerAccessFromEnv();
  let key;
  try {
    key = await access.authenticate(match[1]);
  } catch (error) {
    if ((error as Error).name === 'UnauthorizedError') throw new Error('Unauthorized');
    logger.error('authorizer failed', { error });
    throw error;
  }
  await noteUse(access, key);
  const rateLimit = rateLimitOf(key);
  return {
    principalId: `${key.tenantId}/${key.keyId}`,
    // The usage plans meter each key by this (API key source AUTHORIZER): per-key throttling.
    usageIdentifierKey: await usageIdentifier(access, key),
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: apiWideResource(event.methodArn) }],
    },
    context: {
      tenantId: key.tenantId, keyId: key.keyId, keyName: key.name, roles: key.roles.join(','), maxApprovalLevel: key.maxApprovalLevel,
      rateLimitPerSecond: rateLimit.requestsPerSecond, rateLimitBurst: rateLimit.burst,
    },
  };
}

/**
 * A key whose enrolment fails (API Gateway's control plane throttles, a plan not deployed yet)
 * still gets its identifier: an enrolled key keeps working, and one not enrolled yet is
 * refused by the gateway (403) for this request and enrolled again on the next.
 */
async function usageIdentifier(service: AccessService, key: ApiKeyRecord): Promise<string> {
  try {
    return await service.usageIdentifier(key);
  } catch (error) {
    logger.error('could not enrol the key in its usage plan', { keyId: key.keyId, error });
    return usageIdentifierOf(key);
  }
}

/** `lastUsedAt` is a convenience: failing to write it never refuses a valid key. */
async function noteUse(service: AccessService, key: ApiKeyRecord): Promise<void> {
  try {
    await service.noteUse(key);
  } catch (error) {
    logger.warn('could not note the key use', { keyId: key.keyId, error });
  }
}
