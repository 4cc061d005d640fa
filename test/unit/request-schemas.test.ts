import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../shared/http/validation.js';
import { ValidationError } from '../../shared/domain/common/errors.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { ChargeBody, CheckBody, CreateAdjustmentBody, CreateReservationBody } from '../../shared/schemas/money.js';

/** The request schemas hand the domain its own types: amounts parsed once, into exact micro-units. */
function pointersOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((fieldError) => `${fieldError.pointer}: ${fieldError.detail}`);
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('request schemas', () => {
  it.each([
    ['0.1', 100_000n],
    ['12.5', 12_500_000n],
    ['999999999999.999999', 999_999_999_999_999_999n],
  ])('hands a reservation of "%s" on as %s micro-units', (amount, micros) => {
    expect(CreateReservationBody.parse({ amount })).toEqual({ amountMicros: micros, ttlSeconds: 900 });
  });

  it('keeps the sign of an adjustment and the absence of a charge amount', () => {
    expect(CreateAdjustmentBody.parse({ amount: '-50', reason: 'cut' }).amountMicros).toBe(-50_000_000n);
    expect(ChargeBody.parse({}).amountMicros).toBeUndefined();
  });

  it('reports a bad amount and the object\'s own rule in one answer', () => {
    expect(pointersOf(() => parseOrThrow(CheckBody, { amount: '1e3' }))).toEqual([
      '/amount: amount must be a decimal number such as "12.5" (digits, an optional point, no exponent)',
      ': name budgetIds or scopes',
    ]);
  });

  it('reports a bad category limit and duplicate category names together', () => {
    const body = {
      name: 'Wedding', scope: { type: 'project', id: 'w' }, currency: 'EUR', limit: '100', period: { type: 'monthly' },
      categories: [{ name: 'venue', limit: '-1' }, { name: 'venue', limit: '40' }],
    };
    expect(pointersOf(() => parseOrThrow(CreateBudgetBody, body))).toEqual([
      '/categories/0/limit: amount must not be negative',
      '/categories: category names must be unique',
    ]);
  });

  it('gives a new budget its defaults in domain form', () => {
    const draft = CreateBudgetBody.parse({ name: 'Team', scope: { type: 'team', id: 't' }, currency: 'USD', limit: '10', period: { type: 'monthly' } });
    expect(draft).toMatchObject({
      limitMicros: 10_000_000n, enforcement: 'hard', thresholds: [50, 75, 90, 100], rollover: { enabled: false, maxMicros: null },
      categories: [], tags: {}, description: null, parentId: null, period: { type: 'monthly', timezone: 'UTC' },
    });
  });
});
