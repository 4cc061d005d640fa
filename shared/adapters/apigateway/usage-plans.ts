import {
  APIGatewayClient, ConflictException, CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, GetApiKeysCommand, GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { DEFAULT_RATE_LIMIT, usagePlanNameOf, type ApiKeyRecord, type RateLimit } from '../../domain/access/api-keys.js';
import type { UsagePlans } from '../../domain/access/ports.js';
import { traced } from '../../observability/tracer.js';

export interface UsagePlansConfig {
  restApiId: string;
  stageName: string;
  /** Plans are named `<prefix>-<rps>rps-<burst>burst`; the stack creates the default one. */
  planPrefix: string;
}

/** The largest page API Gateway answers. */
const PAGE_SIZE = 500;

/**
 * Per-key throttling with API Gateway usage plans (API key source AUTHORIZER): each of our
 * keys has a gateway API key whose value is its usage identifier, in the plan of its limit.
 * The stack creates the default plan; a plan for another limit is created on first need and
 * serves every key with that limit. Plan ids are cached for the life of the process.
 */
export class ApiGatewayUsagePlans implements UsagePlans {
  private readonly planIds = new Map<string, string>();

  constructor(private readonly client: APIGatewayClient, private readonly config: UsagePlansConfig) {}

  planFor(limit: RateLimit): string {
    return usagePlanNameOf(limit, this.config.planPrefix);
  }

  async enrol(key: ApiKeyRecord, usageIdentifier: string, plan: string, limit: RateLimit): Promise<void> {
    const usagePlanId = await this.planId(plan, limit);
    const gatewayKeyId = await this.gatewayKeyId(key, usageIdentifier);
    try {
      await this.client.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId: gatewayKeyId, keyType: 'API_KEY' }));
    } catch (error) {
      // Already in the plan: an earlier enrolment that was not recorded on the key.
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  private async planId(name: string, limit: RateLimit): Promise<string> {
    const cached = this.planIds.get(name);
    if (cached) return cached;
    const found = await this.findPlan(name);
    // The stack owns the default plan: a missing one is a deployment under way, never ours to create.
    if (!found && name === this.planFor(DEFAULT_RATE_LIMIT)) throw new Error(`usage plan ${name} is not deployed yet`);
    const id = found ?? (await this.createPlan(name, limit));
    this.planIds.set(name, id);
    return id;
  }

  /** The plan of that name; of two made by a race, the smaller id, so every process picks the same. */
  private async findPlan(name: string): Promise<string | undefined> {
    const ids: string[] = [];
    let position: string | undefined;
    do {
      const page = await this.client.send(new GetUsagePlansCommand({ limit: PAGE_SIZE, position }));
      for (const plan of page.items ?? []) if (plan.name === name && plan.id) ids.push(plan.id);
      position = page.position;
    } while (position);
    return ids.sort()[0];
  }

  private async createPlan(name: string, limit: RateLimit): Promise<string> {
    const created = await this.client.send(new CreateUsagePlanCommand({
      name,
      description: `Budget service keys limited to ${limit.requestsPerSecond} requests/s, burst ${limit.burst} (created on first use of such a key)`,
      throttle: { rateLimit: limit.requestsPerSecond, burstLimit: limit.burst },
      apiStages: [{ apiId: this.config.restApiId, stage: this.config.stageName }],
    }));
    if (!created.id) throw new Error(`API Gateway created usage plan ${name} without an id`);
    return (await this.findPlan(name)) ?? created.id;
  }

  /** The gateway API key named by the usage identifier, created if it does not exist yet. */
  private async gatewayKeyId(key: ApiKeyRecord, usageIdentifier: string): Promise<string> {
    try {
      const created = await this.client.send(new CreateApiKeyCommand({
        name: usageIdentifier, value: usageIdentifier, enabled: true, description: `Meters budget-service key ${key.keyId} of tenant ${key.tenantId}`,
      }));
      if (created.id) return created.id;
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
    const found = await this.client.send(new GetApiKeysCommand({ nameQuery: usageIdentifier, limit: PAGE_SIZE }));
    const id = found.items?.find((item) => item.name === usageIdentifier)?.id;
    if (!id) throw new Error(`API Gateway key ${usageIdentifier} exists but was not found`);
    return id;
  }
}

/** The usage plans of this deployment, when the stack configured them (never under npm start). */
export function usagePlansFromEnv(env: NodeJS.ProcessEnv = process.env): ApiGatewayUsagePlans | undefined {
  const { USAGE_PLAN_API_ID: restApiId, USAGE_PLAN_STAGE: stageName, USAGE_PLAN_PREFIX: planPrefix } = env;
  if (!restApiId || !stageName || !planPrefix) return undefined;
  return new ApiGatewayUsagePlans(traced(new APIGatewayClient({})), { restApiId, stageName, planPrefix });
}
