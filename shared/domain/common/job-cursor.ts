/**
 * Where a job that walks every tenant's active budgets resumes (the reconciliation and
 * forecasting jobs): a tenant, and that tenant's budgets still to do. A cursor item moves on
 * after each batch, conditionally, so of two overlapping runs the one behind stops.
 */
export interface JobPosition {
  tenantId: string;
  /** A budget list cursor; null: from the tenant's first budget. */
  budgetsCursor: string | null;
}

export interface JobCursor {
  /** Moves with every advance: a run that finds it moved by another run stops. */
  revision: number;
  /** null: the next run starts a new pass at the first tenant. */
  position: JobPosition | null;
}

export interface JobCursorStore {
  /** The first tenant after `tenantId` (null: the first of all) in id order, from an index; undefined past the last. */
  tenantAfter(tenantId: string | null): Promise<string | undefined>;
  jobCursor(): Promise<JobCursor>;
  /** Moves the cursor on from `revision`; false when another run moved it first. */
  moveJobCursor(revision: number, position: JobPosition | null): Promise<boolean>;
}
