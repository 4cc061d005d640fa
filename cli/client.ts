import { randomUUID } from 'node:crypto';
import type { AnswerOf, RequestParts } from '../shared/http/route-types.js';
import type { RouteSpec } from '../shared/http/route-spec.js';
import { routes, type OperationId } from '../shared/http/routes.js';
import { ApiProblemError, CliUsageError, type ApiProblem } from './errors.js';

/**
 * The CLI's only way to the service: the public REST API, one operation of the route table
 * at a time. Paths, methods, bodies and answers are typed from that table, so a command
 * cannot call a route that does not exist or send a body the route does not take.
 */

export type { AnswerOf };

/** A fresh `Idempotency-Key` is sent on idempotent routes unless `idempotencyKey` is given. */
export interface CallOptions<Op extends OperationId> extends RequestParts<Op> {
  /** A CSV file's text, for routes that take one (`csvBody`). */
  csv?: string;
}

export interface ClientSettings {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}

export class ApiClient {
  private readonly fetchFn: typeof fetch;

  constructor(private readonly settings: ClientSettings) {
    this.fetchFn = settings.fetch ?? fetch;
  }

  /** Calls an operation and answers its parsed JSON; a problem answer throws {@link ApiProblemError}. */
  async call<Op extends OperationId>(operationId: Op, options: CallOptions<Op> = {}): Promise<AnswerOf<Op>> {
    const response = await this.send(operationId, options);
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as AnswerOf<Op>;
  }

  /** Calls an operation and answers the body as text (CSV, SVG). */
  async text<Op extends OperationId>(operationId: Op, options: CallOptions<Op> = {}): Promise<string> {
    return (await this.send(operationId, options)).text();
  }

  private async send<Op extends OperationId>(operationId: Op, options: CallOptions<Op>): Promise<Response> {
    const route = routeOf(operationId);
    const url = new URL(this.settings.baseUrl.replace(/\/+$/, '') + fillPath(route.path, (options.path ?? {}) as Record<string, string>));
    for (const [name, value] of Object.entries((options.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    if (route.auth === 'apiKey') headers.Authorization = `Bearer ${this.settings.apiKey}`;
    if (route.idempotent) headers['Idempotency-Key'] = options.idempotencyKey ?? randomUUID();
    let body: string | undefined;
    if (options.csv !== undefined) {
      headers['Content-Type'] = 'text/csv';
      body = options.csv;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.fetchFn(url, { method: route.method, headers, body });
    } catch (error) {
      throw new ApiProblemError(unreachable(url, error));
    }
    if (!response.ok) throw new ApiProblemError(await problemOf(response));
    return response;
  }
}

function routeOf(operationId: OperationId): RouteSpec {
  const route = (routes as readonly RouteSpec[]).find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route;
}

function fillPath(path: string, parameters: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined || value === '') throw new CliUsageError(`missing ${name}`);
    return encodeURIComponent(value);
  });
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as Partial<ApiProblem>;
    if (typeof parsed.type === 'string') return { status: response.status, ...parsed } as ApiProblem;
  } catch {
    // Not problem+json (a proxy's page, say): the status line says what happened.
  }
  return { type: 'about:blank', status: response.status, title: response.statusText, detail: `HTTP ${response.status} ${response.statusText}`.trim() };
}

function unreachable(url: URL, error: unknown): ApiProblem {
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return { type: 'about:blank', status: 0, title: 'Unreachable', detail: `cannot reach ${url.origin} (${cause}); is the service running, and is the URL right (budgets login)?` };
}
