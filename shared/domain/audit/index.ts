/** The audit trail: who changed what, written atomically with each change. */
export { AUDIT_ID_PREFIX, auditEntry, changedFields, type AuditActor, type AuditChanges, type AuditContext, type AuditEntry } from './audit.js';
export type { AuditFilter, AuditStore } from './ports.js';
export { AuditService } from './service.js';
