import Table from 'cli-table3';
import picocolors from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { csvOf, type CsvColumn } from '../shared/http/csv.js';
import { CliUsageError } from './errors.js';

/** How a command's answer is printed: `table` for people, `json` (the API's answer as is) and `csv` for programs. */
export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The streams and environment the CLI runs in (the process's, or a test's). */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Ends `--watch` (default: Ctrl-C). */
  signal?: AbortSignal;
  /** Waits between `--watch` refreshes (tests end the wait at once). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A column of a table and of CSV output. */
export type Column<Row> = CsvColumn<Row>;

/** How to show an answer as rows: the answer's rows (a page's items, or the answer itself) and their columns. */
export interface View<Answer, Row = Answer> {
  columns: readonly Column<Row>[];
  rows(answer: Answer): readonly Row[];
}

/** A table on a terminal, JSON when piped (API.md); `--output` chooses. */
export function outputFormatOf(requested: string | undefined, io: CliIo): OutputFormat {
  if (requested === undefined) return io.stdout.isTTY ? 'table' : 'json';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(requested)) throw new CliUsageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')}`);
  return requested as OutputFormat;
}

/** Colors only on a terminal, and never with `NO_COLOR` set (https://no-color.org). */
export function colorsFor(io: CliIo): Colors {
  return picocolors.createColors(Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
}

export async function render<Answer, Row>(answer: Answer, view: View<Answer, Row>, format: OutputFormat, io: CliIo): Promise<string> {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  const rows = view.rows(answer);
  // The service's CSV carries a BOM for spreadsheets; on stdout it would be the first byte of a pipe.
  if (format === 'csv') return (await csvOf(view.columns, rows)).replace(/^\uFEFF/, '');
  return tableOf(view.columns, rows, colorsFor(io));
}

export function tableOf<Row>(columns: readonly Column<Row>[], rows: readonly Row[], colors: Colors): string {
  if (rows.length === 0) return `${colors.dim('(none)')}\n`;
  const table = new Table({
    head: columns.map((column) => colors.bold(column.header)),
    colAligns: columns.map((column) => (column.kind === 'number' ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', right: '', 'right-mid': '', mid: '', 'mid-mid': '', middle: '  ' },
  });
  for (const row of rows) table.push(columns.map((column) => textOf(column.cell(row))));
  return `${table.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
}

/** A single object as two columns, field and value (nested values as compact JSON). */
export function fieldsView<Answer extends object>(fields?: readonly string[]): View<Answer, { field: string; value: unknown }> {
  return {
    columns: [
      { header: 'field', cell: (row) => row.field },
      { header: 'value', cell: (row) => (typeof row.value === 'object' && row.value !== null ? JSON.stringify(row.value) : textOf(row.value as string)) },
    ],
    rows: (answer) => Object.entries(answer)
      .filter(([field]) => fields === undefined || fields.includes(field))
      .map(([field, value]) => ({ field, value })),
  };
}

/** A page's items. */
export function itemsView<Row>(columns: readonly Column<Row>[]): View<{ items: Row[] }, Row> {
  return { columns, rows: (page) => page.items };
}

/** `███████░░░ 72.5 %`: a utilization bar for tables. */
export function bar(utilization: number, colors: Colors, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round((utilization / 100) * width)));
  const text = `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${utilization.toFixed(1)} %`;
  if (utilization >= 100) return colors.red(text);
  if (utilization >= 80) return colors.yellow(text);
  return colors.green(text);
}

function textOf(value: string | number | boolean | null | undefined): string {
  return value === null || value === undefined ? '' : printable(String(value));
}

/**
 * Text a tenant wrote (a budget's name), made safe for a terminal: control characters (escape
 * sequences that could rewrite the screen, line breaks that would break a row) become `?`.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
