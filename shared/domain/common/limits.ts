/**
 * A limit on everything a request can carry, named once: the wire schemas validate
 * against these, and the domain pages and loops by them.
 */
export const LIMITS = {
  nameLength: 200,
  descriptionLength: 2000,
  scopeIdLength: 200,
  /** Ids we issue are 30 characters; a longer one cannot exist, so it is refused before any read. */
  idLength: 100,
  /** A period key names at most a custom period (`custom`) or a week (`2026-W48`); 40 leaves room without inviting junk. */
  periodKeyLength: 40,
  pageSizeMax: 100,
  pageSizeDefault: 25,
  /** A signed cursor carries a resume position of a few keys: well under this. */
  cursorLength: 2048,
  thresholdsMax: 10,
  thresholdPercentMax: 1000,
  categoriesMax: 50,
  tagsMax: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  metadataValueLength: 1024,
  /** Budgets (or scopes) one pre-flight check may name. */
  checkTargetsMax: 25,
  bodyBytesMax: 64 * 1024,
  idempotencyKeyLength: 255,
} as const;

/** Usage may be reported slightly ahead of our clock, not more. */
export const MAX_USAGE_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * How old a read may be when its write lands: API functions time out after 10 s, so a
 * minute is a wide margin. A budget write reaches the counters such a write may target.
 */
export const MAX_READ_AGE_MS = 60 * 1000;

/** One page of a list, as every list route takes it. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}
