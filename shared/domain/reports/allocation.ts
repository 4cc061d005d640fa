import { MAX_FRACTION_DIGITS } from '../common/amount.js';

/**
 * Splits `totalMicros` in proportion to `weights` into whole minor units of the currency
 * (10^(6 − minorUnitDigits) micros each: cents for USD, yen for JPY) that sum to the total
 * exactly: Hamilton's largest-remainder method. Each share first gets the floor of its quota
 * in minor units; the minor units left over (fewer than there are shares) go one each to the
 * largest remainders, ties to the lower index.
 *
 * A total that is not a whole number of minor units (100.005 USD) leaves micros below one
 * minor unit: they go whole to the share ranked first by remainder (the one flooring cut
 * most; among positive weights only), so that one share is the only one off the grid and the
 * sum stays exact.
 *
 * Weights are non-negative integers in any scale (basis points or raw shares): only their
 * ratios count. Negative totals, negative or fractional weights, no or only zero weights and
 * digits outside 0..6 are programming errors (callers validate first) and throw.
 */
export function allocateLargestRemainder(
  totalMicros: bigint,
  weights: readonly bigint[] | readonly number[],
  minorUnitDigits: number,
): bigint[] {
  if (totalMicros < 0n) throw new Error(`cannot allocate a negative total: ${totalMicros}`);
  if (!Number.isInteger(minorUnitDigits) || minorUnitDigits < 0 || minorUnitDigits > MAX_FRACTION_DIGITS) {
    throw new Error(`minor unit digits must be an integer from 0 to ${MAX_FRACTION_DIGITS}: ${minorUnitDigits}`);
  }
  const shareWeights = weights.map(toWeight);
  const weightSum = shareWeights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new Error('cannot allocate without a positive weight');

  const unitMicros = 10n ** BigInt(MAX_FRACTION_DIGITS - minorUnitDigits);
  const totalUnits = totalMicros / unitMicros;
  const leftoverMicros = totalMicros % unitMicros;

  // quota_i = totalUnits × w_i / Σw, kept as its floor and the remainder's numerator over Σw.
  const units = shareWeights.map((weight) => (totalUnits * weight) / weightSum);
  const remainders = shareWeights.map((weight) => (totalUnits * weight) % weightSum);
  const byRemainder = shareWeights
    .map((_, index) => index)
    .filter((index) => shareWeights[index]! > 0n)
    .sort((a, b) => compareDescending(remainders[a]!, remainders[b]!) || a - b);

  // Σ remainders / Σw whole units are left, fewer than the shares with a non-zero remainder.
  const unitsLeft = Number(totalUnits - units.reduce((sum, share) => sum + share, 0n));
  for (const index of byRemainder.slice(0, unitsLeft)) units[index]! += 1n;

  const amounts = units.map((share) => share * unitMicros);
  amounts[byRemainder[0]!]! += leftoverMicros;
  return amounts;
}

function toWeight(weight: bigint | number): bigint {
  if (typeof weight === 'number' && !Number.isSafeInteger(weight)) throw new Error(`a weight must be an integer: ${weight}`);
  const asBigint = BigInt(weight);
  if (asBigint < 0n) throw new Error(`a weight must not be negative: ${weight}`);
  return asBigint;
}

function compareDescending(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
