import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signing ("Verifying requests from Slack"): `X-Slack-Signature` is `v0=`
 * and the hex HMAC-SHA256, keyed with the app's signing secret, of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}`. Pure: the clock is an argument.
 */

/** A signed request this far from our clock (either way) is refused: a captured one cannot be replayed later. */
export const SLACK_SIGNATURE_MAX_AGE_SECONDS = 300;

const SIGNATURE_VERSION = 'v0';
const TIMESTAMP_PATTERN = /^\d{1,12}$/;

export interface SlackSignedRequest {
  /** `X-Slack-Request-Timestamp`: seconds since the epoch. */
  timestampHeader: string | undefined;
  /** `X-Slack-Signature`. */
  signatureHeader: string | undefined;
  /** The body exactly as received: the signature covers its bytes, not a re-encoding. */
  rawBody: string;
}

/** `v0=<hex>` for `rawBody` sent at `timestampSeconds`: what Slack sends, and what tests sign with. */
export function slackSignature(signingSecret: string, timestampSeconds: number | string, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`${SIGNATURE_VERSION}:${timestampSeconds}:${rawBody}`, 'utf8').digest('hex');
  return `${SIGNATURE_VERSION}=${digest}`;
}

/**
 * Why a request is not Slack's, or `undefined` when its signature holds and it was sent
 * within {@link SLACK_SIGNATURE_MAX_AGE_SECONDS} of `nowMs`. The comparison takes the same
 * time whatever the signature (the lengths, which are public, are compared first).
 *
 * @example
 * verifySlackSignature(secret, { timestampHeader: '1531420618', signatureHeader: 'v0=a2114d…', rawBody }, 1531420618_000) // undefined
 */
export function verifySlackSignature(signingSecret: string, request: SlackSignedRequest, nowMs: number): string | undefined {
  const { timestampHeader, signatureHeader, rawBody } = request;
  if (timestampHeader === undefined || signatureHeader === undefined) return 'X-Slack-Request-Timestamp and X-Slack-Signature are required.';
  if (!TIMESTAMP_PATTERN.test(timestampHeader)) return 'X-Slack-Request-Timestamp must be seconds since the epoch.';
  const timestampSeconds = Number(timestampHeader);
  if (Math.abs(nowMs / 1000 - timestampSeconds) > SLACK_SIGNATURE_MAX_AGE_SECONDS) {
    return `X-Slack-Request-Timestamp is more than ${SLACK_SIGNATURE_MAX_AGE_SECONDS / 60} minutes away from now.`;
  }
  const expected = Buffer.from(slackSignature(signingSecret, timestampHeader, rawBody), 'utf8');
  const presented = Buffer.from(signatureHeader, 'utf8');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'X-Slack-Signature does not match the request.';
  return undefined;
}
