import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { consoleFile } from '../../shared/http/static-files.js';

/**
 * The web console's page and files. In AWS they are in the bundle's `console/` folder
 * (console/build.ts, run when CDK bundles this function); `npm start` builds them and
 * names the folder in `CONSOLE_DIR`.
 */
const directory = () => process.env.CONSOLE_DIR ?? join(dirname(fileURLToPath(import.meta.url)), 'console');

export const handler = createApiHandler('console', {
  getConsole: async (request) => {
    // `…/prod` and `…/prod/` both reach the root resource; only the second resolves `console/app.js` under the stage.
    const stagePath = request.stagePath;
    if (stagePath !== undefined && !stagePath.endsWith('/')) return { status: 301, headers: { Location: `${stagePath}/` } };
    return consoleFile(directory(), 'index.html');
  },
  getConsoleAsset: async (request) => consoleFile(directory(), request.pathParameters.asset ?? ''),
});
