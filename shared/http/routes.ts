import type { RouteSpec } from './route-spec.js';
import { accessRoutes } from './routes/access.js';
import { budgetRoutes } from './routes/budgets.js';
import { reportingRoutes } from './routes/reporting.js';
import { surfaceRoutes } from './routes/surfaces.js';

/**
 * The one route table. API Gateway resources and methods (infra/), the local HTTP
 * server (local/), request parsing and role checks (shared/http/api-handler.ts), the
 * problems each operation may answer and the OpenAPI document (scripts/openapi.ts) are
 * all derived from it; the questions asked of it are in route-queries.ts. Its entries are
 * kept by area in routes/, in this order (the OpenAPI document's).
 */
export const routes = [...accessRoutes, ...budgetRoutes, ...reportingRoutes, ...surfaceRoutes] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export type OperationId = Route['operationId'];
