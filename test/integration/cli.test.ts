import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, runCli } from '../../cli/program.js';
import type { CliIo } from '../../cli/output.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** The `budgets` CLI against the local server: its real commands, over HTTP, into captured streams. */

let api: TestApi;
let tenantKey: string;
let tenantId: string;
let configDir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  let text = '';
  stream.on('data', (chunk: Buffer) => void (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

async function cli(args: string[], options: { tty?: boolean; env?: Record<string, string>; io?: Partial<CliIo> } = {}): Promise<Run> {
  const stdout = capture(options.tty ?? false);
  const stderr = capture(false);
  const env = { BUDGETS_CONFIG: join(configDir, 'config.json'), NO_COLOR: '1', ...options.env };
  const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, env, ...options.io });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const json = (run: Run) => JSON.parse(run.stdout);

beforeAll(async () => {
  api = await startTestApi();
  ({ tenantId, adminKey: tenantKey } = await api.newTenant('cli'));
  configDir = await mkdtemp(join(tmpdir(), 'budgets-cli-'));
});
afterAll(async () => api?.stop());

describe('budgets CLI', () => {
  it('logs in: checks the key, then saves URL and key readable by the owner only; a wrong key saves nothing', async () => {
    const refused = await cli(['login', '--url', api.stack.url, '--key', 'bk_wrong_key_0000000000000000000000']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^budgets: .+\n$/);
    await expect(stat(join(configDir, 'config.json'))).rejects.toThrow();

    const loggedIn = await cli(['login', '--url', api.stack.url, '--key', tenantKey]);
    expect(loggedIn.code).toBe(0);
    const file = await stat(join(configDir, 'config.json'));
    expect(file.mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8'))).toEqual({ url: api.stack.url, apiKey: tenantKey });
  });

  it('creates a tree; --output json is exactly the API\'s answer; the roll-up shows parent before child', async () => {
    const org = json(await cli(['budgets', 'create', '--name', 'Org, "HQ"', '--scope', 'organization:acme', '--currency', 'USD', '--limit', '1000', '-o', 'json']));
    const team = await cli(['budgets', 'create', '--name', 'ML', '--scope', 'team:ml', '--currency', 'USD', '--limit', '100', '--parent', org.id, '--category', 'gpt-4o=60', '--category', 'embeddings=40']);
    expect(team.code).toBe(0);
    const teamId = json(team).id;
    expect(json(team).categories).toEqual([{ name: 'gpt-4o', limit: '60' }, { name: 'embeddings', limit: '40' }]);

    const fromCli = await cli(['budgets', 'get', teamId, '--output', 'json']);
    expect(json(fromCli)).toEqual((await api.call('GET', `/v1/budgets/${teamId}`, { key: tenantKey })).body);
    const status = await cli(['status', teamId]);
    const served = (await api.call('GET', `/v1/budgets/${teamId}/status`, { key: tenantKey })).body;
    // `asOf` is when each answer was read.
    expect({ ...json(status), asOf: served.asOf }).toEqual(served);

    const tree = await cli(['status', '--output', 'table'], { tty: true });
    const lines = tree.stdout.split('\n');
    const orgLine = lines.findIndex((line) => line.includes('Org, "HQ"'));
    expect(orgLine).toBeGreaterThan(0);
    expect(lines[orgLine + 1]).toMatch(/^\s+ML\s+bud_/);
  });

  it('reserves within the limit, exits 3 when a hard budget refuses, 4 for an unknown id, 2 for bad usage', async () => {
    const budget = json(await cli(['budgets', 'create', '--name', 'Hard', '--scope', 'project:p1', '--currency', 'EUR', '--limit', '10']));
    const held = await cli(['reserve', budget.id, '4']);
    expect([held.code, json(held).status, json(held).amount]).toEqual([0, 'held', '4']);

    const refused = await cli(['reserve', budget.id, '7']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('does not have room');

    const unknown = await cli(['status', 'bud_01KB2M7Q8R4T6V9X2Z5C8E1G3J']);
    expect([unknown.code, unknown.stderr]).toEqual([4, 'budgets: Budget bud_01KB2M7Q8R4T6V9X2Z5C8E1G3J was not found.\n']);
    expect((await cli(['charge', 'res_01KB2M7Q8R4T6V9X2Z5C8E1G3J'])).code).toBe(4);

    expect((await cli(['reserve', budget.id])).code).toBe(2);
    expect((await cli(['nonsense'])).code).toBe(2);
    const badAmount = await cli(['reserve', budget.id, '1e3']);
    expect(badAmount.code).toBe(2);
    expect(badAmount.stderr).toContain('/amount: ');
    expect((await api.call('GET', `/v1/budgets/${budget.id}/status`, { key: tenantKey })).body.reserved).toBe('4');
  });

  it('sends a fresh Idempotency-Key per run, and repeats a movement with --idempotency-key', async () => {
    const budget = json(await cli(['budgets', 'create', '--name', 'Keys', '--scope', 'project:p2', '--currency', 'USD', '--limit', '100']));
    const first = json(await cli(['reserve', budget.id, '1']));
    const second = json(await cli(['reserve', budget.id, '1']));
    expect(first.id).not.toBe(second.id);
    const once = json(await cli(['reserve', budget.id, '2', '--idempotency-key', 'job-42']));
    const again = json(await cli(['reserve', budget.id, '2', '--idempotency-key', 'job-42']));
    expect(again.id).toBe(once.id);
    const charged = json(await cli(['charge', once.id, '1.5']));
    expect([charged.status, charged.chargedAmount]).toEqual(['charged', '1.5']);
    expect((await api.call('GET', `/v1/budgets/${budget.id}/status`, { key: tenantKey })).body).toMatchObject({ spent: '1.5', reserved: '2' });
  });

  it('writes CSV: the list as rows the API answered, and the report as the service\'s own CSV', async () => {
    const name = '=HYPERLINK("http://x"), with "quotes"\nand a line';
    const budget = json(await cli(['budgets', 'create', '--name', name, '--scope', 'project:csv', '--currency', 'USD', '--limit', '50', '--category', 'gpt-4o=50']));
    await cli(['usage', 'add', budget.id, '12.25', '--category', 'gpt-4o']);
    // Categories come from the stream consumer's breakdown.
    await api.stack.streams.drain();

    const listed = await cli(['budgets', 'list', '--scope-type', 'project', '--all', '-o', 'csv']);
    const rows = parse(listed.stdout, { columns: true }) as Array<Record<string, string>>;
    const row = rows.find((candidate) => candidate.id === budget.id)!;
    expect(row).toMatchObject({ name: `'${name}`, limit: '50', currency: 'USD', scope: 'project:csv' });

    const report = await cli(['report', budget.id, '--csv']);
    const served = await api.call('GET', `/v1/budgets/${budget.id}/report?format=csv`, { key: tenantKey });
    expect(report.stdout).toBe(served.body);
    const categories = parse(report.stdout, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(categories[0]).toMatchObject({ category: 'gpt-4o', planned: '50', spent: '12.25' });
  });

  it('never prints a tenant\'s control characters to the terminal: a name cannot rewrite the screen or break a row', async () => {
    const hostile = 'Evil\u001b]0;pwned\u0007\u001b[2J\nrow';
    const budget = json(await cli(['budgets', 'create', '--name', hostile, '--scope', 'project:esc', '--currency', 'USD', '--limit', '5']));
    const table = await cli(['budgets', 'get', budget.id, '-o', 'table'], { tty: true });
    expect(table.stdout).toContain('Evil?]0;pwned??[2J?row');
    expect(table.stdout).not.toContain('\u001b');
    expect(json(await cli(['budgets', 'get', budget.id])).name).toBe(hostile);
  });

  it('prints tables on a terminal, colored unless NO_COLOR; forecast draws a chart of spend, forecast and limit', async () => {
    const budget = json(await cli(['budgets', 'create', '--name', 'Chart', '--scope', 'project:chart', '--currency', 'USD', '--limit', '300']));
    await cli(['usage', 'add', budget.id, '20']);
    const plain = await cli(['forecast', budget.id], { tty: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/projectedSpend\s+\d/);
    expect(plain.stdout).toContain('── limit 300 USD');
    expect(plain.stdout).toMatch(/[╭╯─┤]/);
    expect(plain.stdout).not.toContain('\u001b[');
    const colored = await cli(['status', budget.id], { tty: true, env: { NO_COLOR: '' } });
    expect(colored.stdout).toContain('\u001b[');
    expect(colored.stdout).toMatch(/used\s+\S*░/);
  });

  it('status --watch refreshes until stopped: one JSON line per refresh when piped', async () => {
    const budget = json(await cli(['budgets', 'create', '--name', 'Watched', '--scope', 'project:watch', '--currency', 'USD', '--limit', '10']));
    const controller = new AbortController();
    let waits = 0;
    const sleep = async () => {
      waits += 1;
      // Spend between the refreshes, so the second frame must show it.
      if (waits === 1) await api.call('POST', `/v1/budgets/${budget.id}/usage`, { key: tenantKey, body: { amount: '3' } });
      if (waits === 2) controller.abort();
    };
    const watched = await cli(['status', budget.id, '--watch', '1'], { io: { sleep, signal: controller.signal } });
    expect(watched.code).toBe(0);
    const frames = watched.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(frames.map((frame) => frame.spent)).toEqual(['0', '3']);
    expect((await cli(['status', budget.id, '--watch', '0'])).code).toBe(2);
  });

  it('lists and decides approvals, acknowledges alerts, and manages keys', async () => {
    const budget = json(await cli(['budgets', 'create', '--name', 'Approve', '--scope', 'project:ap', '--currency', 'USD', '--limit', '10', '--enforcement', 'approval']));
    const pending = json(await cli(['reserve', budget.id, '15']));
    expect(pending.status).toBe('pending_approval');
    const listed = json(await cli(['approvals', 'list', '--status', 'pending', '--budget', budget.id]));
    expect(listed.items.map((approval: { reservationId: string }) => approval.reservationId)).toEqual([pending.id]);
    const approved = json(await cli(['approvals', 'approve', listed.items[0].id, '--comment', 'quarter end']));
    expect([approved.status, approved.comment]).toEqual(['approved', 'quarter end']);
    expect((await api.call('GET', `/v1/reservations/${pending.id}`, { key: tenantKey })).body.status).toBe('held');

    await api.stack.streams.drain();
    const alerts = json(await cli(['alerts', 'list', '--budget', budget.id, '--state', 'active']));
    expect(alerts.items.length).toBeGreaterThan(0);
    const acknowledged = json(await cli(['alerts', 'ack', alerts.items[0].id]));
    expect(acknowledged.state).toBe('acknowledged');

    const key = json(await cli(['keys', 'create', '--name', 'ci', '--roles', 'writer,viewer']));
    expect(key.roles).toEqual(['writer', 'viewer']);
    const keys = json(await cli(['keys', 'list', '--all']));
    expect(keys.items.map((item: { id: string }) => item.id)).toContain(key.id);
    const lead = json(await cli(['keys', 'create', '--name', 'lead', '--roles', 'approver', '--max-approval-level', 'manager', '--rate-limit', '5/10']));
    expect([lead.maxApprovalLevel, lead.rateLimit]).toEqual(['manager', { requestsPerSecond: 5, burst: 10 }]);
    expect((await cli(['keys', 'create', '--name', 'x', '--roles', 'viewer', '--rate-limit', 'fast'])).code).toBe(2);
    const rotated = json(await cli(['keys', 'rotate', key.id, '--grace', '60']));
    expect([rotated.id, rotated.key === key.key]).toEqual([key.id, false]);
    expect((await api.call('GET', '/v1/budgets', { key: key.key })).status).toBe(200);
    expect((await api.call('GET', '/v1/budgets', { key: rotated.key })).status).toBe(200);
    expect((await cli(['keys', 'revoke', key.id])).code).toBe(0);
    expect(json(await cli(['keys', 'list', '--all'])).items.map((item: { id: string }) => item.id)).not.toContain(key.id);
    expect((await api.call('GET', '/v1/budgets', { key: rotated.key })).status).toBe(401);
  });

  it('lists tenants with a platform key', async () => {
    const tenants = json(await cli(['tenants', 'list', '--all'], { env: { BUDGETS_URL: api.stack.url, BUDGETS_API_KEY: api.adminKey } }));
    expect(tenants.items.map((tenant: { id: string }) => tenant.id)).toContain(tenantId);
    const refused = await cli(['tenants', 'list']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^budgets: .+\n$/);
  });

  it('reads the audit trail, and exports and erases a scope', async () => {
    const created = await api.call('POST', '/v1/budgets', { key: tenantKey, body: { name: 'Dana', scope: { type: 'user', id: 'dana:ops' }, currency: 'USD', limit: '10', period: { type: 'monthly' } } });
    const trail = json(await cli(['audit', '--resource-type', 'budget', '--resource-id', created.body.id]));
    expect(trail.items.map((entry: { action: string }) => entry.action)).toEqual(['budget.created']);
    const exported = await cli(['privacy', 'export', 'user:dana:ops']);
    expect(exported.code).toBe(0);
    expect(json(exported).budgets.map((entry: { budget: { name: string } }) => entry.budget.name)).toEqual(['Dana']);
    expect(json(await cli(['privacy', 'erase', 'user:dana:ops', '--reason', 'request 9']))).toEqual({ budgets: 1, records: 0, complete: true });
    expect((await api.call('GET', `/v1/budgets/${created.body.id}`, { key: tenantKey })).body.name).toBe('[erased]');
    const malformed = await cli(['privacy', 'erase', 'dana', '--reason', 'x']);
    expect([malformed.code, malformed.stderr]).toEqual([2, expect.stringContaining('<type>:<id>')]);
  });

  it('has --help with an example on every command', async () => {
    const paths: string[][] = [];
    const walk = (command: Command, path: string[]) => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(createProgram({ stdout: process.stdout, stderr: process.stderr, env: {} }), []);
    expect(paths.length).toBeGreaterThan(25);
    for (const path of [[], ...paths]) {
      const help = await cli([...path, '--help']);
      expect([path.join(' '), help.code]).toEqual([path.join(' '), 0]);
      expect(help.stdout, path.join(' ')).toMatch(/Example:\n {2}\$ budgets /);
    }
  });

  it('runs as the package\'s bin (npx budgets), with BUDGETS_URL and BUDGETS_API_KEY instead of a login', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['cli/bin.mjs', 'budgets', 'list', '--limit', '1'], {
      env: { ...process.env, BUDGETS_CONFIG: join(configDir, 'none.json'), BUDGETS_URL: api.stack.url, BUDGETS_API_KEY: tenantKey },
    });
    expect(JSON.parse(stdout).items).toHaveLength(1);
  });
});
