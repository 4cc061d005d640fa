import type { AuditContext } from '../shared/domain/audit/index.js';

/** The audit context of the benchmark's setup writes. */
export const BENCH_AUDIT: AuditContext = { actor: { system: 'bench' }, requestId: 'bench' };
