import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, isCurrencyCode } from '../../shared/domain/common/currency.js';

/** In Node's ICU list but withdrawn from ISO 4217 List One. */
const WITHDRAWN = new Set(['ANG', 'BGN', 'CUC', 'HRK', 'SLL', 'VEF', 'ZWL']);
/** In List One but not (yet) in Node's ICU list: funds, X-codes and codes newer than the ICU data. */
const NOT_IN_ICU = /^(?:X..|BOV|CHE|CHW|CLF|COU|MXV|USN|UYI|UYW|VED)$/;

describe('isCurrencyCode', () => {
  it.each(['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'INR', 'KWD', 'XCG', 'ZWG', 'SLE', 'VED', 'VES', 'MRU', 'STN'])(
    'accepts the currency %s',
    (code) => {
      expect(isCurrencyCode(code)).toBe(true);
    },
  );

  it.each(['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW'])('accepts the funds code %s', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(['XAF', 'XOF', 'XPF', 'XCD', 'XDR', 'XAD', 'XAG', 'XAU', 'XPD', 'XPT', 'XSU', 'XUA', 'XBA', 'XBB', 'XBC', 'XBD', 'XTS', 'XXX'])(
    'accepts the X-code %s',
    (code) => {
      expect(isCurrencyCode(code)).toBe(true);
    },
  );

  it.each(['usd', 'Usd', 'ABC', 'US', 'USDX', '', ' USD', 'USD ', 'U$D', '840'])('refuses %j, which is not a code', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });

  it.each(['ANG', 'BGN', 'CUC', 'HRK', 'SLL', 'ZWL', 'DEM', 'FRF', 'VEF', 'XEU'])('refuses the withdrawn code %s', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });
});

describe('CURRENCY_CODES', () => {
  it('holds the 178 codes of ISO 4217 List One (2026-01-01)', () => {
    expect(CURRENCY_CODES.size).toBe(178);
  });

  it('holds only three-letter uppercase codes', () => {
    for (const code of CURRENCY_CODES) expect(code).toMatch(/^[A-Z]{3}$/);
  });

  it("agrees with Node's ICU list except for withdrawn codes, funds and X-codes", () => {
    const icu = new Set(Intl.supportedValuesOf('currency'));
    const onlyInIcu = [...icu].filter((code) => !CURRENCY_CODES.has(code));
    const onlyHere = [...CURRENCY_CODES].filter((code) => !icu.has(code));
    expect(onlyInIcu.filter((code) => !WITHDRAWN.has(code))).toEqual([]);
    expect(onlyHere.filter((code) => !NOT_IN_ICU.test(code))).toEqual([]);
  });
});
