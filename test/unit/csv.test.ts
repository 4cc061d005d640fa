import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_CONTENT_TYPE, csvDisposition, csvOf, csvStream, type CsvColumn } from '../../shared/http/csv.js';

interface Line {
  name: string | null;
  variance: string | number | null | undefined;
  active: boolean;
}

const COLUMNS: readonly CsvColumn<Line>[] = [
  { header: 'Name', cell: (line) => line.name },
  { header: 'Variance', cell: (line) => line.variance, kind: 'number' },
  { header: 'Active', cell: (line) => line.active },
];

const BOM = '\uFEFF';

/** The records csv-parse reads back, header first. */
const parsed = (csv: string): string[][] => parse(csv, { bom: true });

async function* asyncRows<Row>(rows: Iterable<Row>): AsyncGenerator<Row> {
  for (const row of rows) yield row;
}

async function streamText(stream: NodeJS.ReadableStream): Promise<{ text: string; chunks: number }> {
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    expect(typeof chunk).toBe('string');
    text += chunk as string;
    chunks += 1;
  }
  return { text, chunks };
}

describe('csvOf', () => {
  it('writes a BOM, the header row and CRLF after every record', async () => {
    const csv = await csvOf(COLUMNS, [
      { name: 'Marketing', variance: '12.5', active: true },
      { name: 'Ops', variance: '0', active: false },
    ]);
    expect(csv).toBe(`${BOM}Name,Variance,Active\r\nMarketing,12.5,true\r\nOps,0,false\r\n`);
  });

  it('writes only the header row for no rows', async () => {
    expect(await csvOf(COLUMNS, [])).toBe(`${BOM}Name,Variance,Active\r\n`);
  });

  it('quotes fields with a comma, a quote, CR or LF and doubles embedded quotes', async () => {
    const csv = await csvOf(COLUMNS.slice(0, 1), [
      { name: 'R&D, Paris', variance: undefined, active: true },
      { name: 'The "big" one', variance: undefined, active: true },
      { name: 'two\nlines', variance: undefined, active: true },
      { name: 'carriage\rreturn', variance: undefined, active: true },
      { name: 'crlf\r\ninside', variance: undefined, active: true },
    ]);
    expect(csv).toBe(
      `${BOM}Name\r\n"R&D, Paris"\r\n"The ""big"" one"\r\n"two\nlines"\r\n"carriage\rreturn"\r\n"crlf\r\ninside"\r\n`,
    );
  });

  it('keeps unicode as UTF-8 text', async () => {
    const csv = await csvOf(COLUMNS.slice(0, 1), [{ name: 'Café 日本 🚀', variance: undefined, active: true }]);
    expect(csv).toBe(`${BOM}Name\r\nCafé 日本 🚀\r\n`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("prefixes text cells that start like a formula with '", async () => {
    const names = ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx', '-12', '＝1+1', 'a=b', "'quoted"];
    const csv = await csvOf(COLUMNS.slice(0, 1), names.map((name) => ({ name, variance: undefined, active: true })));
    expect(parsed(csv).slice(1).map(([name]) => name)).toEqual([
      "'=SUM(A1)", "'+1", "'-2+3", "'@cmd", "'\tx", "'\rx", "'-12", "'＝1+1", 'a=b', "'quoted",
    ]);
  });

  it('writes amounts of a number column as they are, negative ones included', async () => {
    const csv = await csvOf(COLUMNS.slice(1, 2), [
      { name: null, variance: '-12.5', active: true },
      { name: null, variance: '-3', active: true },
      { name: null, variance: -0.25, active: true },
      { name: null, variance: 1e21, active: true },
      { name: null, variance: -1.5e-7, active: true },
    ]);
    expect(csv).toBe(`${BOM}Variance\r\n-12.5\r\n-3\r\n-0.25\r\n1000000000000000000000\r\n-0.00000015\r\n`);
  });

  it('guards a value of a number column that is not a plain decimal', async () => {
    const csv = await csvOf(COLUMNS.slice(1, 2), [
      { name: null, variance: '-2+3', active: true },
      { name: null, variance: '=1', active: true },
      { name: null, variance: '-1e5', active: true },
    ]);
    expect(parsed(csv).slice(1)).toEqual([["'-2+3"], ["'=1"], ["'-1e5"]]);
  });

  it('writes null, undefined and empty strings as empty cells', async () => {
    const csv = await csvOf(COLUMNS, [
      { name: null, variance: undefined, active: false },
      { name: '', variance: '', active: true },
    ]);
    expect(csv).toBe(`${BOM}Name,Variance,Active\r\n,,false\r\n,,true\r\n`);
  });

  it('round-trips through csv-parse to exactly the guarded values', async () => {
    const lines: Line[] = [
      { name: 'R&D, "Paris"\r\nteam', variance: '-12.5', active: true },
      { name: '=HYPERLINK("http://x")', variance: '1000000.000001', active: false },
      { name: 'é 日本', variance: -7, active: true },
      { name: '-12', variance: null, active: false },
    ];
    const csv = await csvOf(COLUMNS, lines);
    expect(parsed(csv)).toEqual([
      ['Name', 'Variance', 'Active'],
      ['R&D, "Paris"\r\nteam', '-12.5', 'true'],
      ["'=HYPERLINK(\"http://x\")", '1000000.000001', 'false'],
      ['é 日本', '-7', 'true'],
      ["'-12", '', 'false'],
    ]);
  });

  it('reads an async iterable', async () => {
    const csv = await csvOf(COLUMNS, asyncRows([{ name: 'A', variance: '1', active: true }]));
    expect(csv).toBe(`${BOM}Name,Variance,Active\r\nA,1,true\r\n`);
  });

  it('rejects with the error of a failing cell', async () => {
    const failing: CsvColumn<Line>[] = [{ header: 'Name', cell: () => { throw new Error('no name'); } }];
    await expect(csvOf(failing, [{ name: 'A', variance: '1', active: true }])).rejects.toThrow('no name');
  });

  it('rejects with the error of a failing row source', async () => {
    async function* failingRows(): AsyncGenerator<Line> {
      yield { name: 'A', variance: '1', active: true };
      throw new Error('query failed');
    }
    await expect(csvOf(COLUMNS, failingRows())).rejects.toThrow('query failed');
  });
});

describe('csvStream', () => {
  it('yields, in text chunks, the same text as csvOf for 10,000 rows of an async iterable', async () => {
    const lines = Array.from({ length: 10_000 }, (_, index): Line => ({
      name: index % 7 === 0 ? `=cmd ${index}, "x"` : `Budget ${index} 日本`,
      variance: index % 2 === 0 ? `-${index}.5` : `${index}`,
      active: index % 3 === 0,
    }));
    const { text, chunks } = await streamText(csvStream(COLUMNS, asyncRows(lines)));
    expect(chunks).toBeGreaterThan(1);
    expect(text).toBe(await csvOf(COLUMNS, lines));
    const records = parsed(text);
    expect(records).toHaveLength(10_001);
    expect(records[1]).toEqual(["'=cmd 0, \"x\"", '-0.5', 'true']);
    expect(records[10_000]).toEqual(['Budget 9999 日本', '9999', 'true']);
  });
});

describe('csvDisposition', () => {
  it('names a plain ASCII download without filename*', () => {
    expect(csvDisposition('budgets-2026-11')).toBe('attachment; filename="budgets-2026-11.csv"');
  });

  it('reduces quotes, slashes, backslashes and control characters to _', () => {
    expect(csvDisposition('Q3 "final"/../..\\report\r\nX')).toBe('attachment; filename="Q3 _final_.._.._report_X.csv"');
  });

  it('drops leading dots so the name is neither hidden nor a parent folder', () => {
    expect(csvDisposition('../../etc/passwd')).toBe('attachment; filename="etc_passwd.csv"');
  });

  it('adds an RFC 5987 filename* for non-ASCII names, with an ASCII fallback', () => {
    expect(csvDisposition('Café Paris')).toBe(
      `attachment; filename="Cafe Paris.csv"; filename*=UTF-8''Caf%C3%A9%20Paris.csv`,
    );
    expect(csvDisposition('予算 "日本"/東京')).toBe(
      `attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent('予算 _日本_東京.csv')}`,
    );
  });

  it('falls back to export when nothing safe is left', () => {
    expect(csvDisposition('')).toBe('attachment; filename="export.csv"');
    expect(csvDisposition('"/\\..')).toBe('attachment; filename="export.csv"');
  });

  it('cuts long names to 60 characters, never inside a surrogate pair', () => {
    expect(csvDisposition('a'.repeat(100))).toBe(`attachment; filename="${'a'.repeat(60)}.csv"`);
    // U+20000, a CJK letter outside the BMP: two UTF-16 code units each.
    expect(csvDisposition('\u{20000}'.repeat(100))).toBe(
      `attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent(`${'\u{20000}'.repeat(60)}.csv`)}`,
    );
  });

  it('is served with the CSV content type', () => {
    expect(CSV_CONTENT_TYPE).toBe('text/csv; charset=utf-8');
  });
});
