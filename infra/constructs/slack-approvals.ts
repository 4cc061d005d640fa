import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { BudgetFunction } from './budget-function.js';

/**
 * Slack approvals: the signing secret of the Slack app, which the integrations function
 * reads (once per execution environment) to verify Slack's interaction callbacks.
 */
export class SlackApprovals extends Construct {
  readonly signingSecret: Secret;

  constructor(scope: Construct, id: string, props: { integrations: BudgetFunction }) {
    super(scope, id);
    this.signingSecret = new Secret(this, 'SlackSigningSecret', {
      description: 'Budget service: the Slack app\'s signing secret (Basic Information > App Credentials). Replace the generated placeholder.',
      generateSecretString: { excludePunctuation: true, passwordLength: 32 },
    });
    props.integrations.fn.addEnvironment('SLACK_SIGNING_SECRET_ARN', this.signingSecret.secretArn);
    this.signingSecret.grantRead(props.integrations.fn);
  }
}
