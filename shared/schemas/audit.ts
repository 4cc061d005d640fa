import { z } from 'zod';
import { LIMITS } from '../domain/common/limits.js';
import { Cursor, PageLimit, TimestampMs } from './common.js';

const Name = z.string().min(1).max(LIMITS.idLength);

/** Audit ids encode their time from 1970 on; no entry is older than the service, nor dated past year 9000. */
const AuditTime = TimestampMs.refine((ms) => ms >= 0 && ms < Date.UTC(9000, 0, 1), { message: 'must be between 1970 and 9000' });

export const AuditQuery = z
  .object({
    resourceType: Name.optional().meta({ description: 'e.g. `budget`, `apiKey`, `tenant`, `alert`, `template`.' }),
    resourceId: Name.optional(),
    action: Name.optional().meta({ description: 'e.g. `budget.updated`.' }),
    from: AuditTime.optional().meta({ description: 'Entries at or after this time.' }),
    to: AuditTime.optional().meta({ description: 'Entries at or before this time.' }),
    limit: PageLimit,
    cursor: Cursor,
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: 'must not be after `to`', path: ['from'] })
  // The domain's filter: times as epoch milliseconds.
  .transform(({ from, to, ...rest }) => ({ ...rest, fromMs: from, toMs: to }));

const AuditActor = z
  .union([z.object({ keyId: z.string(), name: z.string() }), z.object({ system: z.string() })])
  .meta({ id: 'AuditActor', description: 'The key that made the change (id and name), or the job of the service.' });

export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: AuditActor,
    action: z.string().meta({ examples: ['budget.updated'] }),
    resourceType: z.string(),
    resourceId: z.string(),
    requestId: z.string(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
      .meta({ description: 'Each changed field with its value before and after (amounts as decimal strings).' }),
  })
  .meta({ id: 'AuditEntry' });

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });
