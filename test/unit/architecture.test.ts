/**
 * The architecture's rules, checked on the real tree and shown to bite on a known-bad one.
 *
 * 1. Dependency rules: `.dependency-cruiser.cjs` (the same check as `npm run deps`), through
 *    dependency-cruiser's JS API.
 * 2. Cycles between sibling folders at every depth (`shared/notifications` ⇄ `shared/adapters`):
 *    dependency-cruiser's `scope: "folder"` compares a folder with the leaf folders it imports,
 *    so a cycle that runs through different subfolders of one side escapes it. Derived here from
 *    the same cruise result.
 * 3. File size: no file in functions/, shared/, infra/, local/ is over 300 lines unless one of
 *    its first 5 lines is a comment `Longer than 300 lines because <reason>`, e.g.
 *      // Longer than 300 lines because the six money movements share one transaction builder.
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const TSCONFIG = join(ROOT, 'tsconfig.json');
const FIXTURE = join(ROOT, 'test/fixtures/architecture');
/** What `npm run deps` cruises. */
const CRUISED = ['shared', 'functions', 'local', 'infra'];
/** Folders whose internal cycles are forbidden. */
const CYCLE_FREE = /^(shared|functions)(\/|$)/;
const SIZED = ['functions', 'shared', 'infra', 'local'];
const MAX_LINES = 300;
const MARKER_LINES = 5;
const MARKER = /^\s*(\/\/+|\/\*+|\*|#)\s*Longer than 300 lines because\s+\S/;

async function cruiseTree(baseDir: string, roots: string[]): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const tsConfig = extractTSConfig(TSCONFIG);
  const { output } = await cruise(roots, { ...options, baseDir, tsConfig: { fileName: TSCONFIG } }, {}, { tsConfig });
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text, not a result: ${output}`);
  return output;
}

/** One line a violation: `rule: from → to`, with the cycle when there is one. */
function describeViolation(violation: IViolation): string {
  const cycle = violation.cycle?.length ? ` (cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')})` : '';
  return `${violation.rule.name}: ${violation.from} → ${violation.to}${cycle}`;
}

const violationsOf = (result: ICruiseResult): string[] => result.summary.violations.map(describeViolation).sort();

/**
 * Folder edges between siblings: a module in `a/x/…` importing one in `a/y/…` makes `a/x → a/y`,
 * whatever the depth below x and y. Imports of packages, builtins and files directly in the
 * common parent make no edge (those are module edges, which `no-circular` covers).
 */
function siblingFolderEdges(result: ICruiseResult): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    if (module.coreModule || module.couldNotResolve || module.source.includes('node_modules/')) continue;
    for (const dependency of module.dependencies) {
      if (dependency.coreModule || dependency.couldNotResolve || dependency.resolved.includes('node_modules/')) continue;
      const from = module.source.split('/');
      const to = dependency.resolved.split('/');
      let common = 0;
      while (common < from.length - 1 && common < to.length - 1 && from[common] === to[common]) common += 1;
      if (common >= from.length - 1 || common >= to.length - 1) continue;
      const fromFolder = from.slice(0, common + 1).join('/');
      const toFolder = to.slice(0, common + 1).join('/');
      if (!edges.has(fromFolder)) edges.set(fromFolder, new Set());
      edges.get(fromFolder)!.add(toFolder);
    }
  }
  return edges;
}

/** Each cycle once, as `a → b → … → a`, starting from its smallest folder. */
function siblingFolderCycles(result: ICruiseResult): string[] {
  const edges = siblingFolderEdges(result);
  const pathBetween = (start: string, goal: string, seen = new Set<string>()): string[] | undefined => {
    if (start === goal) return [goal];
    seen.add(start);
    for (const next of edges.get(start) ?? []) {
      if (seen.has(next)) continue;
      const rest = pathBetween(next, goal, seen);
      if (rest) return [start, ...rest];
    }
    return undefined;
  };
  const cycles = new Set<string>();
  for (const [from, targets] of edges) {
    if (!CYCLE_FREE.test(from)) continue;
    for (const to of targets) {
      const back = pathBetween(to, from);
      if (!back) continue;
      const loop = [from, ...back.slice(0, -1)];
      const first = loop.indexOf([...loop].sort()[0]!);
      const rotated = [...loop.slice(first), ...loop.slice(0, first)];
      cycles.add(`folder cycle: ${[...rotated, rotated[0]].join(' → ')}`);
    }
  }
  return [...cycles].sort();
}

function* filesUnder(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'cdk.out') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Files over the limit without the reason marker, as `path: N lines`. */
function oversizedFiles(baseDir: string, folders: string[]): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of filesUnder(join(baseDir, folder))) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
      if (count <= MAX_LINES) continue;
      if (lines.slice(0, MARKER_LINES).some((line) => MARKER.test(line))) continue;
      found.push(`${relative(baseDir, file).split(sep).join('/')}: ${count} lines, no "Longer than ${MAX_LINES} lines because …" in its first ${MARKER_LINES} lines`);
    }
  }
  return found.sort();
}

describe('the checks catch what they are for (known-bad fixture)', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseTree(FIXTURE, ['shared', 'functions']);
  });

  it('resolves TypeScript ESM `.js` specifiers to their `.ts` files', () => {
    const service = result.modules.find((module) => module.source === 'shared/domain/money/service.ts');
    const budget = service?.dependencies.find((dependency) => dependency.module === '../budgets/budget.js');
    expect(budget?.resolved).toBe('shared/domain/budgets/budget.ts');
    const unresolved = result.modules.filter((module) => module.couldNotResolve).map((module) => module.source);
    expect(unresolved).toEqual(['./servics.js']);
  });

  it('dependency-cruiser reports the planted module cycle, folder cycles and forbidden imports, and nothing allowed', () => {
    expect(violationsOf(result)).toEqual([
      expect.stringMatching(/^domain-is-pure: shared\/domain\/money\/service\.ts → (\.\.\/)*node_modules\/zod\/\S+$/),
      'domain-is-pure: shared/domain/money/service.ts → shared/schemas/money.ts',
      'http-at-the-edge: shared/http/routes.ts → shared/adapters/dynamodb/store.ts',
      'no-circular: shared/domain/common/a.ts → shared/domain/common/b.ts (cycle: shared/domain/common/a.ts → shared/domain/common/b.ts → shared/domain/common/a.ts)',
      'no-folder-cycle: shared/domain/budgets → shared/domain/money (cycle: shared/domain/budgets → shared/domain/money → shared/domain/budgets)',
      'no-folder-cycle: shared/domain/money → shared/domain/budgets (cycle: shared/domain/money → shared/domain/budgets → shared/domain/money)',
      'no-folder-cycle: shared/domain/money → shared/schemas (cycle: shared/domain/money → shared/schemas → shared/domain/money)',
      'no-folder-cycle: shared/schemas → shared/domain/money (cycle: shared/schemas → shared/domain/money → shared/schemas)',
      'resolvable: shared/app/typo.ts → ./servics.js',
      'shared-not-outward: shared/http/routes.ts → test/helpers.ts',
    ]);
  });

  it('the sibling-folder scan adds the cycle between areas that runs through different subfolders', () => {
    expect(siblingFolderCycles(result)).toEqual([
      'folder cycle: shared/adapters → shared/notifications → shared/adapters',
      'folder cycle: shared/domain → shared/schemas → shared/domain',
      'folder cycle: shared/domain/budgets → shared/domain/money → shared/domain/budgets',
    ]);
  });
});

describe('the file-size scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'architecture-'));
    const body = (count: number) => Array.from({ length: count }, (_, i) => `export const line${i} = ${i};\n`).join('');
    mkdirSync(join(dir, 'shared/deep'), { recursive: true });
    writeFileSync(join(dir, 'shared/at-limit.ts'), body(300));
    writeFileSync(join(dir, 'shared/deep/over.ts'), body(301));
    writeFileSync(join(dir, 'shared/explained.ts'), `/**\n * Longer than 300 lines because it is a test.\n */\n${body(400)}`);
    writeFileSync(join(dir, 'shared/explained-late.ts'), `${body(10)}// Longer than 300 lines because it says so too late.\n${body(300)}`);
    writeFileSync(join(dir, 'shared/no-reason.ts'), `// Longer than 300 lines because\n${body(300)}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags files over 300 lines unless their first lines say why', () => {
    expect(oversizedFiles(dir, ['shared'])).toEqual([
      'shared/deep/over.ts: 301 lines, no "Longer than 300 lines because …" in its first 5 lines',
      'shared/explained-late.ts: 311 lines, no "Longer than 300 lines because …" in its first 5 lines',
      'shared/no-reason.ts: 301 lines, no "Longer than 300 lines because …" in its first 5 lines',
    ]);
  });
});

describe('the tree keeps the architecture', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseTree(ROOT, CRUISED);
  });

  it('breaks no dependency rule of .dependency-cruiser.cjs (npm run deps)', () => {
    expect(violationsOf(result)).toEqual([]);
  });

  it('has no cycle between sibling folders of shared/ or functions/', () => {
    expect(siblingFolderCycles(result)).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines without a reason`, () => {
    expect(oversizedFiles(ROOT, SIZED)).toEqual([]);
  });
});
