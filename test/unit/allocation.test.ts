import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder } from '../../shared/domain/reports/allocation.js';

const M = 1_000_000n;
const sum = (amounts: readonly bigint[]): bigint => amounts.reduce((total, amount) => total + amount, 0n);
/** Seats as amounts: with 0 digits a seat is one whole unit (1 yen). */
const seats = (votes: readonly number[], seatCount: bigint): bigint[] =>
  allocateLargestRemainder(seatCount * M, votes, 0).map((amount) => amount / M);

describe('allocateLargestRemainder: published apportionments (Hamilton, Hare quota)', () => {
  it('Wikipedia "Largest remainder method": 100,000 votes, 10 seats → 5, 2, 1, 1, 1, 0', () => {
    expect(seats([47_000, 16_000, 15_800, 12_000, 6_100, 3_100], 10n)).toEqual([5n, 2n, 1n, 1n, 1n, 0n]);
  });

  it('Wikipedia\'s Alabama paradox: 25 seats → 7, 7, 4, 3, 3, 1, but 26 seats → 8, 8, 5, 2, 2, 1', () => {
    const votes = [1_500, 1_500, 900, 500, 500, 200];
    expect(seats(votes, 25n)).toEqual([7n, 7n, 4n, 3n, 3n, 1n]);
    expect(seats(votes, 26n)).toEqual([8n, 8n, 5n, 2n, 2n, 1n]);
  });

  it('German Wikipedia "Hare-Niemeyer-Verfahren": 31 seats → 13, 6, 5, 4, 2, 1', () => {
    expect(seats([720_257, 323_524, 257_466, 213_138, 144_392, 88_315], 31n)).toEqual([13n, 6n, 5n, 4n, 2n, 1n]);
  });
});

describe('allocateLargestRemainder', () => {
  it('splits into whole cents that sum to the total', () => {
    // 100 / 3 = 33.333…: one cent left, to the lowest index of three equal remainders.
    expect(allocateLargestRemainder(100n * M, [1, 1, 1], 2)).toEqual([33_340_000n, 33_330_000n, 33_330_000n]);
    expect(allocateLargestRemainder(100n * M, [5_000n, 3_000n, 2_000n], 2)).toEqual([50n * M, 30n * M, 20n * M]);
  });

  it('breaks ties to the lower index', () => {
    expect(allocateLargestRemainder(5n * M, [1, 1, 1, 1], 0)).toEqual([2n * M, M, M, M]);
    expect(allocateLargestRemainder(2n * M, [0, 1, 1, 1], 0)).toEqual([0n, M, M, 0n]);
  });

  it('gives whole yen with 0 digits', () => {
    const amounts = allocateLargestRemainder(1_000n * M, [1, 1, 1], 0);
    expect(amounts).toEqual([334n * M, 333n * M, 333n * M]);
  });

  it('gives whole fils with 3 digits (KWD)', () => {
    const amounts = allocateLargestRemainder(10n * M, [1, 2], 3);
    // 3.333… and 6.666… KWD: 3.333 and 6.667 (the larger remainder gets the spare fils).
    expect(amounts).toEqual([3_333_000n, 6_667_000n]);
  });

  it('gives the micros below one minor unit to the share ranked first by remainder', () => {
    // 100.005 USD in halves: 5000 cents each, the 5000 micros left go to the first share (tie).
    expect(allocateLargestRemainder(100_005_000n, [1, 1], 2)).toEqual([50_005_000n, 50n * M]);
    // 10000 cents by 1:2 → 3333.33 and 6666.67 cents: the second has the larger remainder.
    expect(allocateLargestRemainder(100_005_000n, [1, 2], 2)).toEqual([33_330_000n, 66_675_000n]);
    // A zero weight never gets anything, not even those micros.
    expect(allocateLargestRemainder(1_234_567n, [0, 3], 2)).toEqual([0n, 1_234_567n]);
  });

  it('gives everything to the only positive weight, and nothing of nothing', () => {
    expect(allocateLargestRemainder(7n * M, [0, 0, 9], 2)).toEqual([0n, 0n, 7n * M]);
    expect(allocateLargestRemainder(0n, [1, 2, 3], 2)).toEqual([0n, 0n, 0n]);
  });

  it('refuses what only a programming error passes', () => {
    expect(() => allocateLargestRemainder(-1n, [1], 2)).toThrow(Error);
    expect(() => allocateLargestRemainder(M, [], 2)).toThrow(/positive weight/);
    expect(() => allocateLargestRemainder(M, [0, 0], 2)).toThrow(/positive weight/);
    expect(() => allocateLargestRemainder(M, [1, -1], 2)).toThrow(/negative/);
    expect(() => allocateLargestRemainder(M, [-1n, 2n], 2)).toThrow(/negative/);
    expect(() => allocateLargestRemainder(M, [0.5, 1], 2)).toThrow(/integer/);
    expect(() => allocateLargestRemainder(M, [1], 7)).toThrow(/digits/);
    expect(() => allocateLargestRemainder(M, [1], 1.5)).toThrow(/digits/);
  });

  it('sums exactly, in whole minor units but for one share, each within a unit of its quota', () => {
    const weights = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 20 }).filter((items) => items.some((weight) => weight > 0));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), weights, fc.integer({ min: 0, max: 6 }), (total, shares, digits) => {
        const amounts = allocateLargestRemainder(total, shares, digits);
        expect(sum(amounts)).toBe(total);
        const unit = 10n ** BigInt(6 - digits);
        const weightSum = BigInt(shares.reduce((a, b) => a + b, 0));
        const offGrid = amounts.filter((amount) => amount % unit !== 0n);
        expect(offGrid.length).toBeLessThanOrEqual(1);
        amounts.forEach((amount, index) => {
          const weight = BigInt(shares[index]!);
          if (weight === 0n) expect(amount).toBe(0n);
          // |amount × Σw − total × w| < (one unit + the sub-unit leftover) × Σw: the quota rule.
          const gap = amount * weightSum - total * weight;
          expect(gap < 0n ? -gap : gap).toBeLessThan(2n * unit * weightSum);
        });
      }),
    );
  });
});
