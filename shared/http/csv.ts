/**
 * Writes report CSV for downloads: RFC 4180 through csv-stringify (fields quoted when they hold a
 * comma, a quote, CR or LF; quotes doubled; CRLF after every record; a header row), streamed one
 * row at a time so a large report is never held as records, and guarded against formula
 * injection (OWASP "CSV Injection") so a spreadsheet never runs a cell a user typed.
 */
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';

/** One CSV column: its header and how to read a row's cell (string, number, boolean, null/undefined → empty). */
export interface CsvColumn<Row> {
  header: string;
  cell: (row: Row) => string | number | boolean | null | undefined;
  /**
   * 'text' (the default): every cell is guarded, so a budget named "-12" is written "'-12".
   * 'number': a number, or a plain decimal string such as the amount "-12.5", is written as is;
   * anything else in the column is guarded as text, so a wrong value never slips through unguarded.
   */
  kind?: 'text' | 'number';
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The amounts the service passes: decimal strings, maybe negative, never a formula. */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * First characters a spreadsheet reads as the start of a formula: `=`, `+`, `-`, `@` and, as OWASP's
 * CSV injection guidance adds, tab and CR; also their full-width forms, which Apple Numbers folds
 * into the ASCII ones (the same list as csv-stringify's own `escape_formulas`, which cannot be used
 * here as it applies to every column, amounts included).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * The download's name is cut to this many characters: at up to 4 UTF-8 bytes each, plus `.csv`,
 * it stays within the 255-byte file-name limit of common file systems.
 */
const MAX_NAME_CHARACTERS = 60;
/** The name given when nothing safe is left of the base name. */
const FALLBACK_NAME = 'export';

/** RFC 4180 CSV of `rows` (header row first, CRLF line ends), cells guarded against formula injection. */
export async function csvOf<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>): Promise<string> {
  let text = '';
  for await (const chunk of csvStream(columns, rows)) text += chunk as string;
  return text;
}

/** The same, as a stream of text chunks, for large reports. */
export function csvStream<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>): Readable {
  const stringifier = stringify({
    // Excel reads a CSV without a BOM in the machine's legacy code page, garbling "é" or "日本";
    // RFC 4180 readers skip it (csv-parse with `bom: true`).
    bom: true,
    header: true,
    columns: columns.map((column) => column.header),
    record_delimiter: '\r\n',
    // Giving a record_delimiter turns off quoting a lone CR or LF, which RFC 4180 requires.
    quote_record_delimiter: true,
  });
  stringifier.setEncoding('utf8');
  // pipeline destroys the stringifier with the error of a failing row source or cell, so whoever
  // reads the returned stream sees it; the callback only keeps pipeline from throwing it again.
  return pipeline(Readable.from(records(columns, rows)), stringifier, () => {});
}

/** `attachment; filename="<name>.csv"` with the name reduced to safe characters (and an RFC 6266/5987 filename* for non-ASCII). */
export function csvDisposition(baseName: string): string {
  // Accents dropped for the ASCII name (é → e); characters with no ASCII form become `_`.
  const asciiName = safeName(baseName.normalize('NFKD').replace(/\p{M}/gu, ''), /[^A-Za-z0-9 ._-]/g);
  const unicodeName = safeName(baseName.normalize('NFC'), /[^\p{L}\p{M}\p{N} ._-]/gu);
  const disposition = `attachment; filename="${asciiName}.csv"`;
  // encodeURIComponent leaves only RFC 5987 attr-chars unescaped for what safeName keeps.
  return unicodeName === asciiName ? disposition : `${disposition}; filename*=UTF-8''${encodeURIComponent(`${unicodeName}.csv`)}`;
}

/** Each row as the strings of its cells, in column order. */
async function* records<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>): AsyncGenerator<string[]> {
  for await (const row of rows) yield columns.map((column) => cellText(column, column.cell(row)));
}

function cellText<Row>(column: CsvColumn<Row>, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Strings made here, as csv-stringify's default cast writes booleans as "1"/"" and large numbers with an exponent.
  const text = typeof value === 'number' ? plainNumber(value) : String(value);
  const isAmount = column.kind === 'number' && (typeof value === 'number' || PLAIN_DECIMAL.test(text));
  return !isAmount && FORMULA_START.test(text) ? `'${text}` : text;
}

/** A number without exponent: 1e21 → "1000000000000000000000", 1e-7 → "0.0000001". */
function plainNumber(value: number): string {
  const text = String(value);
  const exponential = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponential) return text;
  const [, sign, lead, fraction = '', exponentText] = exponential;
  const digits = `${lead}${fraction}`;
  const exponent = Number(exponentText);
  // String() uses an exponent only from 1e21 up, where the at most 17 digits are padded with zeros,
  // and below 1e-6.
  return exponent > 0
    ? `${sign}${digits.padEnd(exponent + 1, '0')}`
    : `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

/** The name with unsafe characters as `_`, runs of them merged, no leading or trailing dots, spaces or `_`, cut to size. */
function safeName(name: string, unsafe: RegExp): string {
  const reduced = name.replace(unsafe, '_').replace(/_+/g, '_').replace(/ +/g, ' ').replace(/^[ ._]+|[ ._]+$/g, '');
  // By code point, so a cut never splits a surrogate pair; trimmed again as the cut may end on a space.
  const cut = [...reduced].slice(0, MAX_NAME_CHARACTERS).join('').replace(/[ ._]+$/, '');
  return cut || FALLBACK_NAME;
}
