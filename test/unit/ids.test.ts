import { describe, expect, it } from 'vitest';
import { sortableId } from '../../shared/domain/common/ids.js';

describe('sortableId', () => {
  it('sorts by time, and keeps order within one millisecond', () => {
    const ids = [sortableId('led', 1000), sortableId('led', 1000), sortableId('led', 1000), sortableId('led', 1001)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^led_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
