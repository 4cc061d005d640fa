import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { CliUsageError } from './errors.js';

/**
 * Where `budgets login` keeps the service URL and the API key: the user's config directory
 * (`$XDG_CONFIG_HOME/budgets`, `~/Library/Preferences/budgets`, `%APPDATA%\budgets`), readable
 * by its owner only. `BUDGETS_URL` and `BUDGETS_API_KEY` override it, so CI needs no file.
 */

const StoredConfig = z.object({ url: z.url(), apiKey: z.string().min(1) });
export type StoredConfig = z.output<typeof StoredConfig>;

/** The config file: `BUDGETS_CONFIG` names another (tests, several services). */
export function configPath(env: NodeJS.ProcessEnv): string {
  return env.BUDGETS_CONFIG ?? join(envPaths('budgets', { suffix: '' }).config, 'config.json');
}

export async function saveConfig(env: NodeJS.ProcessEnv, config: StoredConfig): Promise<string> {
  const file = configPath(env);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await chmod(dirname(file), 0o700).catch(() => undefined);
  // Written whole under a fresh name, created exclusively (never through a planted file or
  // link) with mode 0600, then renamed: a reader never sees half a key, nor a wider mode.
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(StoredConfig.parse(config), null, 2)}\n`);
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  return file;
}

async function readConfig(file: string): Promise<Partial<StoredConfig>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = StoredConfig.partial().safeParse(json);
  if (!parsed.success) throw new CliUsageError(`${file} is not a budgets config; run budgets login again`);
  return parsed.data;
}

/** The URL and key to use: the environment first, then the saved login. */
export async function resolveConfig(env: NodeJS.ProcessEnv): Promise<StoredConfig> {
  const saved = await readConfig(configPath(env));
  const url = env.BUDGETS_URL ?? saved.url;
  const apiKey = env.BUDGETS_API_KEY ?? saved.apiKey;
  if (!url || !apiKey) throw new CliUsageError('not logged in: run budgets login --url <url> --key <key>, or set BUDGETS_URL and BUDGETS_API_KEY');
  return { url, apiKey };
}
