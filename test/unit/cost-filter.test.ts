import { describe, expect, it } from 'vitest';
import { filterKey, matchesFocusRow } from '../../shared/domain/costs/filter.js';

const row = { serviceName: 'Amazon Bedrock', subAccountId: '123456789012', regionId: 'us-east-1', tags: { team: 'ml', env: 'prod' } };

describe('matchesFocusRow', () => {
  it('needs every dimension given (AND) and any value within one (OR)', () => {
    expect(matchesFocusRow({ services: ['Amazon Bedrock', 'AWS Lambda'] }, row)).toBe(true);
    expect(matchesFocusRow({ services: ['AWS Lambda'] }, row)).toBe(false);
    expect(matchesFocusRow({ services: ['Amazon Bedrock'], regions: ['eu-west-1'] }, row)).toBe(false);
    expect(matchesFocusRow({ services: ['Amazon Bedrock'], accounts: ['123456789012'], regions: ['us-east-1'] }, row)).toBe(true);
  });

  it('matches tags by key and value, each tag key being a dimension of its own', () => {
    expect(matchesFocusRow({ tags: { team: ['ml', 'data'] } }, row)).toBe(true);
    expect(matchesFocusRow({ tags: { team: ['ml'], env: ['dev'] } }, row)).toBe(false);
    expect(matchesFocusRow({ tags: { owner: ['ml'] } }, row)).toBe(false);
    // Values are compared exactly: case matters, as in Cost Explorer's EQUALS.
    expect(matchesFocusRow({ tags: { team: ['ML'] } }, row)).toBe(false);
  });
});

describe('filterKey', () => {
  it('names a filter the same whatever the order of its keys and values', () => {
    expect(filterKey({ services: ['b', 'a'], tags: { y: ['2', '1'], x: ['0'] } })).toBe(filterKey({ tags: { x: ['0'], y: ['1', '2'] }, services: ['a', 'b'] }));
    expect(filterKey({ services: ['a'] })).not.toBe(filterKey({ regions: ['a'] }));
  });
});
