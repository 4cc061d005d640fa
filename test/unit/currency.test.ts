import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, isCurrencyCode, minorUnitDigits } from '../../shared/domain/common/currency.js';

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

describe('minorUnitDigits', () => {
  /** List One (2026-01-01), "CcyMnrUnts": every code whose minor unit is not 2. */
  const ZERO = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
  const THREE = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
  const FOUR = ['CLF', 'UYW'];
  const NOT_APPLICABLE = ['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX'];
  /**
   * Where CLDR (Node's ICU data) disagrees with ISO: 0 digits for currencies ISO gives 2 (or
   * IQD's 3), as CLDR has them. ICU gives unknown codes (the "N.A." ones) its default of 2.
   */
  const CLDR_DIFFERS = new Set(['AFN', 'ALL', 'COP', 'HUF', 'IDR', 'IQD', 'IRR', 'KPW', 'LAK', 'LBP', 'MGA', 'MMK', 'PKR', 'SOS', 'SYP', 'YER']);
  const icuDigits = (currency: string): number | undefined =>
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;

  it.each(ZERO)('is 0 for %s', (code) => expect(minorUnitDigits(code)).toBe(0));
  it.each(THREE)('is 3 for %s', (code) => expect(minorUnitDigits(code)).toBe(3));
  it.each(FOUR)('is 4 for %s', (code) => expect(minorUnitDigits(code)).toBe(4));
  it.each(NOT_APPLICABLE)('is 6, the micro, for %s, whose minor unit ISO gives as N.A.', (code) => expect(minorUnitDigits(code)).toBe(6));

  it('is 2 for every other code of List One, the Arab Accounting Dinar (XAD) among them', () => {
    const others = [...CURRENCY_CODES].filter((code) => ![...ZERO, ...THREE, ...FOUR, ...NOT_APPLICABLE].includes(code));
    expect(others).toHaveLength(178 - 17 - 7 - 2 - 13);
    expect(others).toEqual(expect.arrayContaining(['USD', 'EUR', 'GBP', 'XAD', 'XCD', 'XCG', 'ZWG', 'BOV', 'MXV']));
    for (const code of others) expect(minorUnitDigits(code)).toBe(2);
  });

  it("agrees with Node's ICU for every code but the known CLDR differences and the N.A. codes", () => {
    const disagreeing = [...CURRENCY_CODES]
      .filter((code) => !CLDR_DIFFERS.has(code) && !NOT_APPLICABLE.includes(code))
      .filter((code) => minorUnitDigits(code) !== icuDigits(code));
    expect(disagreeing).toEqual([]);
  });

  it('refuses a code outside List One', () => {
    expect(() => minorUnitDigits('usd')).toThrow(RangeError);
    expect(() => minorUnitDigits('HRK')).toThrow(RangeError);
  });
});
