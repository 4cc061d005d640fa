import { ConditionalCheckFailedException, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '../../observability/tracer.js';

/**
 * Numbers beyond 2^53 (micro-unit counters can reach 10^18) come back as `bigint`;
 * everything else as a plain number. Money code reads both through `toMicros`.
 */
export function readNumber(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) || !/^-?\d+$/.test(text) ? value : BigInt(text);
}

/** `configure` may add middleware to the low-level client (tests inject faults this way). */
export function createDocumentClient(config: DynamoDBClientConfig = {}, configure?: (client: DynamoDBClient) => void): DynamoDBDocumentClient {
  const client = new DynamoDBClient(config);
  configure?.(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: readNumber },
  });
}

/** DynamoDB's own limits, named where the stores chunk and page by them. */
export const DYNAMODB_LIMITS = {
  /** Keys one BatchGetItem may ask for. */
  batchGetKeys: 100,
  /** Items one TransactWriteItems may carry. */
  transactItems: 100,
} as const;

export interface TableContext {
  client: DynamoDBDocumentClient;
  tableName: string;
}

let defaultContext: TableContext | undefined;

/**
 * The table a Lambda function talks to: `TABLE_NAME`, and `DYNAMODB_ENDPOINT` when
 * running against DynamoDB Local. Created once per execution environment; its calls are
 * X-Ray subsegments in Lambda (the document client shares the traced client's middleware).
 */
export function tableContextFromEnv(): TableContext {
  if (!defaultContext) {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) throw new Error('TABLE_NAME is not set');
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    defaultContext = {
      tableName,
      client: createDocumentClient(
        endpoint
          ? { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
          : {},
        traced,
      ),
    };
  }
  return defaultContext;
}

/** Runs one conditional write: false when its condition did not hold (an answer, not a failure). */
export async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
