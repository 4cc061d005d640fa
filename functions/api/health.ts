import openApiDocument from '../../docs/openapi.json' with { type: 'json' };
import { createApiHandler } from '../../shared/http/api-handler.js';

/**
 * Health and the OpenAPI document; API Gateway also routes every unsupported method of a
 * known path here (`ANY`), which the shared handler answers with 405 and `Allow`.
 */
export const handler = createApiHandler('health', {
  getHealth: async () => ({ status: 200, body: { status: 'ok' } }),
  getOpenApi: async () => ({ status: 200, body: openApiDocument }),
});
