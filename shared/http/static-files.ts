import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../domain/common/errors.js';
import type { ApiResponse } from './api-handler.js';
import { CHART_STYLE } from './views/chart.js';

/** The console's files, by name, with their types; nothing else in the folder is served. */
const CONSOLE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** The burn-up chart's <style>, which the policy lets the chart (a blob: image of the page) apply. */
const CHART_STYLE_HASH = `'sha256-${createHash('sha256').update(CHART_STYLE).digest('base64')}'`;

/**
 * The page may run only its own script and style, and talk only to its own origin (the API):
 * a pasted key cannot be sent anywhere else, and nothing loads from another network.
 */
const SECURITY_HEADERS = {
  'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self' ${CHART_STYLE_HASH}; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const cache = new Map<string, string>();

/** Serves one of the console's files from `directory` (read once per instance). */
export async function consoleFile(directory: string, name: string): Promise<ApiResponse> {
  // Own names only: `constructor` or `__proto__` are on every object and name no file.
  const contentType = Object.hasOwn(CONSOLE_FILES, name) ? CONSOLE_FILES[name] : undefined;
  if (!contentType) throw new NotFoundError('Console file', name);
  const path = join(directory, name);
  let text = cache.get(path);
  if (text === undefined) {
    text = await readFile(path, 'utf8');
    cache.set(path, text);
  }
  return { status: 200, text, headers: { 'Content-Type': contentType, ...SECURITY_HEADERS } };
}
