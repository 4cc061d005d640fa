import type { AuditEntry } from '../../domain/audit/index.js';
import type { AuditEntry as AuditEntryView } from '../../schemas/audit.js';
import type { z } from 'zod';

export const auditEntryView = (entry: AuditEntry): z.output<typeof AuditEntryView> => ({
  id: entry.id, at: entry.at, actor: entry.actor, action: entry.action, resourceType: entry.resourceType, resourceId: entry.resourceId,
  requestId: entry.requestId, changes: entry.changes,
});
