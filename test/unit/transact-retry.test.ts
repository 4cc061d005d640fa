import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { TableContext } from '../../shared/adapters/dynamodb/client.js';
import { TransactionCancelled, transactWrite } from '../../shared/adapters/dynamodb/transact.js';

/** A table whose client answers each TransactWriteItems with the next of `answers` (a list of reason codes, or success). */
function scripted(answers: Array<string[] | 'ok'>): { table: TableContext; calls: () => number } {
  let calls = 0;
  const client = {
    send: async () => {
      const answer = answers[calls++] ?? 'ok';
      if (answer === 'ok') return {};
      throw new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: answer.map((Code) => ({ Code })) });
    },
  };
  return { table: { tableName: 't', client: client as unknown as TableContext['client'] }, calls: () => calls };
}

describe('transactWrite retries', () => {
  it.each([
    ['a conflict', ['TransactionConflict', 'None']],
    ['throttling', ['None', 'ThrottlingError']],
    ['exceeded provisioned throughput', ['ProvisionedThroughputExceeded', 'None']],
    ['throttling and a conflict together', ['ThrottlingError', 'TransactionConflict']],
  ])('%s, then succeeds', async (_, reasons) => {
    const { table, calls } = scripted([reasons, reasons, 'ok']);
    await transactWrite(table, []);
    expect(calls()).toBe(3);
  });

  it('never a failed condition, even with throttling on another item', async () => {
    const { table, calls } = scripted([['ConditionalCheckFailed', 'ThrottlingError'], 'ok']);
    const error = await transactWrite(table, []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionCancelled);
    expect((error as TransactionCancelled).failedCondition(0)).toBe(true);
    expect(calls()).toBe(1);
  });

  it('gives up after a bounded number of attempts', async () => {
    const { table, calls } = scripted(Array.from({ length: 20 }, () => ['ThrottlingError']));
    await expect(transactWrite(table, [])).rejects.toBeInstanceOf(TransactionCancelled);
    expect(calls()).toBe(5);
  });
});
