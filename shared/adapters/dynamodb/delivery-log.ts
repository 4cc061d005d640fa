import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryLog } from '../../notifications/ports.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';

/** Delivery records outlive any redelivery: SNS retries for hours, a stream keeps 24 h. */
const DELIVERY_RECORD_TTL_SECONDS = 7 * 24 * 3600;

/** Which events were delivered, as conditional writes: one claim wins, the others see it. */
export class DynamoDeliveryLog implements DeliveryLog {
  constructor(private readonly table: TableContext) {}

  private key(tenantId: string, eventId: string) {
    return { pk: keys.deliveryPk(tenantId, eventId), sk: keys.deliverySk() };
  }

  async claim(tenantId: string, eventId: string, leaseMs: number, nowMs: number): Promise<'claimed' | 'delivered' | 'busy'> {
    try {
      await this.table.client.send(new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...this.key(tenantId, eventId), entity: 'delivery', tenantId, eventId, state: 'claimed', leaseUntilMs: nowMs + leaseMs,
          ttl: Math.floor(nowMs / 1000) + DELIVERY_RECORD_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state <> :delivered AND leaseUntilMs < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':delivered': 'delivered', ':now': nowMs },
      }));
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: this.key(tenantId, eventId), ConsistentRead: true }));
    return Item?.state === 'delivered' ? 'delivered' : 'busy';
  }

  async markDelivered(tenantId: string, eventId: string, nowMs: number): Promise<void> {
    await this.table.client.send(new UpdateCommand({
      TableName: this.table.tableName,
      Key: this.key(tenantId, eventId),
      UpdateExpression: 'SET #state = :delivered, deliveredAtMs = :now',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':delivered': 'delivered', ':now': nowMs },
    }));
  }

  async abandon(tenantId: string, eventId: string): Promise<void> {
    try {
      await this.table.client.send(new DeleteCommand({
        TableName: this.table.tableName,
        Key: this.key(tenantId, eventId),
        ConditionExpression: '#state <> :delivered',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':delivered': 'delivered' },
      }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
