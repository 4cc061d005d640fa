import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-style id: 10 characters of millisecond time, then 16 of randomness, so ids of
 * one kind sort by creation time (lists are oldest first without a second index).
 */
export function sortableId(prefix: string, nowMs: number = Date.now()): string {
  let time = '';
  let remaining = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[(random[i] as number) % 32];
  return `${prefix}_${time}${tail}`;
}

export const newBudgetId = (nowMs?: number) => sortableId('bud', nowMs);
export const newApiKeyId = (nowMs?: number) => sortableId('key', nowMs);
export const newReservationId = (nowMs?: number) => sortableId('res', nowMs);
export const newLedgerEntryId = (nowMs?: number) => sortableId('led', nowMs);
export const newUsageId = (nowMs?: number) => sortableId('use', nowMs);
