import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one table definition: CDK (`infra/`), the local server and the tests all
 * build the table from this object, so the three can never drift apart.
 *
 * Single-table design; every partition key begins with the tenant (`T#<tenantId>`),
 * except the few system items (`SYS#…`). Secondary indexes are generic (`gsi1`, `gsi2`)
 * so new access patterns do not need a new index: see docs/data-model.md.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  /** Epoch seconds; TTL only cleans up, it never enforces expiry (DynamoDB deletes days late). */
  timeToLiveAttribute: 'ttl',
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/**
 * The two generic indexes, by name and key attributes, for the stores to query and to
 * key items by (what each serves is in docs/data-model.md).
 */
export const [GSI1, GSI2] = tableDefinition.globalSecondaryIndexes;

/**
 * The CreateTable input for DynamoDB Local (tests, `npm start`). `stream: false` is for tables
 * no stream consumer reads (tests that drive the domain directly): DynamoDB Local looks the
 * stream up on every write at a cost that grows with the records it holds.
 */
export function createTableInput(tableName: string, options: { stream?: boolean } = {}): CreateTableCommandInput {
  const keyNames = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    ...(options.stream !== false && { StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType } }),
  };
}
