import { z } from 'zod';
import { LIMITS } from '../domain/common/limits.js';
import { ERASED } from '../domain/privacy/index.js';
import { Budget, Scope } from './budgets.js';
import { LedgerEntry, Reservation, Usage } from './money.js';
import { Alert, Approval } from './notices.js';

/** Privacy requests on the wire (API.md "Privacy (export and erasure)"). */

/** `[erased]` is what erasure leaves, not anyone's scope: asking for it would gather every subject erased before. */
const SubjectScope = Scope.refine((scope) => scope.id !== ERASED, { message: `must not be "${ERASED}": that is what erasure leaves, not a scope`, path: ['id'] });

export const ExportBody = z.strictObject({ scope: SubjectScope }).meta({ id: 'PrivacyExportRequest' });

export const EraseBody = z
  .strictObject({
    scope: SubjectScope,
    reason: z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength)
      .meta({ description: 'Why (the request\'s reference): kept in the audit entry, which never holds the erased scope id.' }),
  })
  .meta({ id: 'PrivacyEraseRequest' });

export const PrivacyExport = z
  .object({
    scope: Scope,
    exportedAt: z.string(),
    budgets: z.array(z.object({
      budget: Budget,
      usage: z.array(Usage),
      reservations: z.array(Reservation),
      ledger: z.array(LedgerEntry),
      alerts: z.array(Alert),
      approvals: z.array(Approval),
    })),
  })
  .meta({ id: 'PrivacyExport', description: 'Every budget of the scope (archived ones included) and everything recorded on it.' });

export const ErasureResult = z
  .object({
    budgets: z.int().meta({ description: 'Budgets whose text this request erased.' }),
    records: z.int().meta({ description: 'Usage, reservations, ledger entries and approvals whose text this request erased.' }),
    complete: z.boolean().meta({ description: 'False when time ran out first: ask again to erase the rest (budgets are erased last, so the scope is still found).' }),
  })
  .meta({ id: 'PrivacyErasure' });

export type PrivacyExport = z.output<typeof PrivacyExport>;
