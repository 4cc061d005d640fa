import type { AuditEntry } from '../audit/audit.js';
import type { SlackIntegration } from './slack.js';

export type SlackIntegrationSave = { ok: true } | { ok: false; reason: 'team-linked-elsewhere' | 'changed' };

export interface SlackIntegrationStore {
  get(tenantId: string): Promise<SlackIntegration | undefined>;
  /** The integration that links `teamId`, found through the workspace's lookup item. */
  findByTeam(teamId: string): Promise<SlackIntegration | undefined>;
  /**
   * Writes `after` as `before` was read (none: there was no link), moving the workspace's
   * lookup item when the team changes, with the audit entry, in one transaction. Refused
   * when the workspace is linked to another tenant or the link changed since it was read.
   */
  save(before: SlackIntegration | undefined, after: SlackIntegration, audit: AuditEntry): Promise<SlackIntegrationSave>;
}
