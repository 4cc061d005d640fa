import { writeFile } from 'node:fs/promises';
import { renderOpenApiDocument } from '../shared/http/openapi.js';

/** `npm run openapi`: regenerates docs/openapi.json from the route table and zod schemas. */
const target = new URL('../docs/openapi.json', import.meta.url);
await writeFile(target, renderOpenApiDocument());
console.log(`wrote ${target.pathname}`);
