import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/common/errors.js';
import { FOCUS_REQUIRED_COLUMNS, readFocusCsv, type FocusRow } from '../../shared/http/focus-csv.js';

const HEADER = FOCUS_REQUIRED_COLUMNS.join(',');
/** A valid data row; `fields` replaces some of its values (already CSV-quoted where needed). */
const row = (fields: Partial<Record<(typeof FOCUS_REQUIRED_COLUMNS)[number], string>> = {}) =>
  [
    fields.ChargePeriodStart ?? '2026-11-03T00:00:00Z',
    fields.ChargePeriodEnd ?? '2026-11-04T00:00:00Z',
    fields.BilledCost ?? '1.5',
    fields.BillingCurrency ?? 'USD',
    fields.ServiceName ?? 'Amazon Bedrock',
    fields.SubAccountId ?? '123456789012',
    fields.RegionId ?? 'us-east-1',
    fields.Tags ?? '',
  ].join(',');

async function read(csv: string) {
  const rows: FocusRow[] = [];
  const summary = await readFocusCsv(csv, (focusRow) => rows.push(focusRow));
  return { rows, summary };
}

async function rejection(csv: string): Promise<ValidationError> {
  const error: unknown = await readFocusCsv(csv, () => {}).then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('readFocusCsv', () => {
  it('reads valid rows with their dimensions, tags, exact amounts and UTC day', async () => {
    const { rows, summary } = await read([
      HEADER,
      row({ ChargePeriodStart: '2026-11-03T22:00:00-05:00', ChargePeriodEnd: '2026-11-04T22:00:00-05:00', BilledCost: '0.1', Tags: '"{""team"":""ml"",""cost-center"":42,""spot"":true,""owner"":null}"' }),
      row({ ChargePeriodStart: '2026-11-05', ChargePeriodEnd: '2026-11-06', BilledCost: '1.2E-5', BillingCurrency: 'eur', ServiceName: 'Amazon S3', SubAccountId: '', RegionId: '' }),
      row({ ChargePeriodStart: '2026-11-06T23:59:59.999+00:00', ChargePeriodEnd: '2026-11-07T00:00:00Z', BilledCost: '-12.3456785', ServiceName: '' }),
      row({ ChargePeriodStart: '2026-11-07 08:00:00', ChargePeriodEnd: '2026-11-07 09:00:00', BilledCost: '999999999999.999999' }),
    ].join('\n'));

    expect(summary).toEqual({ rows: 4, invalidRows: [] });
    expect(rows).toEqual([
      { line: 2, date: '2026-11-04', billedCostMicros: 100_000n, currency: 'USD', serviceName: 'Amazon Bedrock', subAccountId: '123456789012', regionId: 'us-east-1', tags: { team: 'ml', 'cost-center': '42', spot: 'true' } },
      { line: 3, date: '2026-11-05', billedCostMicros: 12n, currency: 'EUR', serviceName: 'Amazon S3', subAccountId: '', regionId: '', tags: {} },
      { line: 4, date: '2026-11-06', billedCostMicros: -12_345_679n, currency: 'USD', serviceName: '', subAccountId: '123456789012', regionId: 'us-east-1', tags: {} },
      { line: 5, date: '2026-11-07', billedCostMicros: 999_999_999_999_999_999n, currency: 'USD', serviceName: 'Amazon Bedrock', subAccountId: '123456789012', regionId: 'us-east-1', tags: {} },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering rows by the line they start on', async () => {
    const { rows, summary } = await read([
      HEADER,
      row(),
      row({ ServiceName: '"Amazon ""Bedrock"", Claude"', Tags: '"{""team"": ""ml, research""}"' }),
      row(),
      row({ ServiceName: '"Amazon\nBedrock\nRuntime"' }),
      row({ Tags: '"{\n  ""team"": ""ml""\n}"' }),
      row(),
    ].join('\n'));

    expect(summary).toEqual({ rows: 6, invalidRows: [] });
    expect(rows.map((focusRow) => focusRow.line)).toEqual([2, 3, 4, 5, 8, 11]);
    expect(rows[1]).toMatchObject({ serviceName: 'Amazon "Bedrock", Claude', tags: { team: 'ml, research' } });
    expect(rows[3]?.serviceName).toBe('Amazon\nBedrock\nRuntime');
    expect(rows[4]?.tags).toEqual({ team: 'ml' });
  });

  it('ignores a UTF-8 BOM, reads CRLF line endings (inside quotes too) and skips empty lines', async () => {
    const csv = `\uFEFF${[HEADER, row(), '', row({ ServiceName: '"Amazon\r\nBedrock"' }), row(), '', '', row({ BilledCost: 'x' }), ''].join('\r\n')}`;
    const { rows, summary } = await read(csv);

    expect(rows.map((focusRow) => [focusRow.line, focusRow.serviceName])).toEqual([[2, 'Amazon Bedrock'], [4, 'Amazon\r\nBedrock'], [6, 'Amazon Bedrock']]);
    expect(summary).toEqual({ rows: 4, invalidRows: [{ line: 9, detail: 'BilledCost "x" is not a number (or its size is over 10^12)' }] });
  });

  it('reads a file that mixes CRLF and LF line endings', async () => {
    const { rows } = await read(`${HEADER}\r\n${row()}\n${row()}\r\n`);

    expect(rows.map((focusRow) => focusRow.line)).toEqual([2, 3]);
  });

  it('finds the FOCUS columns in any order and ignores the others', async () => {
    const columns = ['x_Custom', ...[...FOCUS_REQUIRED_COLUMNS].reverse(), 'BillingAccountId'];
    const values: Record<string, string> = {
      x_Custom: 'ignored', BillingAccountId: '999', Tags: '"{""env"":""prod""}"', RegionId: 'eu-west-1', SubAccountId: '42', ServiceName: 'Amazon EC2',
      BillingCurrency: 'GBP', BilledCost: '7', ChargePeriodEnd: '2026-11-02T00:00:00Z', ChargePeriodStart: '2026-11-01T00:00:00Z',
    };
    const { rows } = await read(`${columns.join(',')}\n${columns.map((name) => values[name]).join(',')}\n`);

    expect(rows).toEqual([{
      line: 2, date: '2026-11-01', billedCostMicros: 7_000_000n, currency: 'GBP',
      serviceName: 'Amazon EC2', subAccountId: '42', regionId: 'eu-west-1', tags: { env: 'prod' },
    }]);
  });

  it('keeps formula-looking text as text', async () => {
    const { rows } = await read(`${HEADER}\n${row({ ServiceName: '=SUM(A1)', RegionId: '@cmd', SubAccountId: '+1' })}\n`);

    expect(rows[0]).toMatchObject({ serviceName: '=SUM(A1)', regionId: '@cmd', subAccountId: '+1' });
  });

  it.each([
    ['fewer fields than the header', '2026-11-03,2026-11-04,1', 'has 3 field(s); the header has 8'],
    ['more fields than the header', `${row()},extra`, 'has 9 field(s); the header has 8'],
    ['a start that is no date', row({ ChargePeriodStart: 'yesterday' }), 'ChargePeriodStart "yesterday" is not an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)'],
    ['a start on a day that does not exist', row({ ChargePeriodStart: '2026-02-30T00:00:00Z' }), 'ChargePeriodStart "2026-02-30T00:00:00Z" is not an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)'],
    ['a start in a date format that is not ISO 8601', row({ ChargePeriodStart: '11/03/2026' }), 'ChargePeriodStart "11/03/2026" is not an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)'],
    ['an end at hour 25', row({ ChargePeriodEnd: '2026-11-03T25:00:00Z' }), 'ChargePeriodEnd "2026-11-03T25:00:00Z" is not an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)'],
    ['an empty end', row({ ChargePeriodEnd: '' }), 'ChargePeriodEnd "" is not an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)'],
    ['an end before the start', row({ ChargePeriodEnd: '2026-11-02T23:00:00Z' }), 'ChargePeriodEnd "2026-11-02T23:00:00Z" is before ChargePeriodStart "2026-11-03T00:00:00Z"'],
    ['a cost that is no number', row({ BilledCost: 'twelve' }), 'BilledCost "twelve" is not a number (or its size is over 10^12)'],
    ['a cost with a thousands separator', row({ BilledCost: '"1,234.5"' }), 'BilledCost "1,234.5" is not a number (or its size is over 10^12)'],
    ['an empty cost', row({ BilledCost: '' }), 'BilledCost is empty'],
    ['a two-letter currency', row({ BillingCurrency: 'US' }), 'BillingCurrency "US" is not a three-letter ISO 4217 code'],
    ['a currency symbol', row({ BillingCurrency: '€' }), 'BillingCurrency "€" is not a three-letter ISO 4217 code'],
    ['tags that are not JSON', row({ Tags: 'team=ml' }), 'Tags "team=ml" is not valid JSON'],
    ['tags that are a JSON array', row({ Tags: '"[""ml""]"' }), 'Tags "[\\"ml\\"]" is not a JSON object'],
    ['tags that are a JSON string', row({ Tags: '"""ml"""' }), 'Tags "\\"ml\\"" is not a JSON object'],
    ['a tag whose value is an object', row({ Tags: '"{""team"":{""name"":""ml""}}"' }), 'Tags "team" has an object as its value; tag values are strings'],
    ['a tag whose value is an array', row({ Tags: '"{""team"":[""ml""]}"' }), 'Tags "team" has an array as its value; tag values are strings'],
    ['several problems', row({ BilledCost: '', BillingCurrency: 'dollars' }), 'BilledCost is empty; BillingCurrency "dollars" is not a three-letter ISO 4217 code'],
  ])('lists a row with %s by its line and reads on', async (_case, invalidRow, detail) => {
    const { rows, summary } = await read([HEADER, row(), invalidRow, row()].join('\n'));

    expect(summary).toEqual({ rows: 3, invalidRows: [{ line: 3, detail }] });
    expect(rows.map((focusRow) => focusRow.line)).toEqual([2, 4]);
  });

  it('cuts a long value quoted in a detail', async () => {
    const { summary } = await read(`${HEADER}\n${row({ BillingCurrency: 'X'.repeat(1_000) })}\n`);

    expect(summary.invalidRows[0]?.detail).toBe(`BillingCurrency "${'X'.repeat(64)}…" is not a three-letter ISO 4217 code`);
  });

  it('lists the first 1,000 invalid rows and counts them all', async () => {
    const { rows, summary } = await read([HEADER, ...Array.from({ length: 1_005 }, () => 'not,a,row'), row()].join('\n'));

    expect(summary.rows).toBe(1_006);
    expect(summary.invalidRows).toHaveLength(1_000);
    expect(summary.invalidRows.at(-1)?.line).toBe(1_001);
    expect(rows.map((focusRow) => focusRow.line)).toEqual([1_007]);
  });

  it('refuses a header that lacks FOCUS columns, naming them', async () => {
    const error = await rejection('ChargePeriodStart,ChargePeriodEnd,Cost,BillingCurrency,ServiceName,SubAccountId,RegionId\n');

    expect(error.errors).toEqual([{ pointer: '/body', detail: 'the header lacks the FOCUS column(s) BilledCost, Tags' }]);
  });

  it('refuses a header that repeats a FOCUS column', async () => {
    const error = await rejection(`${HEADER},BilledCost\n`);

    expect(error.errors).toEqual([{ pointer: '/body', detail: 'the header repeats the FOCUS column(s) BilledCost' }]);
  });

  it.each([['nothing', ''], ['empty lines', '\r\n\n'], ['a BOM', '\uFEFF']])('refuses a body of %s', async (_case, csv) => {
    const error = await rejection(csv);

    expect(error.errors).toEqual([{ pointer: '/body', detail: `the CSV is empty: it needs a header with the FOCUS columns ${FOCUS_REQUIRED_COLUMNS.join(', ')}` }]);
  });

  it('reads a header without rows as no rows', async () => {
    expect(await read(`${HEADER}\n`)).toEqual({ rows: [], summary: { rows: 0, invalidRows: [] } });
  });

  it('refuses an unclosed quote at the end of the file, at the line of its row', async () => {
    const error = await rejection([HEADER, row(), '', row({ ServiceName: '"Amazon' }), 'Bedrock'].join('\n'));

    expect(error.errors).toEqual([{ pointer: '/body', detail: expect.stringMatching(/^the CSV is malformed at line 4: Quote Not Closed/) }]);
  });

  it('refuses a quote inside an unquoted field', async () => {
    const error = await rejection([HEADER, row(), row({ ServiceName: 'Amazon "Bedrock"' })].join('\n'));

    expect(error.errors).toEqual([{ pointer: '/body', detail: expect.stringMatching(/^the CSV is malformed at line 3: Invalid Opening Quote/) }]);
  });

  it('passes on an error of onRow as it is', async () => {
    const failure = new Error('the store is down');

    await expect(readFocusCsv(`${HEADER}\n${row()}\n`, () => { throw failure; })).rejects.toBe(failure);
  });

  it('keeps a character outside the BMP whole across the 64 KiB slices the text is fed in', async () => {
    const prefix = `${HEADER}\n2026-11-03,2026-11-04,1,USD,`;
    const serviceName = `${'a'.repeat(64 * 1024 - 1 - prefix.length)}🚀`;
    const { rows } = await read(`${prefix}${serviceName},1,r,\n${row()}\n`);

    expect(rows.map((focusRow) => focusRow.serviceName)).toEqual([serviceName, 'Amazon Bedrock']);
  });

  it('reads a 100,000-row file', async () => {
    const rowCount = 100_000;
    const lines = [HEADER];
    for (let index = 0; index < rowCount; index += 1) {
      const day = String(1 + (index % 28)).padStart(2, '0');
      lines.push(row({ ChargePeriodStart: `2026-10-${day}T00:00:00Z`, ChargePeriodEnd: `2026-10-${day}T01:00:00Z`, BilledCost: `0.${String(index).padStart(6, '0')}`, Tags: '"{""team"":""ml""}"' }));
    }
    let totalMicros = 0n;
    let lastLine = 0;
    let rowsRead = 0;
    const summary = await readFocusCsv(`${lines.join('\n')}\n`, (focusRow) => {
      totalMicros += focusRow.billedCostMicros;
      lastLine = focusRow.line;
      rowsRead += 1;
    });

    expect(summary).toEqual({ rows: rowCount, invalidRows: [] });
    expect(rowsRead).toBe(rowCount);
    expect(lastLine).toBe(rowCount + 1);
    expect(totalMicros).toBe(BigInt((rowCount * (rowCount - 1)) / 2));
  });
});
