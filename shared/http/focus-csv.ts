/**
 * Reads a FOCUS 1.0 cost export posted as CSV (API.md "Cost actuals", `POST /v1/cost-imports`):
 * RFC 4180 through csv-parse, one row at a time, so a large file never holds its parsed records
 * at once. A bad row is listed with its line and skipped; a bad header or CSV that cannot be
 * parsed further is a {@link ValidationError} on `/body`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { parseProviderAmount } from '../domain/common/amount.js';
import { ValidationError } from '../domain/common/errors.js';
import type { FocusRowDimensions } from '../domain/costs/filter.js';

export interface FocusRow extends FocusRowDimensions {
  /** The line of the file the row starts on (1 = the header). */
  line: number;
  /** UTC day (YYYY-MM-DD) of ChargePeriodStart: a row is that day's cost. */
  date: string;
  billedCostMicros: bigint;
  /** BillingCurrency, upper-case ISO 4217. */
  currency: string;
}

export interface FocusReadSummary {
  rows: number;
  invalidRows: Array<{ line: number; detail: string }>;
}

export const FOCUS_REQUIRED_COLUMNS = [
  'ChargePeriodStart', 'ChargePeriodEnd', 'BilledCost', 'BillingCurrency', 'ServiceName', 'SubAccountId', 'RegionId', 'Tags',
] as const;
type FocusColumn = (typeof FOCUS_REQUIRED_COLUMNS)[number];
type ColumnIndexes = Readonly<Record<FocusColumn, number>>;

/** The text goes to the parser in slices of this many UTF-16 code units (about 64 KiB of a mostly ASCII file). */
const SLICE_CODE_UNITS = 64 * 1024;
/** Invalid rows listed in the answer: the rest still count in `rows`, so the answer stays small whatever the file. */
const MAX_LISTED_INVALID_ROWS = 1_000;
/** A value quoted in a detail is cut to this many characters: a detail names the value, it does not carry it. */
const MAX_QUOTED_CHARS = 64;

// Date or date-time; a date-time without an offset is UTC, as FOCUS requires of all its date-times.
const ISO_DATE_TIME =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:[T ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d+))?)?(?:Z|(?<sign>[+-])(?<offsetHour>\d{2}):(?<offsetMinute>\d{2}))?)?$/i;
const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Streams the CSV through csv-parse, calling onRow for each valid data row, in order. */
export async function readFocusCsv(csv: string, onRow: (row: FocusRow) => void): Promise<FocusReadSummary> {
  const summary: FocusReadSummary = { rows: 0, invalidRows: [] };
  const header: { columns?: ColumnIndexes; fieldCount: number } = { fieldCount: 0 };
  // csv-parse counts a CRLF inside a quoted field as two lines, so lines are counted here: a
  // record starts after the previous one's line breaks and the empty lines skipped since.
  let nextLine = 1;
  let emptyLinesSeen = 0;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    // A row with the wrong number of fields is an invalid row, not the end of the file.
    relax_column_count: true,
    // Explicit, so a file mixing CRLF and LF still splits into lines (discovery keeps the first one it sees).
    record_delimiter: ['\r\n', '\n'],
    // Each record is handled as it is parsed and nothing is pushed on: no parsed record waits in a buffer.
    on_record: (fields, context) => {
      const line = nextLine + context.empty_lines - emptyLinesSeen;
      emptyLinesSeen = context.empty_lines;
      nextLine = line + 1 + lineBreaksIn(fields);
      if (header.columns === undefined) {
        header.columns = columnIndexes(fields);
        header.fieldCount = fields.length;
        return null;
      }
      summary.rows += 1;
      const row = fields.length === header.fieldCount
        ? readRow(fields, header.columns, line)
        : [`has ${fields.length} field(s); the header has ${header.fieldCount}`];
      if (!Array.isArray(row)) onRow(row);
      else if (summary.invalidRows.length < MAX_LISTED_INVALID_ROWS) summary.invalidRows.push({ line, detail: row.join('; ') });
      return null;
    },
  });
  try {
    await pipeline(Readable.from(slices(csv)), parser);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The line the broken record starts on; csv-parse's message says where it gave up.
    const emptyLinesBefore = typeof error.empty_lines === 'number' ? error.empty_lines - emptyLinesSeen : 0;
    throw bodyError(`the CSV is malformed at line ${nextLine + emptyLinesBefore}: ${error.message}`);
  }
  if (header.columns === undefined) throw bodyError(`the CSV is empty: it needs a header with the FOCUS columns ${FOCUS_REQUIRED_COLUMNS.join(', ')}`);
  return summary;
}

function* slices(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + SLICE_CODE_UNITS, text.length);
    // Each slice is encoded to UTF-8 on its own: cutting a surrogate pair in two would corrupt the character.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

const isHighSurrogate = (codeUnit: number) => codeUnit >= 0xd800 && codeUnit <= 0xdbff;

/** Line breaks inside a record's quoted fields; outside quotes a line break ends the record. */
function lineBreaksIn(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count += 1;
  }
  return count;
}

function columnIndexes(header: readonly string[]): ColumnIndexes {
  const missing = FOCUS_REQUIRED_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) throw bodyError(`the header lacks the FOCUS column(s) ${missing.join(', ')}`);
  // Two BilledCost columns would leave it to chance which one is the cost.
  const repeated = FOCUS_REQUIRED_COLUMNS.filter((name) => header.indexOf(name) !== header.lastIndexOf(name));
  if (repeated.length > 0) throw bodyError(`the header repeats the FOCUS column(s) ${repeated.join(', ')}`);
  return Object.fromEntries(FOCUS_REQUIRED_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<FocusColumn, number>;
}

/** The row, or every problem it has (so one pass over a file finds all of them). */
function readRow(fields: readonly string[], columns: ColumnIndexes, line: number): FocusRow | string[] {
  const field = (name: FocusColumn) => fields[columns[name]] ?? '';
  const problems: string[] = [];
  const instant = (name: 'ChargePeriodStart' | 'ChargePeriodEnd') => {
    const ms = parseInstantMs(field(name));
    if (ms === null) problems.push(`${name} ${quoted(field(name))} is not an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)`);
    return ms;
  };
  const startMs = instant('ChargePeriodStart');
  const endMs = instant('ChargePeriodEnd');
  if (startMs !== null && endMs !== null && endMs < startMs) {
    problems.push(`ChargePeriodEnd ${quoted(field('ChargePeriodEnd'))} is before ChargePeriodStart ${quoted(field('ChargePeriodStart'))}`);
  }
  const billedCostMicros = parseProviderAmount(field('BilledCost'));
  if (billedCostMicros === null) {
    problems.push(field('BilledCost').trim() === '' ? 'BilledCost is empty'
      : `BilledCost ${quoted(field('BilledCost'))} is not a number (or its size is over 10^12)`);
  }
  const currency = field('BillingCurrency').trim().toUpperCase();
  if (!CURRENCY_CODE.test(currency)) problems.push(`BillingCurrency ${quoted(field('BillingCurrency'))} is not a three-letter ISO 4217 code`);
  const tags = parseTags(field('Tags'));
  if (typeof tags === 'string') problems.push(tags);
  if (problems.length > 0 || startMs === null || billedCostMicros === null || typeof tags === 'string') return problems;
  return {
    line,
    date: new Date(startMs).toISOString().slice(0, 10),
    billedCostMicros,
    currency,
    serviceName: field('ServiceName'),
    subAccountId: field('SubAccountId'),
    regionId: field('RegionId'),
    tags,
  };
}

/** Milliseconds since the epoch of an ISO 8601 date or date-time, or null when it is not one or names no real instant (February 30). */
function parseInstantMs(text: string): number | null {
  const parts = ISO_DATE_TIME.exec(text.trim())?.groups;
  if (parts === undefined) return null;
  const part = (name: string) => Number(parts[name] ?? '0');
  const year = part('year'), month = part('month'), day = part('day');
  const hour = part('hour'), minute = part('minute'), second = part('second');
  const offsetHour = part('offsetHour'), offsetMinute = part('offsetMinute');
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Number((parts.fraction ?? '').slice(0, 3).padEnd(3, '0')));
  // Date.UTC rolls over (February 30 is March 2): a day that does not come back out does not exist.
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms - (parts.sign === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute) * 60_000;
}

/** Tags as a key → value text map, or what is wrong with them. */
function parseTags(text: string): Record<string, string> | string {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `Tags ${quoted(text)} is not valid JSON`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `Tags ${quoted(text)} is not a JSON object`;
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(parsed)) {
    // FOCUS allows a tag key with a null value: it has no value a filter could match.
    if (value === null) continue;
    if (typeof value === 'object') return `Tags ${quoted(key)} has ${Array.isArray(value) ? 'an array' : 'an object'} as its value; tag values are strings`;
    // FOCUS gives a valueless tag the value true; filters compare text.
    entries.push([key, String(value)]);
  }
  // fromEntries defines own properties: a key "__proto__" stays a key.
  return Object.fromEntries(entries);
}

const quoted = (value: string) => JSON.stringify(value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value);

const bodyError = (detail: string) => new ValidationError([{ pointer: '/body', detail }]);
