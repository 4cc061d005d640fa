import type { AuditContext } from '../domain/audit/audit.js';
import type { Caller } from './api-handler.js';

/** Who a keyed request's audit entries name: its key, by id and by the name it had then. */
export const auditContextOf = (request: { caller: Caller; requestId: string }): AuditContext => ({
  actor: { keyId: request.caller.keyId, name: request.caller.keyName },
  requestId: request.requestId,
});
