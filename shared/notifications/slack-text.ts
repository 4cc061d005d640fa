/**
 * Text for Slack and for a terminal line: escaping, clipping to Block Kit's limits, blocks and
 * dates. Every string an event carries goes through one of these before it is shown.
 */

/** Slack refuses a whole message over one of these (Block Kit reference). */
export const LIMIT = { header: 150, section: 3000, field: 2000 } as const;

/**
 * Room for each string the event carries, in characters after escaping. With the fixed
 * text around them (a few hundred characters) a section stays far below 3000 whatever the
 * event holds; the clip in `section`, `fields` and `context` only guarantees it.
 */
export const ROOM = { name: 150, scope: 100, id: 100, currency: 15, quote: 1500 } as const;

const MRKDWN_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const CONTROL_OR_SPACE = /[\s\p{Cc}]/u;

/**
 * Maps each character of `text` through `piece`, then cuts to `max` UTF-16 units (what
 * Slack counts) with an ellipsis. It cuts between pieces: never inside a surrogate pair
 * (Slack would get invalid text) nor inside an `&amp;` entity.
 */
function fit(text: string, max: number, piece: (char: string) => string = (char) => char): string {
  const pieces = Array.from(text, piece);
  if (pieces.reduce((length, part) => length + part.length, 0) <= max) return pieces.join('');
  let out = '';
  for (const part of pieces) {
    if (out.length + part.length > max - 1) break;
    out += part;
  }
  return `${out}…`;
}

/** An approval's decision at a glance (a decided request, the message a click replaces). */
export const DECISION_ICONS = { approved: ':white_check_mark:', denied: ':no_entry:', expired: ':hourglass:' } as const;

export type Render = (text: string, max: number) => string;
/** One line of plain text (header, console): a newline or control character cannot break the layout. */
export const plain: Render = (text, max) => fit(text, max, (char) => (CONTROL_OR_SPACE.test(char) ? ' ' : char));
/** One line of mrkdwn: `&`, `<`, `>` escaped, so event text cannot mention `@channel` or forge a link. */
export const mrkdwn: Render = (text, max) => fit(text, max, (char) => MRKDWN_ESCAPES[char] ?? (CONTROL_OR_SPACE.test(char) ? ' ' : char));
/** An inline code span: a backtick inside would end it early. */
export const code = (text: string, max: number = ROOM.id) => `\`${mrkdwn(text.replaceAll('`', "'"), max)}\``;
/** A block quote of several lines: each line must begin with `>` to stay inside it. */
export const quote = (text: string) => `> ${fit(text, ROOM.quote, (char) => MRKDWN_ESCAPES[char] ?? (char === '\n' ? '\n> ' : CONTROL_OR_SPACE.test(char) ? ' ' : char))}`;

export const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text: fit(text, LIMIT.header), emoji: true } });
export const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: fit(text, LIMIT.section) } });
export const fields = (pairs: Array<[label: string, value: string]>) => ({
  type: 'section',
  fields: pairs.map(([label, value]) => ({ type: 'mrkdwn', text: fit(`*${label}*\n${value}`, LIMIT.field) })),
});
export const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: fit(text, LIMIT.section) }] });

/** `2026-11-24 12:00 UTC`: readable, and what Slack shows where it cannot localize a date. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
/** A date Slack shows in the reader's own time zone. */
export const slackDate = (iso: string) => `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${utc(iso)}>`;

export function timeLeft(endIso: string, nowMs: number): string {
  const leftMs = Date.parse(endIso) - nowMs;
  if (leftMs <= 0) return 'ended';
  const hours = Math.floor(leftMs / 3_600_000);
  if (hours >= 48) return `${Math.floor(hours / 24)} days left`;
  if (hours >= 1) return `${hours} h left`;
  return `${Math.max(1, Math.floor(leftMs / 60_000))} min left`;
}

