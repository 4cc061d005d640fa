import type { AnswerOf, RequestParts, RouteOf } from '../../shared/http/route-types.js';
import type { OperationId } from '../../shared/http/routes.js';

/**
 * The console's only way to the service: the public REST API on the page's own origin, with
 * the key the user pasted. Operations are named as in the route table; their paths and
 * methods are written once below, checked against that table by the compiler.
 */

type Endpoint<Op extends OperationId> = { method: RouteOf<Op>['method']; path: RouteOf<Op>['path'] };

const ENDPOINTS = {
  getTenantRollup: { method: 'GET', path: '/v1/reports/budgets' },
  getBudget: { method: 'GET', path: '/v1/budgets/{id}' },
  getBudgetReport: { method: 'GET', path: '/v1/budgets/{id}/report' },
  getBudgetForecast: { method: 'GET', path: '/v1/budgets/{id}/forecast' },
  getBudgetChart: { method: 'GET', path: '/v1/budgets/{id}/chart' },
  listAlerts: { method: 'GET', path: '/v1/alerts' },
  acknowledgeAlert: { method: 'POST', path: '/v1/alerts/{aid}/acknowledge' },
  listApprovals: { method: 'GET', path: '/v1/approvals' },
  approveApproval: { method: 'POST', path: '/v1/approvals/{id}/approve' },
  denyApproval: { method: 'POST', path: '/v1/approvals/{id}/deny' },
} as const satisfies { [Op in OperationId]?: Endpoint<Op> };

export type ConsoleOperation = keyof typeof ENDPOINTS;

/** A problem+json answer (or a network failure), shown to the user by its `detail`. */
export class ProblemError extends Error {
  constructor(readonly status: number, readonly slug: string, detail: string) {
    super(detail);
  }
}

export type CallOptions<Op extends ConsoleOperation> = RequestParts<Op>;

const KEY_STORAGE = 'budgets-console.apiKey';

export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  forget: (): void => sessionStorage.removeItem(KEY_STORAGE),
};

/** The API's base: the folder the page was served from (`/` locally, `/prod/` in AWS). */
const base = () => new URL('.', document.baseURI);

export async function send<Op extends ConsoleOperation>(operation: Op, options: CallOptions<Op> = {}): Promise<Response> {
  const endpoint: { method: string; path: string } = ENDPOINTS[operation];
  const parameters = (options.path ?? {}) as Record<string, string>;
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(parameters[name] ?? ''));
  const url = new URL(path.slice(1), base());
  for (const [name, value] of Object.entries((options.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', Authorization: `Bearer ${apiKey.get() ?? ''}` };
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: endpoint.method, headers, body });
  } catch {
    throw new ProblemError(0, 'unreachable', 'The service cannot be reached; is it running?');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string; title?: string };
    throw new ProblemError(response.status, problem.type?.split('/').pop() ?? '', problem.detail ?? problem.title ?? `HTTP ${response.status}`);
  }
  return response;
}

export async function call<Op extends ConsoleOperation>(operation: Op, options: CallOptions<Op> = {}): Promise<AnswerOf<Op>> {
  return (await send(operation, options)).json() as Promise<AnswerOf<Op>>;
}

/**
 * Whether the key may run an operation, without running it: the contract has no "who am I",
 * so the operation is asked about an id that cannot exist. Roles are checked first (403);
 * anything else (404) means the key may, and nothing was changed.
 */
export async function may(operation: 'approveApproval' | 'acknowledgeAlert'): Promise<boolean> {
  const unknownId = 'x_00000000000000000000000000';
  try {
    if (operation === 'approveApproval') await send('approveApproval', { path: { id: unknownId }, body: {} });
    else await send('acknowledgeAlert', { path: { aid: unknownId } });
    return true;
  } catch (error) {
    return !(error instanceof ProblemError && (error.status === 403 || error.status === 401));
  }
}
