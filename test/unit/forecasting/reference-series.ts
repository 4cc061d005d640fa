/**
 * Public series the forecasting tests check against, carried inline (each is small).
 * Sources are named where each is used; all are the classic datasets of R's `fpp`
 * (Hyndman) and `datasets` packages as published in the repositories cited.
 */

/** fpp `oil`: Saudi Arabia oil production (millions of tonnes), 1965–2010. Data: davidthaler/Python-wrapper-for-R-Forecast, data/oil.csv. */
export const OIL_1965_2010 = [
  111.0091346, 130.8284341, 141.2870879, 154.2277747, 162.7408654, 192.1664835, 240.7997253, 304.2173901, 384.0045673, 429.6621566, 359.3169299, 437.2518544,
  468.4007898, 424.4353365, 487.9794299, 509.8284478, 506.3472527, 340.1842374, 240.258921, 219.0327876, 172.0746632, 252.5900922, 221.0710774, 276.5187735,
  271.1479517, 342.6186005, 428.3558357, 442.3945533, 432.7851482, 437.2497186, 438.4428287, 446.6565229, 454.4733065, 455.662974, 423.6322388, 456.2713279,
  440.5880501, 425.3325201, 485.1494479, 506.0481621, 526.7919833, 514.268889, 494.2110193, 515.3052417, 464.7204667, 467.7723636,
];

/** fpp `oildata <- window(oil, start = 1996, end = 2007)` (FPP 1st ed. §7.1). */
export const OIL_1996_2007 = OIL_1965_2010.slice(31, 43);

/** fpp `air <- window(ausair, start = 1990, end = 2004)`: air passengers in Australia (millions). statsmodels, tsa/statespace/tests/test_exponential_smoothing.py. */
export const AUSAIR_1990_2004 = [17.5534, 21.8601, 23.8866, 26.9293, 26.8885, 28.8314, 30.0751, 30.9535, 30.1857, 31.5797, 32.577569, 33.477398, 39.021581, 41.386432, 41.596552];

/** fpp `austourists`: quarterly visitor nights in Australia (millions), 1999Q1–2010Q4. davidthaler/Python-wrapper-for-R-Forecast, data/aus.csv. */
export const AUSTOURISTS_1999_2010 = [
  30.052513, 19.148496, 25.317692, 27.591437, 32.076456, 23.487961, 28.47594, 35.123753, 36.838485, 25.007017, 30.72223, 28.693759, 36.640986, 23.824609, 29.311683,
  31.770309, 35.177877, 19.775244, 29.60175, 34.538842, 41.273599, 26.655862, 28.279859, 35.191153, 41.727458, 24.04185, 32.328103, 37.328708, 46.213153, 29.346326,
  36.48291, 42.977719, 48.901525, 31.180221, 37.717881, 40.420211, 51.206863, 31.887228, 40.978263, 43.772491, 55.558567, 33.850915, 42.076383, 45.642292, 59.76678,
  35.191877, 44.319737, 47.913736,
];

/** fpp `aust <- window(austourists, start = 2005)` (FPP 1st ed. §7.5). */
export const AUSTOURISTS_2005_2010 = AUSTOURISTS_1999_2010.slice(24);

/** fpp `livestock`: sheep in Asia (millions), 1961–2007, the window 1970–2000 used by statsmodels' test_holt_damp_r. */
export const LIVESTOCK_1970_2000 = [
  263.917747, 268.307222, 260.662556, 266.639419, 277.515778, 283.834045, 290.309028, 292.474198, 300.830694, 309.286657, 318.331081, 329.37239, 338.883998, 339.244126,
  328.600632, 314.255385, 314.459695, 321.413779, 329.789292, 346.385165, 352.297882, 348.370515, 417.562922, 417.12357, 417.749459, 412.233904, 411.946817, 394.697075,
  401.49927, 408.270468, 414.2428,
];

/** R `datasets::AirPassengers`: monthly international airline passengers (thousands), 1949–1960. */
export const AIR_PASSENGERS = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162,
  146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293,
  259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422,
  465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461,
  472, 535, 622, 606, 508, 461, 390, 432,
];

/** A tiny seeded PRNG (Park–Miller minimal standard) so property tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647;
  if (state <= 0) state += 2147483646;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Standard normal draws from a seeded uniform source (Box–Muller). */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}
