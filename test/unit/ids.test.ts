import { describe, expect, it } from 'vitest';
import { sortableId, sortableIdTime } from '../../shared/domain/common/ids.js';

describe('sortableId', () => {
  it('sorts by time, and keeps order within one millisecond', () => {
    const ids = [sortableId('led', 1000), sortableId('led', 1000), sortableId('led', 1000), sortableId('led', 1001)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^led_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('gives the time start ids of a millisecond share, without disturbing the order of new ids', () => {
    expect(sortableIdTime('aud', 12)).toBe(sortableId('aud', 12).slice(0, 'aud_'.length + 10));
    const first = sortableId('aud', 5000);
    expect(sortableIdTime('aud', 12)).toBe('aud_000000000C');
    const second = sortableId('aud', 5000);
    expect(first.startsWith(sortableIdTime('aud', 5000))).toBe(true);
    expect(second > first).toBe(true);
  });
});
