/** Periods: calendar windows in any IANA zone (DST-correct), lifetime and custom, each named by a sortable key. */
export { PERIOD_TYPES, periodContaining, periodForKey, type PeriodSpec, type PeriodType, type PeriodWindow } from './period.js';
export { isIanaTimeZone } from './timezone.js';
