import { describe, expect, it } from 'vitest';
import { renderNotificationLine, renderSlackMessage, type SlackMessage } from '../../shared/notifications/slack-message.js';
import { BudgetEvent, type ApprovalDecided, type ApprovalRequested, type PeriodClosed, type ThresholdEvent } from '../../shared/schemas/events.js';
import { sampleEvents } from '../support/events.js';

const NOW_MS = Date.parse('2026-11-23T10:00:00.000Z');
const crossed = sampleEvents['budget.threshold_crossed'] as ThresholdEvent;
const requested = sampleEvents['approval.requested'] as ApprovalRequested;
const decided = sampleEvents['approval.decided'] as ApprovalDecided;

type Block = { type: string; text?: { type: string; text: string }; fields?: Array<{ type: string; text: string }>; elements?: Array<{ type: string; text: string | { type: string; text: string }; action_id?: string; value?: string }> };

/** Every text object of the message, with its kind: the fallback is mrkdwn too. */
function texts(message: SlackMessage): Array<{ kind: 'header' | 'mrkdwn'; text: string; max: number }> {
  const out: Array<{ kind: 'header' | 'mrkdwn'; text: string; max: number }> = [{ kind: 'mrkdwn', text: message.text, max: 3000 }];
  for (const block of message.blocks as Block[]) {
    if (block.type === 'header') out.push({ kind: 'header', text: block.text!.text, max: 150 });
    else if (block.text) out.push({ kind: 'mrkdwn', text: block.text.text, max: 3000 });
    for (const field of block.fields ?? []) out.push({ kind: 'mrkdwn', text: field.text, max: 2000 });
    for (const element of block.elements ?? []) {
      // A button's label is plain text of at most 75 characters (Block Kit reference).
      if (typeof element.text === 'string') out.push({ kind: 'mrkdwn', text: element.text, max: 3000 });
      else out.push({ kind: 'header', text: element.text.text, max: 75 });
    }
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('Slack messages', () => {
  it.each(Object.keys(sampleEvents))('renders %s as Block Kit with a text fallback', (type) => {
    const event = sampleEvents[type as BudgetEvent['type']];
    expect(BudgetEvent.parse(event)).toEqual(event);
    const message = renderSlackMessage(event, NOW_MS);
    expect(message.text).toContain('Team ML');
    expect((message.blocks[0] as Block).type).toBe('header');
    expect(message).toMatchSnapshot();
  });

  it('says what happened, to which budget, the numbers with their currency, the time left and what to do', () => {
    const message = renderSlackMessage(crossed, NOW_MS);
    expect(message.text).toBe(':warning: Budget *Team ML* reached 90 % (warning)');
    expect((message.blocks[0] as Block).text!.text).toBe(':warning: Budget Team ML reached 90 % (warning)');
    const all = JSON.stringify(message.blocks);
    for (const expected of ['*Utilization*\\n90.05 %', '*Limit*\\n1000 USD', '*Spent*\\n420.5 USD', '*Reserved*\\n480 USD', '*Available*\\n99.5 USD',
      '2026-11 (7 days left', 'team `ml`', '`bud_01TEAMML`', 'POST /v1/budgets/bud_01TEAMML/adjustments', 'Hard budget']) {
      expect(all).toContain(expected);
    }
  });

  it('says when a crossing is only forecast', () => {
    const message = renderSlackMessage({ ...crossed, data: { ...crossed.data, kind: 'forecast' } }, NOW_MS);
    expect(message.text).toBe(':warning: Budget *Team ML* is forecast to reach 90 % by the period end (warning)');
    expect(JSON.stringify(message.blocks)).toContain('limit is forecast to be used by the period end');
  });

  it('tells that a resolved alert needs nothing', () => {
    const message = renderSlackMessage(sampleEvents['budget.threshold_resolved'], NOW_MS);
    expect(message.text).toBe(':white_check_mark: Budget *Team ML* is back under 90 %');
    expect(JSON.stringify(message.blocks)).toContain('No action needed');
    expect(JSON.stringify(message.blocks)).not.toContain('/adjustments');
  });

  it('asks an approver to approve or deny before the expiry, with the level and the overrun', () => {
    const message = renderSlackMessage(requested, NOW_MS);
    expect(message.text).toBe(':raising_hand: Approval needed (manager): 150 USD on *Team ML*');
    const all = JSON.stringify(message.blocks);
    for (const expected of ['POST /v1/approvals/apr_1/approve', '/deny', '*Level*\\nmanager', '*Overrun*\\n120 USD', '(26 h left)',
      '<!date^1795521600^{date_short_pretty} {time}|2026-11-24 12:00 UTC>', '> nightly retrain']) {
      expect(all).toContain(expected);
    }
  });

  it('tells the decision, who made it and their comment', () => {
    for (const status of ['approved', 'denied', 'expired'] as const) {
      const message = renderSlackMessage({ ...decided, data: { ...decided.data, status } }, NOW_MS);
      expect(message.text).toContain(`${status[0]!.toUpperCase()}${status.slice(1)}: 150 USD on *Team ML*`);
      expect(JSON.stringify(message.blocks)).toContain(`*${status}* by \`key_approver\``);
    }
    expect(JSON.stringify(renderSlackMessage(decided, NOW_MS).blocks)).toContain('> ok for launch week');
  });

  it('says which figures drift from the ledger, in which period, and that it is a defect to look into', () => {
    const message = renderSlackMessage(sampleEvents['reconciliation.drift_detected'], NOW_MS);
    expect(message.text).toBe(':rotating_light: Budget *Team ML*: counters drift from the ledger in 2026-11 (critical)');
    const all = JSON.stringify(message.blocks);
    for (const expected of ['*Limit drift*\\n2 USD', '*Spent drift*\\n1.5 USD', '*Reserved drift*\\n0 USD', 'limit 1002 · spent 421.5 · reserved 480 USD',
      'GET /v1/budgets/bud_01TEAMML/reconciliation?periodKey=2026-11', 'open an incident']) {
      expect(all).toContain(expected);
    }
    expect(all).not.toContain('headroom');
  });

  it('says which period closed, what it left and where the rest rolled; an overspent close is a warning with what to do', () => {
    const closed = sampleEvents['period.closed'] as PeriodClosed;
    const message = renderSlackMessage(closed, NOW_MS);
    expect(message.text).toBe(':information_source: Budget *Team ML* closed 2026-10 at 85.23 %');
    const blocks = JSON.stringify(message.blocks);
    for (const expected of ['147.75 USD rolled into 2026-11', '*Reserved at close*\\n40 USD', '*Left*\\n147.75 USD', '*No action needed.*']) expect(blocks).toContain(expected);

    const overspent: PeriodClosed = {
      ...closed, severity: 'warning',
      data: { ...closed.data, amounts: { ...closed.data.amounts, spent: '1030', available: '-70', utilization: 107 }, rolloverOut: '-70' },
    };
    const warning = JSON.stringify(renderSlackMessage(overspent, NOW_MS).blocks);
    for (const expected of [':warning:', 'the overrun of 70 USD carried into 2026-11 (its limit drops)', '*Overspent*\\n70 USD', '*What to do:*']) expect(warning).toContain(expected);
    expect(renderNotificationLine({ ...closed, data: { ...closed.data, rolloverOut: '0', nextPeriodKey: null } }, NOW_MS)).toBe(
      '[info] Budget Team ML closed 2026-10 at 85.23 % · spent 812.25 + reserved 40 of 1000 USD; nothing follows this period · event bud_01TEAMML:2026-10:closed');
  });

  it('puts Approve and Deny under an approval request, each carrying the approval id', () => {
    const buttons = (renderSlackMessage(requested, NOW_MS).blocks as Block[]).find((block) => block.type === 'actions')?.elements;
    expect(buttons?.map(({ action_id, value }) => ({ action_id, value }))).toEqual([
      { action_id: 'approval.approve', value: 'apr_1' }, { action_id: 'approval.deny', value: 'apr_1' },
    ]);
  });

  it('escapes &, < and > in mrkdwn, so event text cannot mention @channel or forge a link', () => {
    const name = '<!channel> & <https://evil.example|click>';
    const message = renderSlackMessage({ ...decided, data: { ...decided.data, budget: { ...decided.data.budget, name }, comment: 'hi <@U123>\n> &amp' } }, NOW_MS);
    expect(message.text).toBe(':white_check_mark: Approved: 150 USD on *&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;*');
    for (const { kind, text } of texts(message)) {
      if (kind === 'mrkdwn') {
        // Only the message's own date tokens may open a control sequence.
        expect(text).not.toMatch(/<(?!!date\^)[!@#]|<http/);
        expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
    }
    // plain_text parses nothing: the header shows the name as it is.
    expect((message.blocks[0] as Block).text!.text).toContain(name);
    expect(JSON.stringify(message.blocks)).toContain('> hi &lt;@U123&gt;\\n> &gt; &amp;amp');
  });

  it('stays within Slack\'s limits whatever the event carries, cutting neither a character nor an entity', () => {
    const huge = (unit: string) => unit.repeat(6000);
    const budget = { ...decided.data.budget, name: `${huge('&')}`, scope: { type: huge('<'), id: huge('😀') } };
    const events: BudgetEvent[] = [
      { ...decided, data: { ...decided.data, budget, comment: huge('a😀&'), decidedBy: huge('>'), description: huge('x') } },
      { ...requested, data: { ...requested.data, budget, description: huge('\n&') } },
      { ...crossed, data: { ...crossed.data, budget, period: { ...crossed.data.period, key: huge('&') } } },
    ];
    for (const event of events) {
      const message = renderSlackMessage(event, NOW_MS);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const block of message.blocks as Block[]) expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const { kind, text, max } of texts(message)) {
        expect(text.length).toBeLessThanOrEqual(max);
        expect(text).not.toMatch(LONE_SURROGATE);
        if (kind === 'mrkdwn') expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
      expect(message.text).toContain('…');
    }
  });

  it('counts the time left in the period, and says lifetime when it has none', () => {
    const left = (nowIso: string) => JSON.stringify(renderSlackMessage(crossed, Date.parse(nowIso)).blocks);
    expect(left('2026-11-30T20:30:00.000Z')).toContain('(2 h left');
    expect(left('2026-11-30T22:15:00.000Z')).toContain('(45 min left');
    expect(left('2026-12-01T00:00:00.000Z')).toContain('(ended');
    const lifetime = renderSlackMessage({ ...crossed, data: { ...crossed.data, period: { key: 'lifetime', start: null, end: null } } }, NOW_MS);
    expect(JSON.stringify(lifetime.blocks)).toContain('*Period*\\nlifetime (no end)');
  });
});

describe('console line', () => {
  it('renders each event as one plain line with its numbers', () => {
    expect(renderNotificationLine(crossed, NOW_MS)).toBe(
      '[warning] Budget Team ML reached 90 % (warning) · 90.05 % used: spent 420.5 + reserved 480 of 1000 USD, period 2026-11 (7 days left) · event alr_1:crossed:1');
    expect(renderNotificationLine(requested, NOW_MS)).toContain('approve or deny: POST /v1/approvals/apr_1/approve|deny before 2026-11-24 12:00 UTC');
    const line = renderNotificationLine({ ...decided, data: { ...decided.data, comment: 'first\nsecond' } }, NOW_MS);
    expect(line).toContain('by key_approver: "first second"');
    expect(renderNotificationLine(sampleEvents['reconciliation.drift_detected'], NOW_MS)).toBe(
      '[critical] Budget Team ML: counters drift from the ledger in 2026-11 (critical) · drift (counters − ledger): limit 2, spent 1.5, reserved 0 USD · event drf_1');
    expect(line).not.toContain('\n');
  });
});
