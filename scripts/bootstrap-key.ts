import { createServices } from '../shared/app/services.js';
import { tableContextFromEnv } from '../shared/adapters/dynamodb/index.js';
import { generateApiKeySecret } from '../shared/domain/access/api-keys.js';
import { TENANT_ID_PATTERN } from '../shared/schemas/access.js';

/**
 * Registers a platform+admin key for a tenant directly in the table (TABLE_NAME, AWS
 * credentials from the environment): how the first key of a deployment is made.
 * Usage: node --import tsx scripts/bootstrap-key.ts <tenant-id>
 */
const tenantId = process.argv[2];
if (!tenantId || !TENANT_ID_PATTERN.test(tenantId)) {
  console.error('usage: scripts/bootstrap-key.ts <tenant-id>  (lowercase letters, digits, inner hyphens)');
  process.exit(2);
}
const secret = generateApiKeySecret();
await createServices(tableContextFromEnv()).access.bootstrap(tenantId, secret, ['platform', 'admin']);
console.log(`tenant ${tenantId}: API key (shown once): ${secret}`);
