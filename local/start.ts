import './dev-env.js';
import { resolve } from 'node:path';
import { startLocalStack } from './stack.js';

/**
 * `npm start`: the whole service locally. Configuration (API.md): PORT (3000), IN_MEMORY,
 * BOOTSTRAP_API_KEY / BOOTSTRAP_TENANT, data under .data/. Ctrl-C or SIGTERM stops
 * everything it started, DynamoDB Local included.
 */
const port = Number(process.env.PORT ?? 3000);
const stack = await startLocalStack({
  port,
  host: process.env.HOST ?? '127.0.0.1',
  inMemory: process.env.IN_MEMORY === 'true',
  dataDir: resolve(process.env.DATA_DIR ?? '.data'),
  bootstrapTenant: process.env.BOOTSTRAP_TENANT ?? 'default',
  bootstrapApiKey: process.env.BOOTSTRAP_API_KEY || undefined,
  // An existing DynamoDB (the benchmark's, another test rig) instead of starting DynamoDB Local.
  dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  tableName: process.env.TABLE_NAME || undefined,
  pollStream: process.env.POLL_STREAM !== 'false',
});

const keyLine = process.env.BOOTSTRAP_API_KEY ? '(from BOOTSTRAP_API_KEY)' : stack.apiKey;
console.log(`
Budget service running at ${stack.url}/v1
  console:  ${stack.url}/   (paste the API key)
  tenant:   ${stack.tenantId}
  API key:  ${keyLine}   (roles: platform, admin)
  data:     ${process.env.IN_MEMORY === 'true' ? 'in memory (IN_MEMORY=true)' : resolve(process.env.DATA_DIR ?? '.data')}
  OpenAPI:  ${stack.url}/v1/openapi.json

Try:
  curl ${stack.url}/v1/health
  curl -H "Authorization: Bearer $API_KEY" ${stack.url}/v1/budgets
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));

// If whatever started us (npm, a shell, a test runner) dies without passing on a signal,
// we are re-parented: stop too rather than keep a server and DynamoDB Local running.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown('parent exited');
}, 1000).unref();
