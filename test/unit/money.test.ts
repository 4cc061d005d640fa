import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount, parseProviderAmount, toMicros, tryParseAmount } from '../../shared/domain/common/amount.js';

describe('parseAmount', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(parseAmount('0.1') + parseAmount('0.2')).toBe(parseAmount('0.3'));
    expect(formatAmount(parseAmount('0.1') + parseAmount('0.2'))).toBe('0.3');
  });

  it.each([
    ['0', 0n],
    ['12.5', 12_500_000n],
    ['0.000125', 125n],
    ['999999999999.999999', 999_999_999_999_999_999n],
    ['1000000000000', 1_000_000_000_000_000_000n],
    ['007.10', 7_100_000n],
  ])('reads %s as %s micro-units', (text, micros) => {
    expect(parseAmount(text)).toBe(micros);
  });

  it.each([
    ['', 'decimal number'],
    ['1e3', 'decimal number'],
    ['.5', 'decimal number'],
    ['5.', 'decimal number'],
    ['+5', 'decimal number'],
    [' 5', 'decimal number'],
    ['1,5', 'decimal number'],
    ['NaN', 'decimal number'],
    ['1.0000001', 'at most 6 digits'],
    ['-1', 'negative'],
    ['1000000000000.000001', 'exceed'],
  ])('refuses %j', (text, reason) => {
    const result = tryParseAmount(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('accepts a sign only where allowed', () => {
    expect(parseAmount('-50', { allowNegative: true })).toBe(-50_000_000n);
    expect(() => parseAmount('-50')).toThrow(RangeError);
  });

  it('stays exact near 10^12 where floating point would not', () => {
    const big = parseAmount('999999999999.999999');
    expect(formatAmount(big + parseAmount('0.000001'))).toBe('1000000000000');
  });
});

describe('formatAmount', () => {
  it.each([
    [0n, '0'],
    [12_500_000n, '12.5'],
    [125n, '0.000125'],
    [-30_000_000n, '-30'],
    [-1n, '-0.000001'],
    [1_000_000_000_000_000_000n, '1000000000000'],
  ])('renders %s as %s', (micros, text) => {
    expect(formatAmount(micros)).toBe(text);
  });

  it('round-trips every rendering', () => {
    for (const text of ['0', '1', '0.1', '12.345678', '999999999999.999999']) expect(formatAmount(parseAmount(text))).toBe(text);
  });
});

describe('toMicros', () => {
  it('reads stored numbers, bigints and numeric strings exactly', () => {
    expect(toMicros(125)).toBe(125n);
    expect(toMicros(999_999_999_999_999_999n)).toBe(999_999_999_999_999_999n);
    expect(toMicros('999999999999999999')).toBe(999_999_999_999_999_999n);
  });

  it('refuses anything that is not an integer', () => {
    expect(() => toMicros(1.5)).toThrow(TypeError);
    expect(() => toMicros(undefined)).toThrow(TypeError);
  });
});

describe('parseProviderAmount', () => {
  it.each([
    ['12.5', 12_500_000n],
    ['0.0000001234', 0n],
    ['0.0000005', 1n],
    ['-0.0000005', -1n],
    ['0.00000049999', 0n],
    ['1.2345675', 1_234_568n],
    ['1.2E-7', 0n],
    ['5E-7', 1n],
    ['1.5e3', 1_500_000_000n],
    ['+3', 3_000_000n],
    ['.25', 250_000n],
    ['7.', 7_000_000n],
    ['  42.000001  ', 42_000_001n],
  ])('reads %s as %s micro-units, rounding half away from zero', (text, micros) => {
    expect(parseProviderAmount(text)).toBe(micros);
  });

  it.each(['', '.', 'abc', '1,5', '1e', '--1', '1e999', '1e13'])('refuses %j', (text) => {
    expect(parseProviderAmount(text)).toBeNull();
  });
});
