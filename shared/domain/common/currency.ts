import { MAX_FRACTION_DIGITS } from './amount.js';

/**
 * ISO 4217 alphabetic currency codes: every code of List One ("current currency & funds",
 * table A.1) as published by the maintenance agency (SIX) on 2026-01-01, 178 codes. That
 * includes the funds codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) and the X-codes
 * (supranational currencies, precious metals, bond-market units, SDR, XTS, XXX).
 *
 * Kept static on purpose: `Intl.supportedValuesOf('currency')` also lists withdrawn codes
 * (ANG, CUC, HRK, SLL, ZWL, ...) and lacks funds codes, so it is only a test-time cross-check.
 * Recent changes: ANG → XCG (2025-03-31), ZWL → ZWG (2024), BGN withdrawn (Bulgaria on the
 * euro from 2026-01-01), XAD added (2025).
 */
const LIST_ONE = `
  AED AFN ALL AMD AOA ARS AUD AWG AZN
  BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
  CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK
  DJF DKK DOP DZD
  EGP ERN ETB EUR
  FJD FKP
  GBP GEL GHS GIP GMD GNF GTQ GYD
  HKD HNL HTG HUF
  IDR ILS INR IQD IRR ISK
  JMD JOD JPY
  KES KGS KHR KMF KPW KRW KWD KYD KZT
  LAK LBP LKR LRD LSL LYD
  MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN
  NAD NGN NIO NOK NPR NZD
  OMR
  PAB PEN PGK PHP PKR PLN PYG
  QAR
  RON RSD RUB RWF
  SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL
  THB TJS TMT TND TOP TRY TTD TWD TZS
  UAH UGX USD USN UYI UYU UYW UZS
  VED VES VND VUV
  WST
  XAD XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX
  YER
  ZAR ZMW ZWG
`;

export const CURRENCY_CODES: ReadonlySet<string> = new Set(LIST_ONE.trim().split(/\s+/));

/** True for a current ISO 4217 code, written exactly as ISO does (`USD`, not `usd`). */
export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODES.has(code);
}

/** List One's minor units ("CcyMnrUnts", 2026-01-01) for every code that has other than 2. */
const MINOR_UNITS_0 = new Set('BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' '));
const MINOR_UNITS_3 = new Set('BHD IQD JOD KWD LYD OMR TND'.split(' '));
const MINOR_UNITS_4 = new Set('CLF UYW'.split(' '));
/**
 * Codes whose minor unit List One gives as "N.A.": precious metals, bond-market units, SDR,
 * SUCRE, the ADB unit, XTS and XXX. They have no smallest coin, so nothing is to be rounded
 * away: they get our own smallest unit, the micro, and splits stay as fine as the amounts.
 */
const MINOR_UNITS_NOT_APPLICABLE = new Set('XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '));

/**
 * How many decimals a code's minor unit has (ISO 4217's exponent): 2 for USD (cents), 0 for
 * JPY, 3 for KWD, and 6 (the micro) where ISO has none. Not `Intl`'s digits: CLDR has its own
 * figures for a dozen codes (0 for IQD, HUF, IDR, ...), and 2 for codes it does not know.
 * Throws on a code outside List One: callers validate with {@link isCurrencyCode} first.
 */
export function minorUnitDigits(code: string): number {
  if (!CURRENCY_CODES.has(code)) throw new RangeError(`not an ISO 4217 code: ${code}`);
  if (MINOR_UNITS_0.has(code)) return 0;
  if (MINOR_UNITS_3.has(code)) return 3;
  if (MINOR_UNITS_4.has(code)) return 4;
  if (MINOR_UNITS_NOT_APPLICABLE.has(code)) return MAX_FRACTION_DIGITS;
  return 2;
}
