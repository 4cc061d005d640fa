import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/common/ports.js';
import type { TableContext } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** Items DynamoDB reads per query call at least: a filtered page would otherwise take many small round trips. */
const MIN_ITEMS_PER_QUERY_CALL = 25;

export interface PagedQuery<T> {
  tenantId: string;
  /** What the cursor is bound to: a cursor issued for another query (or tenant) is refused. */
  queryIdentity: unknown;
  input: QueryCommandInput;
  parse: (item: Record<string, unknown>) => T | undefined;
  /** Filters DynamoDB cannot apply in the key condition. */
  keep?: (record: T) => boolean;
  /** Index key attributes needed to resume (base table keys are always kept). */
  indexKeys?: readonly string[];
  limit: number;
  cursor: string | undefined;
}

/**
 * One page of a query with extra filters. Reads one matching item ahead, so `nextCursor`
 * is null exactly on the last page, and resumes right after the last item returned, so
 * walking the cursors visits every item exactly once.
 */
export async function queryPage<T>(table: TableContext, query: PagedQuery<T>): Promise<Page<T>> {
  const identity = JSON.stringify(query.queryIdentity);
  let startKey: Record<string, unknown> | undefined = query.cursor
    ? await decodeCursor(table, query.cursor, { tenantId: query.tenantId, query: identity })
    : undefined;
  const matches: Array<{ record: T; position: Record<string, string> }> = [];
  do {
    const answer = await table.client.send(new QueryCommand({ ...query.input, ExclusiveStartKey: startKey, Limit: Math.max(query.limit + 1, MIN_ITEMS_PER_QUERY_CALL) }));
    for (const item of answer.Items ?? []) {
      const record = query.parse(item);
      if (record === undefined || (query.keep && !query.keep(record))) continue;
      const position: Record<string, string> = { pk: String(item.pk), sk: String(item.sk) };
      for (const name of query.indexKeys ?? []) position[name] = String(item[name]);
      matches.push({ record, position });
      if (matches.length > query.limit) break;
    }
    startKey = answer.LastEvaluatedKey;
  } while (startKey && matches.length <= query.limit);
  const items = matches.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((match) => match.record),
    nextCursor: matches.length > query.limit && last
      ? await encodeCursor(table, { tenantId: query.tenantId, query: identity, position: last.position })
      : null,
  };
}

/** Every item a query matches, in DynamoDB's own 1 MB pages (no cursor to hand out): for reads that need them all. */
export async function queryAll<T>(table: TableContext, input: QueryCommandInput, parse: (item: Record<string, unknown>) => T | undefined): Promise<T[]> {
  const found: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const parsed = parse(item);
      if (parsed !== undefined) found.push(parsed);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}
