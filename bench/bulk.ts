import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../shared/adapters/dynamodb/table.js';

/**
 * Runs a bulk load (tens of thousands of items written straight to the table) with the
 * table's stream off. DynamoDB Local looks its stream up on every write, at a cost that grows
 * with the records already in it, so a 100,000-item load with the stream on takes the best
 * part of an hour; in AWS the stream costs the writer nothing. Nothing reads the stream
 * during the benchmark (the server runs with POLL_STREAM=false), and it is on again after.
 */
export async function withStreamPaused<T>(client: DynamoDBDocumentClient, tableName: string, load: () => Promise<T>): Promise<T> {
  await setStream(client, tableName, false);
  try {
    return await load();
  } finally {
    await setStream(client, tableName, true);
  }
}

async function setStream(client: DynamoDBDocumentClient, tableName: string, enabled: boolean): Promise<void> {
  await client.send(new UpdateTableCommand({
    TableName: tableName,
    StreamSpecification: enabled ? { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType } : { StreamEnabled: false },
  }));
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.StreamSpecification?.StreamEnabled ?? false) === enabled) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
