import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/common/errors.js';
import { refuseOversized } from '../../shared/http/response-size.js';

describe('refuseOversized', () => {
  it('passes an answer within the limit and refuses a larger one, JSON or text, with what to ask instead', () => {
    const small = { status: 200, body: { items: ['a'] } };
    expect(refuseOversized(small, 'the roll-up', 'narrow it', '/query', 100)).toBe(small);
    const big = { status: 200, body: { items: ['é'.repeat(60)] } };
    expect(() => refuseOversized(big, 'the roll-up of 1 budgets', 'narrow it with scopeType', '/query', 100)).toThrow(ValidationError);
    try {
      refuseOversized({ status: 200, text: 'x'.repeat(101), headers: { 'Content-Type': 'text/csv' } }, 'the CSV', 'narrow it', '/query', 100);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors[0]?.detail).toMatch(/^the CSV is 0\.0 MB, more than one answer can carry .*; narrow it$/);
    }
  });
});
