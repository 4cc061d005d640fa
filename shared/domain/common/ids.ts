import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTimeMs = -1;
let lastRandom: number[] = [];

/** 16 random base-32 digits; within one millisecond, the previous ones plus one (monotonic). */
function randomDigits(nowMs: number): number[] {
  if (nowMs === lastTimeMs) {
    const next = [...lastRandom];
    for (let i = next.length - 1; i >= 0; i--) {
      next[i] = (next[i]! + 1) % 32;
      if (next[i] !== 0) break;
    }
    lastRandom = next;
    return next;
  }
  lastTimeMs = nowMs;
  lastRandom = [...randomBytes(16)].map((byte) => byte % 32);
  return lastRandom;
}

/**
 * A ULID-style id: 10 characters of millisecond time, then 16 of randomness, so ids of
 * one kind sort by creation time (lists are oldest first without a second index). Ids made
 * in the same millisecond by one process keep their order, so the entries of one movement
 * (a charge and the release of its rest) list in the order they were written.
 */
export function sortableId(prefix: string, nowMs: number = Date.now()): string {
  return `${sortableIdTime(prefix, nowMs)}${randomDigits(nowMs).map((digit) => CROCKFORD[digit]).join('')}`;
}

/**
 * The start every id of that kind made in that millisecond shares (prefix, `_`, 10 characters
 * of time): a range of ids by time. Pure: it leaves the same-millisecond order of new ids alone.
 */
export function sortableIdTime(prefix: string, ms: number): string {
  let time = '';
  let remaining = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return `${prefix}_${time}`;
}

export const newBudgetId = (nowMs?: number) => sortableId('bud', nowMs);
export const newApiKeyId = (nowMs?: number) => sortableId('key', nowMs);
export const newReservationId = (nowMs?: number) => sortableId('res', nowMs);
export const newLedgerEntryId = (nowMs?: number) => sortableId('led', nowMs);
export const newUsageId = (nowMs?: number) => sortableId('use', nowMs);
export const newApprovalId = (nowMs?: number) => sortableId('apr', nowMs);
export const newPrivacyRequestId = (nowMs?: number) => sortableId('prv', nowMs);
