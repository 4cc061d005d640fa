/**
 * Money is exact: integer micro-units (10^-6) held as `bigint`, decimal strings on
 * the wire, DynamoDB numbers at rest. No floating point ever touches an amount.
 *
 * @example
 * parseAmount('0.1') + parseAmount('0.2') === parseAmount('0.3') // true
 * formatAmount(12_500_000n) // '12.5'
 */

export const MICROS_PER_UNIT = 1_000_000n;
export const MAX_FRACTION_DIGITS = 6;
/** The largest amount a single request may carry: 10^12 units. */
export const MAX_AMOUNT_MICROS = 1_000_000_000_000n * MICROS_PER_UNIT;

const AMOUNT_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The shape of a valid amount as a regular expression source, for documents and schemas
 * that describe amounts (OpenAPI, event schemas); parsing is {@link tryParseAmount}'s job.
 */
export function amountPattern(options: { allowNegative?: boolean } = {}): string {
  return `^${options.allowNegative ? '-?' : ''}\\d+(\\.\\d{1,${MAX_FRACTION_DIGITS}})?$`;
}

export type AmountParseResult = { ok: true; micros: bigint } | { ok: false; reason: string };

/** Parses a decimal string into micro-units, or says precisely why it cannot. */
export function tryParseAmount(text: string, options: { allowNegative?: boolean } = {}): AmountParseResult {
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) return { ok: false, reason: 'must be a decimal number such as "12.5" (digits, an optional point, no exponent)' };
  const [, sign, whole = '', fraction = ''] = match;
  if (sign && !options.allowNegative) return { ok: false, reason: 'must not be negative' };
  if (fraction.length > MAX_FRACTION_DIGITS) return { ok: false, reason: `must have at most ${MAX_FRACTION_DIGITS} digits after the point` };
  const magnitude = BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(MAX_FRACTION_DIGITS, '0'));
  if (magnitude > MAX_AMOUNT_MICROS) return { ok: false, reason: 'must not exceed 1000000000000' };
  return { ok: true, micros: sign ? -magnitude : magnitude };
}

const PROVIDER_AMOUNT_PATTERN = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/**
 * A provider's cost figure (Cost Explorer's `Amount`, FOCUS `BilledCost`) in micro-units:
 * any number of decimals and an exponent are accepted (providers send `0.0000001234` and
 * `1.2E-7`), and the exact decimal is rounded to the micro half away from zero, in integer
 * arithmetic. Null when the text is not a number.
 */
export function parseProviderAmount(text: string): bigint | null {
  const match = PROVIDER_AMOUNT_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  if (whole === '' && fraction === '') return null;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 40) return null;
  // digits × 10^(exponent − fraction length) micro-units × 10^6: shift by `scale` decimal places.
  const digits = BigInt(`${whole}${fraction}` || '0');
  const scale = exponent - fraction.length + MAX_FRACTION_DIGITS;
  let micros: bigint;
  if (scale >= 0) micros = digits * 10n ** BigInt(scale);
  else {
    const divisor = 10n ** BigInt(-scale);
    micros = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) micros += 1n;
  }
  if (micros > MAX_AMOUNT_MICROS) return null;
  return sign === '-' ? -micros : micros;
}

/** Like {@link tryParseAmount}, for trusted input (tests, stored values): throws on bad text. */
export function parseAmount(text: string, options: { allowNegative?: boolean } = {}): bigint {
  const result = tryParseAmount(text, options);
  if (!result.ok) throw new RangeError(`amount "${text}" ${result.reason}`);
  return result.micros;
}

/** Renders micro-units as the shortest exact decimal string: 12_500_000n → "12.5", -30_000_000n → "-30". */
export function formatAmount(micros: bigint): string {
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const whole = magnitude / MICROS_PER_UNIT;
  const fraction = (magnitude % MICROS_PER_UNIT).toString().padStart(MAX_FRACTION_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Reads a stored micro-unit count (a DynamoDB number as number, bigint or numeric string) exactly. */
export function toMicros(stored: unknown): bigint {
  if (typeof stored === 'bigint') return stored;
  if (typeof stored === 'number' && Number.isSafeInteger(stored)) return BigInt(stored);
  if (typeof stored === 'string' && /^-?\d+$/.test(stored)) return BigInt(stored);
  throw new TypeError(`not a micro-unit count: ${String(stored)}`);
}
