import { z } from 'zod';
import { LIMITS } from '../domain/common/limits.js';
import { Budget, Scope } from './budgets.js';
import { LedgerEntry, Reservation, Usage } from './money.js';
import { Alert, Approval } from './notices.js';

/** Privacy requests on the wire (API.md "Privacy (export and erasure)"). */

export const ExportBody = z.strictObject({ scope: Scope }).meta({ id: 'PrivacyExportRequest' });

export const EraseBody = z
  .strictObject({
    scope: Scope,
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
  })
  .meta({ id: 'PrivacyErasure' });

export type PrivacyExport = z.output<typeof PrivacyExport>;
