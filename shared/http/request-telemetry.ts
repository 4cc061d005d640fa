import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { withLambdaContext } from '../observability/invocation.js';
import { logger } from '../observability/logger.js';
import { metricsSink, type MetricsSink } from '../observability/metrics.js';
import type { ReservationOutcome } from '../observability/names.js';
import type { OperationId } from './routes.js';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES, problemFromError, type ProblemSlug } from './problem.js';

/**
 * The operations that move money (or decide whether it moves): their refusals are counted by
 * reason, and a reservation's outcome is counted too. Reads are not: a 404 on a read is no
 * refusal of anything.
 */
const MONEY_MOVEMENTS: ReadonlySet<string> = new Set<OperationId>([
  'createReservation', 'chargeReservation', 'releaseReservation', 'createUsage', 'createAdjustment', 'createCorrection',
  'approveApproval', 'denyApproval',
]);

/**
 * Starts an API request's telemetry: every log line until {@link endRequest} carries the
 * Lambda context, the request id a problem+json answer quotes (`requestId`), API Gateway's
 * own (`apiRequestId`, as in the access log) and the caller's tenant once the authorizer
 * has named it.
 */
export function beginRequest(event: APIGatewayProxyEvent, context: Context | undefined, requestId: string): void {
  withLambdaContext(context);
  const tenantId = (event.requestContext?.authorizer as Record<string, unknown> | null | undefined)?.tenantId;
  logger.appendKeys({
    requestId,
    ...(event.requestContext?.requestId !== undefined && { apiRequestId: event.requestContext.requestId }),
    ...(typeof tenantId === 'string' && { tenantId }),
  });
}

/** Ends it: the keys go (the next invocation of this environment may be another tenant's) and the metrics are written. */
export function endRequest(sink: MetricsSink = metricsSink): void {
  logger.resetKeys();
  sink.flush();
}

/** The slug of a problem+json answer returned rather than thrown (a keyed refusal replayed from its idempotency record). */
function answeredProblem(response: { status: number; body?: unknown }): ProblemSlug | undefined {
  const type = (response.body as { type?: unknown } | undefined)?.type;
  if (response.status < 400 || typeof type !== 'string' || !type.startsWith(PROBLEM_TYPE_BASE)) return undefined;
  const slug = type.slice(PROBLEM_TYPE_BASE.length);
  return slug in PROBLEM_TYPES ? slug as ProblemSlug : undefined;
}

function record(sink: MetricsSink, operationId: string, status: number, slug: ProblemSlug | undefined): void {
  const refused = slug !== undefined && status < 500;
  if (refused) sink.add('refusals', 1, { operation: operationId, reason: slug });
  if (operationId !== 'createReservation') return;
  const outcome: ReservationOutcome = status >= 500 ? 'failed' : refused ? 'refused' : status === 202 ? 'pending_approval' : 'held';
  sink.add('reservations', 1, { outcome });
}

/**
 * Runs an operation, counting what a money movement came to: `Refusals` by operation and
 * problem slug (budget-exceeded, reservation-not-held, …), and for a reservation
 * `Reservations` by outcome (201 held, 202 pending_approval, a problem refused, a 500
 * failed). A refusal counts whether it was thrown or replayed from the idempotency record:
 * the client was answered no either way. Input rejected before the operation ran (400 on
 * the body) is the API's 4XX, not a refusal.
 */
export async function observeMovement<R extends { status: number; body?: unknown }>(
  operationId: string, run: () => Promise<R>, sink: MetricsSink = metricsSink,
): Promise<R> {
  if (!MONEY_MOVEMENTS.has(operationId)) return run();
  try {
    const response = await run();
    record(sink, operationId, response.status, answeredProblem(response));
    return response;
  } catch (error) {
    const slug = problemFromError(error)?.slug ?? 'internal';
    record(sink, operationId, PROBLEM_TYPES[slug].status, slug);
    throw error;
  }
}
