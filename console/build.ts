import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds the console into `outDir`: `index.html` and `app.css` as written, `app.js` bundled
 * from `src/` by esbuild (a devDependency, as CDK's bundling uses). `npm start` runs it at
 * start-up; CDK runs it (`node --import tsx console/build.ts <dir>`) when it bundles the
 * console function, so no build output is committed and nothing is installed by hand.
 */
const consoleRoot = fileURLToPath(new URL('.', import.meta.url));

export async function buildConsole(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(consoleRoot, 'src/main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['chrome120', 'firefox120', 'safari17'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'app.css']) await copyFile(join(consoleRoot, 'public', file), join(outDir, file));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: node --import tsx console/build.ts <out-dir>');
  await buildConsole(outDir);
}
