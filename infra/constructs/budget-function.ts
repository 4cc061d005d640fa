import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface BudgetFunctionProps {
  /** Path of the entry file from the repository root, e.g. `functions/api/budgets.ts`. */
  entry: string;
  description: string;
  table?: ITableV2;
  tableAccess?: 'read' | 'readWrite';
  timeout?: Duration;
  memorySizeMb?: number;
  environment?: Record<string, string>;
}

/**
 * Every Lambda function of the service, with the defaults fixed once: Node.js 22 on arm64,
 * an esbuild-bundled ESM file with the AWS SDK inside (no layers, one file to load at cold
 * start), source maps, X-Ray, and a log group with one month of retention.
 */
export class BudgetFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: BudgetFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}${props.entry}`,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySizeMb ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.table && { TABLE_NAME: props.table.tableName }),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        forceDockerBundling: false,
        // CommonJS dependencies inside an ESM bundle still call require().
        banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
      },
    });
    if (props.table) {
      if (props.tableAccess === 'read') props.table.grantReadData(this.fn);
      else props.table.grantReadWriteData(this.fn);
    }
  }
}
