import { describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../shared/notifications/slack-message.js';
import { BudgetEvent } from '../../shared/schemas/events.js';
import { sampleEvents } from '../support/events.js';

const NOW_MS = Date.parse('2026-11-23T10:00:00.000Z');

describe('Slack messages', () => {
  it.each(Object.keys(sampleEvents))('renders %s as Block Kit with a text fallback', (type) => {
    const event = sampleEvents[type as BudgetEvent['type']];
    expect(BudgetEvent.parse(event)).toEqual(event);
    const message = renderSlackMessage(event, NOW_MS);
    expect(message.text.length).toBeGreaterThan(10);
    expect(message).toMatchSnapshot();
  });

  it('says what happened, to which budget, the numbers, the period left and what to do', () => {
    const message = renderSlackMessage(sampleEvents['budget.threshold_crossed'], NOW_MS);
    const all = JSON.stringify(message.blocks);
    expect(message.text).toBe('Budget Team ML reached 90 % (warning)');
    for (const expected of ['90.05 %', '1000 USD', '420.5 USD', '480 USD', '99.5 USD', '2026-11 (7 days left)', 'team `ml`', '/adjustments']) {
      expect(all).toContain(expected);
    }
  });

  it('escapes user text and stays within Slack\'s limits', () => {
    const base = sampleEvents['approval.decided'] as Extract<BudgetEvent, { type: 'approval.decided' }>;
    const hostile: BudgetEvent = {
      ...base,
      data: { ...base.data, budget: { ...base.data.budget, name: `<!channel> & ${'x'.repeat(5000)}` }, comment: `<@U123> ${'y'.repeat(10_000)}` },
    };
    const message = renderSlackMessage(hostile, NOW_MS);
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(json).toContain('&lt;!channel&gt; &amp;');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text.length).toBeLessThanOrEqual(3000);
    for (const block of message.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>) {
      if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(150);
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
    }
  });

  it('counts the time left in the period, and says lifetime when it has no end', () => {
    const crossed = sampleEvents['budget.threshold_crossed'] as Extract<BudgetEvent, { type: 'budget.threshold_crossed' }>;
    const soon = renderSlackMessage(crossed, Date.parse('2026-11-30T20:30:00.000Z'));
    expect(JSON.stringify(soon.blocks)).toContain('2 h left');
    const lifetime = renderSlackMessage({ ...crossed, data: { ...crossed.data, period: { key: 'lifetime', start: null, end: null } } }, NOW_MS);
    expect(JSON.stringify(lifetime.blocks)).toContain('lifetime');
  });
});
