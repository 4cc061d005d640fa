import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../console/build.js';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { createServices } from '../shared/app/services.js';
import { createTableInput, tableContextFromEnv } from '../shared/adapters/dynamodb/index.js';
import { generateApiKeySecret } from '../shared/domain/access/api-keys.js';
import { localDynamoDbClientConfig, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { LocalGateway } from './gateway.js';
import { startHttpServer } from './server.js';
import { startJobs } from './jobs.js';
import { startWorkers } from './workers.js';
import { localEventPublisher } from './notifications.js';
import { LocalStreamPoller } from './stream-poller.js';
import { createStreamConsumer } from '../shared/app/stream.js';
import type { EventPublisher } from '../shared/notifications/ports.js';

export interface LocalStackOptions {
  port: number;
  host?: string;
  /** Keep nothing between runs. */
  inMemory: boolean;
  dataDir: string;
  bootstrapTenant: string;
  /** A key chosen by the operator; otherwise one is generated (and, with persistent data, kept in dataDir). */
  bootstrapApiKey?: string;
  /** Use an already running DynamoDB (tests) instead of starting DynamoDB Local. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Where notification events go; by default Slack (`SLACK_WEBHOOK_URL`) or the console, as the SNS subscriber does. */
  publisher?: EventPublisher;
  /** Tests drive the stream themselves (`streams.drain()`) instead of the background poll. */
  pollStream?: boolean;
}

export interface LocalStack {
  url: string;
  apiKey: string;
  tenantId: string;
  tableName: string;
  dynamoEndpoint: string;
  gateway: LocalGateway;
  /** The DynamoDB Streams reader that feeds the stream consumer (alerts, events). */
  streams: LocalStreamPoller;
  /** The workers' in-process queues (SQS in AWS): `drain()` waits for what was sent to them. */
  workers: { drain(): Promise<void> };
  stop(): Promise<void>;
}

export const DEFAULT_TABLE_NAME = 'budget-service';

/** Creates the table from the one table definition, unless it exists. */
export async function ensureTable(endpoint: string, tableName: string, options: { stream?: boolean } = {}): Promise<void> {
  const client = new DynamoDBClient(localDynamoDbClientConfig(endpoint));
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, options)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  client.destroy();
}

async function bootstrapSecret(options: LocalStackOptions): Promise<string> {
  if (options.bootstrapApiKey) return options.bootstrapApiKey;
  if (options.inMemory) return generateApiKeySecret();
  const file = join(options.dataDir, 'bootstrap-api-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = generateApiKeySecret();
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return secret;
  }
}

/**
 * The whole service on one machine: DynamoDB Local (embedded), the table, the bootstrap
 * key, the HTTP gateway in front of the Lambda handlers, and what EventBridge and DynamoDB
 * Streams drive in AWS (the scheduled jobs, their workers' queues, the stream consumer and notification delivery).
 * `stop()` undoes all of it.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  let dynamo: DynamoDbLocal | undefined;
  // Undone in reverse order of start: the server stops taking requests first, DynamoDB Local
  // stops last, once no job, worker or stream poll can still call it.
  const stops: Array<() => Promise<void>> = [];
  try {
    if (!options.inMemory) await mkdir(options.dataDir, { recursive: true });
    let endpoint = options.dynamoEndpoint;
    if (!endpoint) {
      dynamo = await startDynamoDbLocal(options.inMemory ? {} : { dataDir: join(options.dataDir, 'dynamodb') });
      stops.push(() => dynamo!.stop());
      endpoint = dynamo.endpoint;
    }
    await ensureTable(endpoint, tableName);
    process.env.TABLE_NAME = tableName;
    process.env.DYNAMODB_ENDPOINT = endpoint;
    process.env.AWS_REGION ??= 'local';

    const apiKey = await bootstrapSecret(options);
    await createServices(tableContextFromEnv()).access.bootstrap(options.bootstrapTenant, apiKey, ['platform', 'admin']);

    // Workers first: a job's first run may already hand them work.
    const workers = await startWorkers();
    // Work handed out is finished before DynamoDB Local stops.
    stops.push(() => workers.drain());
    const jobs = await startJobs();
    stops.push(() => jobs.stop());

    const table = tableContextFromEnv();
    const consumer = createStreamConsumer(table, options.publisher ?? localEventPublisher(table));
    const streams = new LocalStreamPoller(endpoint, tableName, (records) => consumer.consume(records));
    if (options.pollStream !== false) streams.start();
    stops.push(() => streams.stop());

    // The console's files, built fresh (as CDK builds them into the console function's bundle).
    const consoleDir = await mkdtemp(join(tmpdir(), 'budgets-console-'));
    stops.push(() => rm(consoleDir, { recursive: true, force: true }));
    await buildConsole(consoleDir);
    process.env.CONSOLE_DIR = consoleDir;

    const gateway = new LocalGateway();
    const http = await startHttpServer(gateway, options.port, options.host);
    stops.push(() => http.close());
    return {
      url: http.url,
      apiKey,
      tenantId: options.bootstrapTenant,
      tableName,
      dynamoEndpoint: endpoint,
      gateway,
      streams,
      workers,
      stop: async () => {
        for (const stop of stops.splice(0).reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    throw error;
  }
}
