import type { z } from 'zod';
import type { OperationId, Route } from './routes.js';

/**
 * The types of an operation, read from the route table: what the CLI and the console send and
 * get back, so a client cannot call a route that does not exist or send a body it does not take.
 */

export type RouteOf<Op extends OperationId> = Extract<Route, { operationId: Op }>;

/** `{ id: string }` for `/v1/budgets/{id}/status`. */
export type PathParams<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? { [K in Name]: string } & PathParams<Rest> : unknown;

export type BodyOf<Op extends OperationId> = RouteOf<Op> extends { body: infer Schema extends z.ZodType } ? z.input<Schema> : never;
export type QueryOf<Op extends OperationId> = RouteOf<Op> extends { query: infer Schema extends z.ZodType } ? { [K in keyof z.output<Schema>]?: string | number | boolean | undefined } : never;
type SuccessSchemas<Responses> = { [Status in keyof Responses]: Status extends 200 | 201 ? (Responses[Status] extends { schema: infer Schema extends z.ZodType } ? Schema : never) : never }[keyof Responses];
/** The JSON answer of an operation's success response (`unknown` for a route that answers no JSON, such as the chart). */
export type AnswerOf<Op extends OperationId> = [SuccessSchemas<RouteOf<Op>['responses']>] extends [never] ? unknown : z.output<SuccessSchemas<RouteOf<Op>['responses']>>;

/** What a client sends for an operation, beyond its method and path: typed by the route's entry. */
export interface RequestParts<Op extends OperationId> {
  path?: PathParams<RouteOf<Op>['path']>;
  query?: QueryOf<Op>;
  body?: BodyOf<Op>;
  /** `text/csv` asks a report route for CSV. */
  accept?: string;
  /** On an idempotent route: the same key answers the first result. */
  idempotencyKey?: string;
}
