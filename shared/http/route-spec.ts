import type { z } from 'zod';
import type { RoleRequirement } from '../domain/access/roles.js';
import type { DomainProblemSlug } from './problem.js';

/** The shape of a route table entry (routes.ts holds the table). */

/** Lambda functions that serve the API; each is `functions/api/<name>.ts`. */
export const API_FUNCTION_NAMES = ['health', 'tenants', 'apiKeys', 'budgets', 'money', 'forecasts', 'costs', 'reports', 'console', 'integrations'] as const;
export type ApiFunctionName = (typeof API_FUNCTION_NAMES)[number];

/** A route any authenticated role may call. */
export const ANY_ROLE = 'any' as const;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  functionName: ApiFunctionName;
  /** `none`: public (health, OpenAPI, the console's files). `apiKey`: through the Lambda authorizer. */
  auth: 'none' | 'apiKey';
  roles: RoleRequirement;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** An empty body reads as `{}` (e.g. charge with the held amount). */
  bodyOptional?: boolean;
  /** The body is a CSV file (`text/csv`), handed to the operation as text: up to `maxBytes` (413 above, 415 for another type). */
  csvBody?: { maxBytes: number };
  /**
   * The body is a form (`application/x-www-form-urlencoded`) signed by its sender (Slack),
   * handed to the operation as received text, up to `maxBytes` (413 above, 415 for another
   * type): the operation checks the signature over those exact bytes before reading it (401).
   */
  signedFormBody?: { maxBytes: number };
  query?: z.ZodType;
  /** Accepts `Idempotency-Key`. */
  idempotent?: boolean;
  /** Accepts `If-Match: <version>`. */
  conditional?: boolean;
  /**
   * The refusals of the domain code the operation calls, read from that code: what is not
   * already implied by the route's features (see `problemsOf`, which adds those). The
   * handler wrapper records any other problem it answers, and the test setup fails on it.
   */
  problems: readonly DomainProblemSlug[];
  responses: Readonly<Record<number, ResponseSpec>>;
}
