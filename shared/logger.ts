/** Structured JSON log lines (CloudWatch Logs Insights friendly); quiet when LOG_LEVEL=silent. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? 'info').toLowerCase() as Level | 'silent';
  return LEVEL_ORDER[configured] ?? LEVEL_ORDER.info;
}

function serializeError(error: unknown): unknown {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
}

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (LEVEL_ORDER[level] < threshold()) return;
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields, ...(fields.error ? { error: serializeError(fields.error) } : {}) });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write('debug', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
};
