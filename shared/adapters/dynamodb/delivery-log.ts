import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryLog } from '../../notifications/ports.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';

/** Delivery records outlive any redelivery: Lambda's async retries last 6 h, a stream keeps 24 h. */
const DELIVERY_RECORD_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Which events were delivered, as conditional writes: of racing claims one wins, the others
 * see it (no read-then-write race). TTL only cleans up; the lease is enforced by the condition.
 */
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
        // New, or claimed by a delivery whose lease ran out (it crashed): take it over.
        ConditionExpression: 'attribute_not_exists(pk) OR (#state <> :delivered AND leaseUntilMs < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':delivered': 'delivered', ':now': nowMs },
      }));
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: this.key(tenantId, eventId), ConsistentRead: true }));
    // Gone by now (abandoned in between) also answers busy: the caller retries later rather than race.
    return Item?.state === 'delivered' ? 'delivered' : 'busy';
  }

  async markDelivered(tenantId: string, eventId: string, nowMs: number): Promise<void> {
    // Sets every attribute, not only the state: should the item be gone (a delivery whose lease
    // ran out abandoned it), this write recreates it whole, TTL included.
    await this.table.client.send(new UpdateCommand({
      TableName: this.table.tableName,
      Key: this.key(tenantId, eventId),
      UpdateExpression: 'SET #state = :delivered, deliveredAtMs = :now, entity = :entity, tenantId = :tenantId, eventId = :eventId, #ttl = :ttl',
      ExpressionAttributeNames: { '#state': 'state', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':delivered': 'delivered', ':now': nowMs, ':entity': 'delivery', ':tenantId': tenantId, ':eventId': eventId,
        ':ttl': Math.floor(nowMs / 1000) + DELIVERY_RECORD_TTL_SECONDS,
      },
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
      // Delivered meanwhile (by a delivery that took over the lease): that record must stay.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
