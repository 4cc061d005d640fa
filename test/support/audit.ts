import type { AuditContext } from '../../shared/domain/audit/index.js';

/** The audit context of writes a test makes through the services directly (as a script would). */
export const testAudit: AuditContext = { actor: { system: 'test' }, requestId: 'test' };
