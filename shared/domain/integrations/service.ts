import { auditEntry, changedFields, type AuditContext } from '../audit/audit.js';
import { LIMITS } from '../common/limits.js';
import { BudgetArchivedError, BudgetExceededError, ConcurrentChangeError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import type { ApprovalService } from '../money/approval-decisions.js';
import type { ApprovalRecord } from '../money/approvals.js';
import type { SlackIntegrationStore } from './ports.js';
import { slackDecider, type SlackApprover, type SlackDecision, type SlackDecisionRequest, type SlackIntegration } from './slack.js';

export interface SlackIntegrationServiceDeps {
  store: SlackIntegrationStore;
  approvals: ApprovalService;
  nowMs?: (() => number) | undefined;
}

/** A link changed between our read and our write is read again; past this, the caller retries. */
const LINK_ATTEMPTS = 3;

export class SlackIntegrationService {
  private readonly nowMs: () => number;

  constructor(private readonly deps: SlackIntegrationServiceDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  async get(tenantId: string): Promise<SlackIntegration> {
    const integration = await this.deps.store.get(tenantId);
    if (!integration) throw new NotFoundError('Slack integration of tenant', tenantId);
    return integration;
  }

  /**
   * Links the tenant to `teamId` with these approvers (replacing any earlier link), audited
   * in the same write. A workspace links one tenant at most: another tenant's is a 409.
   * The same link again changes nothing and writes no audit entry.
   */
  async link(tenantId: string, request: { teamId: string; approvers: SlackApprover[] }, audit: AuditContext): Promise<SlackIntegration> {
    for (let attempt = 1; attempt <= LINK_ATTEMPTS; attempt++) {
      const before = await this.deps.store.get(tenantId);
      if (before && before.teamId === request.teamId && JSON.stringify(before.approvers) === JSON.stringify(request.approvers)) return before;
      const nowMs = this.nowMs();
      const after: SlackIntegration = {
        tenantId, teamId: request.teamId, approvers: request.approvers, version: (before?.version ?? 0) + 1, updatedAt: new Date(nowMs).toISOString(),
      };
      const saved = await this.deps.store.save(before, after, auditEntry(audit, nowMs, {
        tenantId, action: before ? 'slackIntegration.updated' : 'slackIntegration.created', resourceType: 'slackIntegration', resourceId: 'slack',
        changes: changedFields(before, after, ['teamId', 'approvers']),
      }));
      if (saved.ok) return after;
      if (saved.reason === 'team-linked-elsewhere') throw new ConflictError(`Slack workspace ${request.teamId} is linked to another tenant; unlink it there first.`);
    }
    throw new ConcurrentChangeError('The Slack integration changed concurrently; retry.');
  }

  /**
   * A click on Approve or Deny: the workspace names the tenant, the user its approver, and
   * the decision is the REST route's (`ApprovalService.decide`) as `slack:<user>` with the
   * approver's level. Whatever refuses it, nothing changes; a replayed click finds the
   * approval decided and answers its real state. The decision's audit entry names the Slack
   * user (as `decidedBy` does) and the callback's request id.
   */
  async decide(request: SlackDecisionRequest, requestId: string): Promise<SlackDecision> {
    const integration = await this.deps.store.findByTeam(request.teamId);
    if (!integration) return { outcome: 'unknown-workspace' };
    const approver = integration.approvers.find((candidate) => candidate.slackUserId === request.slackUserId);
    if (!approver) return { outcome: 'not-an-approver' };
    // An id longer than any we issue names nothing (and would be refused by DynamoDB as a key).
    if (request.approvalId.length > LIMITS.idLength) return { outcome: 'unknown-approval' };
    const { tenantId } = integration;
    let decided: ApprovalRecord | undefined;
    try {
      await this.deps.approvals.decide(
        { tenantId, keyId: slackDecider(request.slackUserId), maxApprovalLevel: approver.maxLevel },
        request.approvalId, request.decision, {},
        { actor: { keyId: slackDecider(request.slackUserId), name: `Slack user ${request.slackUserId}` }, requestId },
        // Called before each attempt's write; after a success it holds what was written.
        { respond: (approval) => ((decided = approval), { status: 200, body: null }) },
      );
      return { outcome: 'decided', approval: decided! };
    } catch (error) {
      if (error instanceof NotFoundError && error.resource === 'Approval') return { outcome: 'unknown-approval' };
      // A reservation or budget gone from under the approval refuses it like any other rule: the user is told, nothing changes.
      const refusal = error instanceof ForbiddenError || error instanceof ConflictError || error instanceof BudgetExceededError || error instanceof BudgetArchivedError
        || error instanceof NotFoundError;
      if (!refusal) throw error;
      const approval = await this.deps.approvals.get(tenantId, request.approvalId);
      if (approval.status !== 'pending') return { outcome: 'not-pending', approval };
      if (error instanceof ForbiddenError) return { outcome: 'level-too-high', approval, maxLevel: approver.maxLevel };
      return { outcome: 'refused', approval, reason: error.message };
    }
  }
}
