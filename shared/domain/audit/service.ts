import { LIMITS, type PageQuery } from '../common/limits.js';
import type { Page } from '../common/ports.js';
import type { AuditEntry } from './audit.js';
import type { AuditFilter, AuditStore } from './ports.js';

export class AuditService {
  constructor(private readonly store: AuditStore) {}

  list(tenantId: string, query: AuditFilter & PageQuery): Promise<Page<AuditEntry>> {
    const { limit, cursor, ...filter } = query;
    return this.store.list(tenantId, filter, limit ?? LIMITS.pageSizeDefault, cursor);
  }
}
