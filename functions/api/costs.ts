import { costsFromEnv } from '../../shared/app/costs.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { readFocusCsv } from '../../shared/http/focus-csv.js';
import { actualsView, costImportView } from '../../shared/http/views/index.js';

export const handler = createApiHandler('costs', {
  createCostImport: async (request) => ({
    status: 200,
    body: costImportView(await costsFromEnv().importer.importFocus(request.caller, auditContextOf(request), (onRow) => readFocusCsv(request.text, onRow))),
  }),
  listBudgetActuals: async (request) => ({
    status: 200,
    body: actualsView(await costsFromEnv().actuals.days(request.caller.tenantId, request.pathParameters.id ?? '', request.query)),
  }),
});
