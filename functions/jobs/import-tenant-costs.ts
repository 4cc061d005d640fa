import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { costExplorerForRun } from '../../shared/app/cost-explorer.js';
import { costsFromEnv } from '../../shared/app/costs.js';
import { measureJob } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';
import { metricsSink } from '../../shared/observability/metrics.js';

/** Cost Explorer bills each request, pages included. */
const USD_PER_REQUEST = 0.01;
const TenantImportMessage = z.object({ tenantId: z.string().min(1) });

/**
 * One tenant's Cost Explorer import per message (queued by the `importCosts` schedule): its
 * `aws-cost-explorer` budgets get their current and previous period's days, and only the
 * days that changed are recorded. A failed import is reported as the message's failure, so
 * SQS delivers that message again (three times, then its dead-letter queue, which alarms);
 * a message that is not one of ours is logged and dropped, since redelivery cannot mend it.
 */
export async function handler(event: Pick<SQSEvent, 'Records'>, context?: Context): Promise<SQSBatchResponse> {
  const run = await measureJob({
    job: 'importTenantCosts',
    tally: ({ imported, dropped, response }) => ({ items: imported, failures: dropped + response.batchItemFailures.length }),
  }, context, () => importTenants(event));
  return run.response;
}

async function importTenants(event: Pick<SQSEvent, 'Records'>): Promise<{ response: SQSBatchResponse; imported: number; dropped: number }> {
  const source = costExplorerForRun();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  let imported = 0;
  let dropped = 0;
  for (const record of event.Records) {
    let message: z.infer<typeof TenantImportMessage>;
    try {
      message = TenantImportMessage.parse(JSON.parse(record.body));
    } catch (error) {
      logger.error('cost import message dropped: not a tenant import', { messageId: record.messageId, error });
      dropped++;
      continue;
    }
    try {
      const run = await costsFromEnv().tenantImport.run(message.tenantId, source);
      logger.info('tenant costs imported', { tenantId: message.tenantId, ...run });
      imported++;
    } catch (error) {
      logger.error('tenant cost import failed', { tenantId: message.tenantId, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  const { requests, pages } = source.usage;
  metricsSink.add('costExplorerRequests', requests);
  metricsSink.add('costExplorerPages', pages);
  logger.info('cost import usage', {
    costExplorerRequests: requests, costExplorerPages: pages, costExplorerUsd: Math.round(requests * USD_PER_REQUEST * 100) / 100,
  });
  return { response: { batchItemFailures }, imported, dropped };
}
