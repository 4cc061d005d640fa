import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild's project root, where `package-lock.json` and the entries live. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What a function may do with the table:
 * - `getItem`: `GetItem` on the base table only (the authorizer looks a key up by its hash);
 * - `read`: every read, indexes included;
 * - `readWrite`: reads and writes, indexes included (transactions use the same actions).
 */
export type TableAccess = 'getItem' | 'read' | 'readWrite';

export interface BudgetFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/api/budgets.ts`; it exports `handler`. */
  entry: string;
  description: string;
  /** Default 512 MB. */
  memorySize?: number;
  /** Default 10 s. */
  timeout?: Duration;
  environment?: Record<string, string>;
}

/**
 * Every Lambda function of the service, with the defaults fixed once: Node.js 22 on arm64,
 * one esbuild-bundled ESM file with the AWS SDK inside (the SDK version is the one in
 * package-lock.json, not whatever the runtime ships; no layers), source maps, X-Ray, and
 * its own log group (one month). The role is written here rather than left to the
 * `AWSLambdaBasicExecutionRole` managed policy: it may write to its own log group only.
 * Bundling uses the local esbuild (devDependency), never Docker.
 */
export class BudgetFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** What `useTable` granted; undefined when the function does not touch the table. */
  tableAccess: TableAccess | undefined;

  constructor(scope: Construct, id: string, props: BudgetFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role); // logs:CreateLogStream + logs:PutLogEvents on this log group only

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK (CDK leaves `@aws-sdk/*` external by default for Node 18+).
        bundleAwsSDK: true,
        externalModules: [],
        forceDockerBundling: false,
        // CommonJS dependencies inside an ESM bundle still call require().
        banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
      },
    });
  }

  /** Wires `TABLE_NAME` and grants exactly `access` on the table (and its indexes unless `getItem`). */
  useTable(table: ITableV2, access: TableAccess): this {
    if (this.tableAccess) throw new Error(`${this.node.path} already uses a table`);
    this.tableAccess = access;
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    switch (access) {
      case 'getItem':
        this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }));
        break;
      case 'read':
        table.grantReadData(this.fn);
        break;
      case 'readWrite':
        table.grantReadWriteData(this.fn);
        break;
    }
    return this;
  }
}
