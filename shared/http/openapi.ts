import { z } from 'zod';
import { ProblemDetails } from '../schemas/common.js';
import { BudgetEvent } from '../schemas/events.js';
import { PROBLEM_EXAMPLES, PROBLEM_TYPES, PROBLEM_TYPE_BASE, type ProblemSlug } from './problem.js';
import { problemsOf } from './route-queries.js';
import type { RouteSpec } from './route-spec.js';
import { routes } from './routes.js';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

/**
 * Builds the OpenAPI 3.1 document from the route table and the zod schemas: nothing in it
 * is written by hand, so it cannot drift from what the handlers accept and answer.
 * Named schemas (`.meta({ id })`) become components; where a schema reads differently as
 * input (defaults are optional) and output, the input form is `<Name>Input`.
 */
export function buildOpenApiDocument(): JsonSchema {
  const components = new ComponentCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes as readonly RouteSpec[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, components);
  }
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Budget service',
      version: '1.0.0',
      description: 'Budgets, atomic reservations, an immutable ledger and alerts. Amounts are decimal strings; errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/', description: 'This deployment (local: http://127.0.0.1:3000)' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set((routes as readonly RouteSpec[]).map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`.' } },
      schemas: components.schemas(),
      examples: problemExamples(),
    },
  };
  return JSON.parse(components.settle(JSON.stringify(document))) as JsonSchema;
}

/** Every problem type's example, once; operations refer to them by slug. */
function problemExamples(): Record<string, unknown> {
  return Object.fromEntries((Object.keys(PROBLEM_TYPES) as ProblemSlug[]).map((slug) => [
    slug,
    { summary: PROBLEM_TYPES[slug].title, value: PROBLEM_EXAMPLES[slug] },
  ]));
}

/** The problems of `route` (see `problemsOf`), one response per status, each problem with its example. */
function errorResponses(route: RouteSpec): Record<string, unknown> {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of problemsOf(route)) {
    const { status } = PROBLEM_TYPES[slug];
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  return Object.fromEntries([...byStatus].map(([status, slugs]) => [String(status), {
    description: `Problem: ${slugs.map((slug) => `\`${slug}\``).join(', ')} (type ${PROBLEM_TYPE_BASE}<slug>).`,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: Object.fromEntries(slugs.map((slug) => [slug, { $ref: `#/components/examples/${slug}` }])),
      },
    },
  }]));
}

function operationOf(route: RouteSpec, components: ComponentCollector): Record<string, unknown> {
  const parameters: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1], in: 'path', required: true, schema: { type: 'string' },
  }));
  if (route.query) {
    const querySchema = components.schemaOf(route.query, 'input');
    const properties = (querySchema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((querySchema.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  if (route.idempotent) {
    parameters.push({
      name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 },
      description: 'Repeat the request with the same key to get the first response again, with no further effect (24 h).',
    });
  }
  if (route.conditional) {
    parameters.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The version the change applies to; 412 if it is not current.' });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema && { content: { 'application/json': { schema: components.schemaOf(response.schema, 'output') } } }),
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.auth === 'none' ? { security: [] } : { 'x-roles': route.roles }),
    ...(parameters.length > 0 && { parameters }),
    ...(route.csvBody && {
      requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', maxLength: route.csvBody.maxBytes, description: 'A FOCUS 1.0 CSV export.' } } } },
    }),
    ...(route.signedFormBody && {
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', required: ['payload'], properties: { payload: { type: 'string', description: 'Slack\'s interaction payload (JSON).' } } },
          },
        },
      },
      parameters: [...parameters, ...SLACK_SIGNATURE_HEADERS],
    }),
    ...(route.body && {
      requestBody: { required: true, content: { 'application/json': { schema: components.schemaOf(route.body, 'input') } } },
    }),
    responses: { ...responses, ...errorResponses(route) },
  };
}

/** What a `signedFormBody` route checks before it reads anything (Slack's request signing). */
const SLACK_SIGNATURE_HEADERS = [
  { name: 'X-Slack-Request-Timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'Seconds since the epoch; more than 5 minutes from now is refused (401).' },
  { name: 'X-Slack-Signature', in: 'header', required: true, schema: { type: 'string' }, description: '`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the app\'s signing secret (401 when it does not match).' },
];

class ComponentCollector {
  private readonly defs: Record<Io, Map<string, JsonSchema>> = { input: new Map(), output: new Map() };

  constructor() {
    this.schemaOf(ProblemDetails, 'output');
    // No route answers events (SNS carries them), yet their schemas belong in the document (API.md, Notifications).
    this.schemaOf(BudgetEvent, 'output');
  }

  /** The JSON Schema of `schema` as `io`, with named parts referenced from components. */
  schemaOf(schema: z.ZodType, io: Io): JsonSchema {
    const { $schema: _ignored, $defs, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) this.defs[io].set(name, def);
    const id = z.globalRegistry.get(schema)?.id;
    if (id) {
      if (!this.defs[io].has(id)) this.defs[io].set(id, root);
      return this.rewrite({ $ref: `#/$defs/${id}` }, io);
    }
    return this.rewrite(root, io);
  }

  private componentName(name: string, io: Io): string {
    if (io === 'output') return name;
    const output = this.defs.output.get(name);
    const input = this.defs.input.get(name);
    return output && input && JSON.stringify(output) !== JSON.stringify(input) ? `${name}Input` : name;
  }

  private rewrite<T>(value: T, io: Io): T {
    if (Array.isArray(value)) return value.map((item) => this.rewrite(item, io)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' ? `#/components/schemas/${this.deferredName(item, io)}` : this.rewrite(item, io)]),
      ) as T;
    }
    return value;
  }

  /** Names are settled at the end, once both forms of every schema are known. */
  private deferredName(ref: string, io: Io): string {
    return `${io}:${ref.replace('#/$defs/', '')}`;
  }

  schemas(): Record<string, JsonSchema> {
    const result: Record<string, JsonSchema> = {};
    for (const io of ['output', 'input'] as const) {
      for (const [name, def] of this.defs[io]) result[this.componentName(name, io)] ??= this.rewrite(def, io);
    }
    return sortKeys(result);
  }

  /** Replaces deferred `io:Name` references with final component names, everywhere. */
  settle(json: string): string {
    return json.replace(/#\/components\/schemas\/(input|output):([A-Za-z0-9_]+)/g, (_, io: Io, name: string) => `#/components/schemas/${this.componentName(name, io)}`);
  }
}

function sortKeys(record: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The document as committed in docs/openapi.json (stable key order, trailing newline). */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
