import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { slackSigningSecret } from '../../functions/api/integrations.js';
import { secretFromEnv } from '../../shared/adapters/secrets-manager/secret-from-env.js';

const secretsManager = mockClient(SecretsManagerClient);

beforeEach(() => {
  secretsManager.reset();
  delete process.env.SLACK_SIGNING_SECRET;
  delete process.env.SLACK_SIGNING_SECRET_ARN;
});
afterAll(() => secretsManager.restore());

describe('the Slack signing secret', () => {
  it('is none when neither SLACK_SIGNING_SECRET nor SLACK_SIGNING_SECRET_ARN is set (the route then answers 401)', async () => {
    expect(await slackSigningSecret()).toBeUndefined();
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('is SLACK_SIGNING_SECRET under npm start, without asking Secrets Manager', async () => {
    process.env.SLACK_SIGNING_SECRET = 'local-secret';
    process.env.SLACK_SIGNING_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack';
    expect(await slackSigningSecret()).toBe('local-secret');
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('retries a failed read on the next request, then reads the secret once per execution environment', async () => {
    process.env.SLACK_SIGNING_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack';
    secretsManager.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: '{ "signingSecret": "from-aws" }' });
    await expect(slackSigningSecret()).rejects.toThrow('throttled');
    expect(await slackSigningSecret()).toBe('from-aws');
    expect(await slackSigningSecret()).toBe('from-aws');
    expect(secretsManager.commandCalls(GetSecretValueCommand, { SecretId: process.env.SLACK_SIGNING_SECRET_ARN })).toHaveLength(2);
  });

  it('is read again once five minutes old, so a secret replaced by the operator takes effect without a redeploy', async () => {
    process.env.SLACK_SIGNING_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack';
    secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'placeholder' }).resolves({ SecretString: 'pasted' });
    const clock = { nowMs: 0 };
    const secret = secretFromEnv({ valueVariable: 'SLACK_SIGNING_SECRET', arnVariable: 'SLACK_SIGNING_SECRET_ARN', field: 'signingSecret', nowMs: () => clock.nowMs });
    expect(await secret()).toBe('placeholder');
    clock.nowMs = 299_999;
    expect(await secret()).toBe('placeholder');
    clock.nowMs = 300_000;
    expect(await secret()).toBe('pasted');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
