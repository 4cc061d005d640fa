import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/common/errors.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';

/**
 * Pagination cursors: opaque and tamper-proof. A cursor is the position to resume from,
 * bound to the tenant and the query it came from, and signed with HMAC-SHA256. A cursor
 * that was altered, forged, or replayed by another tenant or for another query is a 400.
 *
 * The signing key lives in the table itself (a system item created on first use), so the
 * local server, the tests and every Lambda share it without a secret store.
 */

type Position = Record<string, string>;

interface CursorPayload {
  tenantId: string;
  query: string;
  position: Position;
}

const signingKeys = new WeakMap<TableContext, Promise<Buffer>>();

async function loadOrCreateSigningKey(table: TableContext): Promise<Buffer> {
  const Key = { pk: keys.systemPk('cursor-signing-key'), sk: keys.systemSk() };
  const existing = await table.client.send(new GetCommand({ TableName: table.tableName, Key, ConsistentRead: true }));
  if (typeof existing.Item?.secret === 'string') return Buffer.from(existing.Item.secret, 'base64');
  const secret = randomBytes(32).toString('base64');
  try {
    await table.client.send(new PutCommand({
      TableName: table.tableName,
      Item: { ...Key, secret },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return Buffer.from(secret, 'base64');
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return loadOrCreateSigningKey(table);
  }
}

function signingKey(table: TableContext): Promise<Buffer> {
  let key = signingKeys.get(table);
  if (!key) {
    key = loadOrCreateSigningKey(table);
    key.catch(() => signingKeys.delete(table));
    signingKeys.set(table, key);
  }
  return key;
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

export async function encodeCursor(table: TableContext, payload: CursorPayload): Promise<string> {
  const body = Buffer.from(JSON.stringify([payload.tenantId, payload.query, payload.position])).toString('base64url');
  return `${body}.${mac(await signingKey(table), body).toString('base64url')}`;
}

const invalidCursor = () => new ValidationError([{ pointer: '/query/cursor', detail: 'is not a cursor this query issued' }]);

/** Returns the position to resume from, or throws 400 for anything this tenant and query did not issue. */
export async function decodeCursor(table: TableContext, cursor: string, expected: { tenantId: string; query: string }): Promise<Position> {
  const [body, signature, extra] = cursor.split('.');
  if (!body || !signature || extra !== undefined) throw invalidCursor();
  const expectedMac = mac(await signingKey(table), body);
  const givenMac = Buffer.from(signature, 'base64url');
  if (givenMac.length !== expectedMac.length || !timingSafeEqual(givenMac, expectedMac)) throw invalidCursor();
  const [tenantId, query, position] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, Position];
  if (tenantId !== expected.tenantId || query !== expected.query) throw invalidCursor();
  return position;
}
