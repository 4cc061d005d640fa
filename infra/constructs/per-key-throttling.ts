import { Stack } from 'aws-cdk-lib';
import { UsagePlan, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_RATE_LIMIT, usagePlanNameOf } from '../../shared/domain/access/api-keys.js';
import type { BudgetFunction } from './budget-function.js';

export interface PerKeyThrottlingProps {
  /** The API, with API key source AUTHORIZER and `apiKeyRequired` on every keyed method. */
  api: RestApi;
  /** The authorizer, which names each key's usage identifier and enrols keys on first use. */
  authorizer: BudgetFunction;
  /** The stage's name as a literal: the authorizer cannot depend on the stage, which depends on it. */
  stageName: string;
}

/**
 * Per-key rate limits (API.md "Rate limits") with API Gateway usage plans: the default plan
 * (1,000 requests/s, burst 2,000) is created here; the authorizer puts each key in the plan
 * of its limit on first use, creating a plan for a limit not seen before (named by its
 * limit, so keys with the same limit share it). Each key is metered on its own, so one
 * tenant's traffic never throttles another's.
 */
export class PerKeyThrottling extends Construct {
  readonly defaultPlan: UsagePlan;
  readonly planPrefix: string;

  constructor(scope: Construct, id: string, props: PerKeyThrottlingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.planPrefix = stack.stackName;
    this.defaultPlan = new UsagePlan(this, 'DefaultPlan', {
      name: usagePlanNameOf(DEFAULT_RATE_LIMIT, this.planPrefix),
      description: 'Budget service keys without a rate limit of their own: 1,000 requests/s, burst 2,000, each key on its own',
      throttle: { rateLimit: DEFAULT_RATE_LIMIT.requestsPerSecond, burstLimit: DEFAULT_RATE_LIMIT.burst },
      apiStages: [{ api: props.api, stage: props.api.deploymentStage }],
    });

    const fn = props.authorizer.fn;
    fn.addEnvironment('USAGE_PLAN_API_ID', props.api.restApiId);
    fn.addEnvironment('USAGE_PLAN_STAGE', props.stageName);
    fn.addEnvironment('USAGE_PLAN_PREFIX', this.planPrefix);
    const apigateway = (path: string) => `arn:${stack.partition}:apigateway:${stack.region}::${path}`;
    fn.addToRolePolicy(new PolicyStatement({
      actions: ['apigateway:GET', 'apigateway:POST'],
      resources: [
        apigateway('/usageplans'), apigateway('/usageplans/*'), apigateway('/apikeys'), apigateway('/apikeys/*'),
        apigateway(`/restapis/${props.api.restApiId}/stages/${props.stageName}`),
      ],
    }));
  }
}
