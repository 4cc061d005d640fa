import type { DecidableLevel } from '../access/api-keys.js';
import type { ApprovalLevel, ApprovalRecord } from '../money/approvals.js';

/** Who in the linked Slack workspace may decide approvals, and up to which level. */
export interface SlackApprover {
  slackUserId: string;
  maxLevel: DecidableLevel;
}

/** A tenant's link to one Slack workspace (API.md "Slack approvals"). */
export interface SlackIntegration {
  tenantId: string;
  /** Slack's workspace id (`T…`): the interaction callbacks name it, and it names the tenant. */
  teamId: string;
  approvers: SlackApprover[];
  /** Starts at 1; each change adds one, and the write is conditioned on the version read. */
  version: number;
  updatedAt: string;
}

/**
 * Approvers one workspace may list: a callback looks its user up in the list, and the whole
 * item (well under DynamoDB's 400 KB at ~60 bytes an approver) is read on every click.
 */
export const SLACK_APPROVERS_MAX = 500;

/** The name of a Slack decider (`decidedBy`, the ledger's actor): `slack:<user id>`. */
export const slackDecider = (slackUserId: string): string => `slack:${slackUserId}`;

/** The Slack user a `decidedBy` names (the inverse of {@link slackDecider}); undefined for a key or the service. */
export const slackUserOf = (decidedBy: string | null): string | undefined => /^slack:([A-Z0-9]{1,32})$/.exec(decidedBy ?? '')?.[1];

/** A click on Approve or Deny in Slack, as the callback (once its signature is checked) says. */
export interface SlackDecisionRequest {
  teamId: string;
  slackUserId: string;
  approvalId: string;
  decision: 'approve' | 'deny';
}

/**
 * What a click came to. Only `decided` changed anything; the message shows `approval`'s real
 * state whenever there is one, and the others are told to the clicking user alone.
 */
export type SlackDecision =
  | { outcome: 'decided'; approval: ApprovalRecord }
  /** Already decided or expired (a second click, a replayed callback, a REST decision first). */
  | { outcome: 'not-pending'; approval: ApprovalRecord }
  | { outcome: 'unknown-workspace' }
  | { outcome: 'not-an-approver' }
  | { outcome: 'level-too-high'; approval: ApprovalRecord; maxLevel: ApprovalLevel }
  | { outcome: 'unknown-approval' }
  /** The domain said no and nothing changed (a hard budget without room, an archived budget, a race). */
  | { outcome: 'refused'; approval: ApprovalRecord; reason: string };
