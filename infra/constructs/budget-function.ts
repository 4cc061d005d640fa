import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionSpec, TableAccess } from '../../functions/catalog.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/names.js';

/** The console's files, built by console/build.ts into the bundle's `console/` folder (where functions/api/console.ts reads them). */
const CONSOLE_BUILD_HOOKS: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [`cd "${inputDir}" && node --import tsx console/build.ts "${outputDir}/console"`],
};

/** The repository root: esbuild's project root, where `package-lock.json` and the entries live. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface BudgetFunctionOptions {
  /** The table, wired (`TABLE_NAME`) and granted as the spec's `tableAccess` says. */
  table: ITableV2;
  environment?: Record<string, string>;
}

/**
 * Every Lambda function of the service, from its entry in functions/catalog.ts (code, memory,
 * timeout, table access), with the rest fixed once: Node.js 22 on arm64,
 * one esbuild-bundled ESM file with the AWS SDK inside (the SDK version is the one in
 * package-lock.json, not whatever the runtime ships; no layers), source maps, X-Ray, Powertools' settings, and
 * its own log group (one month). The role is written here rather than left to the
 * `AWSLambdaBasicExecutionRole` managed policy: it may write to its own log group only.
 * Bundling uses the local esbuild (devDependency), never Docker.
 */
export class BudgetFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly tableAccess: TableAccess;
  /** AWS actions granted on "*" (the catalog's `awsActions`). */
  readonly awsActions: readonly string[];

  constructor(scope: Construct, id: string, spec: FunctionSpec, options: BudgetFunctionOptions) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role: ${spec.description}`,
    });
    this.logGroup.grantWrite(this.role); // logs:CreateLogStream + logs:PutLogEvents on this log group only

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(repoRoot, spec.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Powertools (shared/observability): the `service` of log lines and metrics, the metrics' namespace, the log level.
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: 'INFO',
        ...options.environment,
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
        ...(spec.bundlesConsole && { commandHooks: CONSOLE_BUILD_HOOKS }),
      },
    });
    this.tableAccess = spec.tableAccess;
    this.awsActions = spec.awsActions ?? [];
    this.useTable(options.table);
    if (this.awsActions.length > 0) this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...this.awsActions], resources: ['*'] }));
  }

  /** Wires `TABLE_NAME` and grants exactly the spec's access on the table (and its indexes unless `getItem`). */
  private useTable(table: ITableV2): void {
    if (this.tableAccess === 'none') return;
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    switch (this.tableAccess) {
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
  }
}
