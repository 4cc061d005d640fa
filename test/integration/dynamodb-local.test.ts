import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localDynamoDbClientConfig, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 20, minDelay: 1 }, { TableName: tableName });
}

async function getValue(client: DynamoDBClient, tableName: string, pk: string): Promise<string | undefined> {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return Item?.value?.S;
}

describe('DynamoDB Local', () => {
  it('the shared instance from global setup takes a table, a put and a get', async () => {
    const client = new DynamoDBClient(localDynamoDbClientConfig(inject('dynamoEndpoint')));
    try {
      const tableName = `dynamodb-local-test-${randomUUID()}`;
      await createTable(client, tableName);
      await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'k1' }, value: { S: 'hello' } } }));
      expect(await getValue(client, tableName, 'k1')).toBe('hello');
      expect(await getValue(client, tableName, 'missing')).toBeUndefined();
    } finally {
      client.destroy();
    }
  });

  describe('an instance with a data directory', () => {
    const started: DynamoDbLocal[] = [];
    let dataDir: string | undefined;

    afterAll(async () => {
      await Promise.all(started.map((instance) => instance.stop()));
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    async function start(): Promise<DynamoDbLocal> {
      const instance = await startDynamoDbLocal({ dataDir: join(dataDir!, 'db') }); // 'db' does not exist yet
      started.push(instance);
      return instance;
    }

    it('keeps data across a restart and leaves no Java process behind', async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'dynamodb-local-test-'));
      const tableName = 'persisted';

      const first = await start();
      expect(first.endpoint).toBe(`http://127.0.0.1:${first.port}`);
      expect(isAlive(first.pid)).toBe(true);
      const firstClient = new DynamoDBClient(localDynamoDbClientConfig(first.endpoint));
      try {
        await createTable(firstClient, tableName);
        await firstClient.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'k1' }, value: { S: 'kept' } } }));
      } finally {
        firstClient.destroy();
      }
      await first.stop();
      await first.stop(); // idempotent
      expect(isAlive(first.pid)).toBe(false);
      expect(isAlive(first.watchdogPid)).toBe(false);

      const second = await start();
      const secondClient = new DynamoDBClient(localDynamoDbClientConfig(second.endpoint));
      try {
        expect(await getValue(secondClient, tableName, 'k1')).toBe('kept');
      } finally {
        secondClient.destroy();
      }
      await second.stop();
      expect(isAlive(second.pid)).toBe(false);
      expect(isAlive(second.watchdogPid)).toBe(false);
    });
  });
});
