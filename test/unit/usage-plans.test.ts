import {
  APIGatewayClient, ConflictException, CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, GetApiKeysCommand, GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiGatewayUsagePlans, usagePlansFromEnv } from '../../shared/adapters/apigateway/usage-plans.js';
import { AccessService, usageIdentifierOf, type AccessStore, type ApiKeyRecord } from '../../shared/domain/access/index.js';

const conflict = () => new ConflictException({ message: 'exists', $metadata: {} });
const key: ApiKeyRecord = {
  tenantId: 'acme', keyId: 'key_01M86FYZ80BWGXGPRBPZ6WHKJS', name: 'ci', roles: ['writer'], secretHash: 'h', maxApprovalLevel: 'executive',
  rateLimit: null, status: 'active', createdAt: '2026-11-24T10:00:00.000Z',
};

describe('API Gateway usage plans', () => {
  const gateway = mockClient(APIGatewayClient);
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.restore());
  const plans = () => new ApiGatewayUsagePlans(new APIGatewayClient({ region: 'eu-west-1' }), { restApiId: 'api1', stageName: 'prod', planPrefix: 'Budgets' });

  it('names plans by their limit', () => {
    expect(plans().planFor({ requestsPerSecond: 1000, burst: 2000 })).toBe('Budgets-1000rps-2000burst');
  });

  it('puts a new key in the existing plan of its limit, found across pages', async () => {
    gateway.on(GetUsagePlansCommand).resolvesOnce({ items: [{ id: 'p-other', name: 'Budgets-5rps-5burst' }], position: 'next' })
      .resolvesOnce({ items: [{ id: 'p-default', name: 'Budgets-1000rps-2000burst' }] });
    gateway.on(CreateApiKeyCommand).resolves({ id: 'gk-1' });
    gateway.on(CreateUsagePlanKeyCommand).resolves({});
    await plans().enrol(key, usageIdentifierOf(key), 'Budgets-1000rps-2000burst', { requestsPerSecond: 1000, burst: 2000 });
    expect(gateway.commandCalls(CreateUsagePlanCommand)).toHaveLength(0);
    expect(gateway.commandCalls(CreateApiKeyCommand)[0]!.args[0].input).toMatchObject({ name: 'acme--key_01M86FYZ80BWGXGPRBPZ6WHKJS', value: 'acme--key_01M86FYZ80BWGXGPRBPZ6WHKJS', enabled: true });
    expect(gateway.commandCalls(CreateUsagePlanKeyCommand)[0]!.args[0].input).toEqual({ usagePlanId: 'p-default', keyId: 'gk-1', keyType: 'API_KEY' });
  });

  it('creates the plan of a new limit on the stage, once per process', async () => {
    gateway.on(GetUsagePlansCommand).resolvesOnce({ items: [] }).resolves({ items: [{ id: 'p-new', name: 'Budgets-5rps-10burst' }] });
    gateway.on(CreateUsagePlanCommand).resolves({ id: 'p-new' });
    gateway.on(CreateApiKeyCommand).resolves({ id: 'gk-1' });
    gateway.on(CreateUsagePlanKeyCommand).resolves({});
    const usagePlans = plans();
    const limit = { requestsPerSecond: 5, burst: 10 };
    await usagePlans.enrol(key, 'acme--a', 'Budgets-5rps-10burst', limit);
    await usagePlans.enrol({ ...key, keyId: 'key_2' }, 'acme--b', 'Budgets-5rps-10burst', limit);
    const created = gateway.commandCalls(CreateUsagePlanCommand);
    expect(created).toHaveLength(1);
    expect(created[0]!.args[0].input).toMatchObject({ name: 'Budgets-5rps-10burst', throttle: { rateLimit: 5, burstLimit: 10 }, apiStages: [{ apiId: 'api1', stage: 'prod' }] });
    expect(gateway.commandCalls(CreateUsagePlanKeyCommand).map((call) => call.args[0].input.usagePlanId)).toEqual(['p-new', 'p-new']);
  });

  it('is idempotent: an existing gateway key is found by name, and an existing plan key is fine', async () => {
    gateway.on(GetUsagePlansCommand).resolves({ items: [{ id: 'p-default', name: 'Budgets-1000rps-2000burst' }] });
    gateway.on(CreateApiKeyCommand).rejects(conflict());
    gateway.on(GetApiKeysCommand).resolves({ items: [{ id: 'gk-other', name: 'acme--key_1x' }, { id: 'gk-1', name: 'acme--key_1' }] });
    gateway.on(CreateUsagePlanKeyCommand).rejects(conflict());
    await expect(plans().enrol(key, 'acme--key_1', 'Budgets-1000rps-2000burst', { requestsPerSecond: 1000, burst: 2000 })).resolves.toBeUndefined();
    expect(gateway.commandCalls(CreateUsagePlanKeyCommand)[0]!.args[0].input.keyId).toBe('gk-1');
  });

  it('never creates the default plan, which the stack owns: a missing one is a deployment under way', async () => {
    gateway.on(GetUsagePlansCommand).resolves({ items: [] });
    await expect(plans().enrol(key, 'acme--a', 'Budgets-1000rps-2000burst', { requestsPerSecond: 1000, burst: 2000 })).rejects.toThrow(/not deployed/);
    expect(gateway.commandCalls(CreateUsagePlanCommand)).toHaveLength(0);
  });

  it('is configured only where the stack says so', () => {
    expect(usagePlansFromEnv({})).toBeUndefined();
    expect(usagePlansFromEnv({ USAGE_PLAN_API_ID: 'a', USAGE_PLAN_STAGE: 'prod', USAGE_PLAN_PREFIX: 'B' })).toBeInstanceOf(ApiGatewayUsagePlans);
  });
});

describe('enrolment on first use', () => {
  it('enrols a key once, records it, and enrols it again only if the record is missing', async () => {
    const enrolled: string[] = [];
    const marked: string[] = [];
    const store = { markEnrolled: async (_: ApiKeyRecord, plan: string) => void marked.push(plan) } as unknown as AccessStore;
    const service = new AccessService(store, Date.now, {
      planFor: (limit) => `P-${limit.requestsPerSecond}`,
      enrol: async (_key, usageIdentifier, plan) => void enrolled.push(`${usageIdentifier}@${plan}`),
    });
    expect(await service.usageIdentifier(key)).toBe(usageIdentifierOf(key));
    expect(await service.usageIdentifier({ ...key, usagePlan: 'P-1000' })).toBe(usageIdentifierOf(key));
    await service.usageIdentifier({ ...key, rateLimit: { requestsPerSecond: 5, burst: 5 }, usagePlan: 'P-1000' });
    expect(enrolled).toEqual([`${usageIdentifierOf(key)}@P-1000`, `${usageIdentifierOf(key)}@P-5`]);
    expect(marked).toEqual(['P-1000', 'P-5']);
    expect(await new AccessService(store).usageIdentifier(key)).toBe('acme--key_01M86FYZ80BWGXGPRBPZ6WHKJS');
  });
});
