// Dependency rules of the service: dependencies point one way,
//   functions/ -> shared/app (composition root) -> shared/domain <- shared/adapters
// with shared/http, shared/schemas and shared/notifications at the edge (they
// may import shared/domain; shared/domain imports none of them), and
// shared/observability a leaf beside them all (the domain does not use it).
//
// Run with `npm run deps`; test/unit/architecture.test.ts runs the same rules
// through the JS API and adds two checks dependency-cruiser has no rule for:
// - cycles between sibling folders at every depth: its `scope: "folder"` only
//   sees a folder's edges to the leaf folders it imports, so
//   shared/notifications -> shared/adapters/dynamodb plus
//   shared/adapters/sns -> shared/notifications is no cycle to it;
// - the file size: no file in functions/, shared/, infra/, local/ is over 300
//   lines unless one of its first 5 lines is a comment
//   `Longer than 300 lines because <reason>`.
//
// Paths are relative to the repository root (where the command runs); external
// packages show up as `node_modules/<name>/...` when resolved and as the bare
// name when not, so the package patterns accept both.

/** A folder given as `shared/app` and everything below it. */
const under = (...folders) => `^(${folders.join('|')})(/|$)`;

/** An npm package (or scope) by name, resolved or not. */
const pkg = (...names) => `(^|/node_modules/|^node_modules/)(${names.join('|')})(/|$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between modules.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'No import cycle between folders of shared/ or functions/ (e.g. shared/domain/money <-> shared/domain/budgets).',
      severity: 'error',
      scope: 'folder',
      from: { path: under('shared', 'functions') },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment:
        'shared/domain imports nothing from schemas, http, adapters, app, notifications, observability, functions, local, infra, ' +
        'nor aws-lambda, @aws-sdk/*, @aws-lambda-powertools/*, zod (node builtins are fine).',
      severity: 'error',
      from: { path: under('shared/domain') },
      to: {
        path: [
          under('shared/schemas', 'shared/http', 'shared/adapters', 'shared/app', 'shared/notifications', 'shared/observability'),
          under('functions', 'local', 'infra'),
          pkg('aws-lambda', '@types/aws-lambda', '@aws-sdk/[^/]+', '@aws-lambda-powertools/[^/]+', 'zod'),
        ],
      },
    },
    {
      name: 'observability-is-a-leaf',
      comment:
        'shared/observability (Powertools logger, metrics, tracer) is used by every layer but the domain, so it imports ' +
        'nothing of the service: an import back would tie the logger to the code that logs.',
      severity: 'error',
      from: { path: under('shared/observability') },
      to: { path: [under('shared/domain', 'shared/schemas', 'shared/http', 'shared/adapters', 'shared/app', 'shared/notifications'), under('functions', 'local', 'infra')] },
    },
    {
      name: 'adapters-not-upward',
      comment: 'shared/adapters never imports shared/app, shared/http, functions, local, infra.',
      severity: 'error',
      from: { path: under('shared/adapters') },
      to: { path: under('shared/app', 'shared/http', 'functions', 'local', 'infra') },
    },
    {
      name: 'schemas-at-the-edge',
      comment: 'shared/schemas never imports shared/http, shared/adapters, shared/app, shared/notifications.',
      severity: 'error',
      from: { path: under('shared/schemas') },
      to: { path: under('shared/http', 'shared/adapters', 'shared/app', 'shared/notifications') },
    },
    {
      name: 'http-at-the-edge',
      comment: 'shared/http never imports shared/adapters, shared/app or functions.',
      severity: 'error',
      from: { path: under('shared/http') },
      to: { path: under('shared/adapters', 'shared/app', 'functions') },
    },
    {
      name: 'shared-not-outward',
      comment: 'shared/ never imports functions/, local/, infra/, bench/, test/.',
      severity: 'error',
      from: { path: under('shared') },
      to: { path: under('functions', 'local', 'infra', 'bench', 'test') },
    },
    {
      name: 'cli-over-the-api',
      comment:
        'cli/ is a client of the public REST API (never a side door): it may import the route table, schemas and ' +
        'the CSV writer of shared/http, never domain code, adapters, app, functions, local or the AWS SDK.',
      severity: 'error',
      from: { path: under('cli') },
      to: {
        path: [
          under('shared/domain', 'shared/adapters', 'shared/app', 'shared/notifications'),
          under('functions', 'local', 'infra', 'console'),
          pkg('@aws-sdk/[^/]+', 'aws-lambda'),
        ],
      },
    },
    {
      name: 'console-over-the-api',
      comment: 'console/src runs in the browser: it may import nothing of the service but types of the route table and schemas.',
      severity: 'error',
      from: { path: under('console/src') },
      to: { path: [under('shared/domain', 'shared/adapters', 'shared/app', 'shared/notifications', 'functions', 'local', 'infra', 'cli')], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resolvable',
      comment:
        'Every import resolves: one that does not (a typo, or a .js specifier without its .ts file) ' +
        'would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: `import type` from zod in the domain is still a dependency on zod.
    tsPreCompilationDeps: true,
    // Resolves TypeScript ESM `.js` specifiers to their `.ts` files, with the project's settings.
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
