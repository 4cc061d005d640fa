import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BudgetServiceStack } from './budget-stack.js';

const app = new App();
new BudgetServiceStack(app, 'BudgetService', {
  env: process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined,
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
