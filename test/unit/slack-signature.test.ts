import { describe, expect, it } from 'vitest';
import { SLACK_SIGNATURE_MAX_AGE_SECONDS, slackSignature, verifySlackSignature } from '../../shared/http/slack-signature.js';

/**
 * Slack's own example ("Verifying requests from Slack", also the test vector of
 * slackapi/python-slack-sdk): a slash-command body signed with a sample secret.
 */
const SLACK_EXAMPLE = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestampSeconds: 1531420618,
  rawBody: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar'
    + '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands'
    + '%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

/** Ours: an interaction callback, its signature computed independently (`printf 'v0:1700000000:payload=%7B%7D' | openssl dgst -sha256 -hmac our-secret`). */
const OURS = { signingSecret: 'our-secret', timestampSeconds: 1700000000, rawBody: 'payload=%7B%7D', signature: 'v0=93721d7331d9b8a1d95a0d10fac763888baa96358439a98632634f2ba82aa286' };

const headersOf = (vector: typeof SLACK_EXAMPLE, signature = vector.signature) => ({
  timestampHeader: String(vector.timestampSeconds), signatureHeader: signature, rawBody: vector.rawBody,
});

describe('slackSignature', () => {
  it.each([['Slack\'s documented example', SLACK_EXAMPLE], ['our own vector', OURS]])('signs %s as expected', (_, vector) => {
    expect(slackSignature(vector.signingSecret, vector.timestampSeconds, vector.rawBody)).toBe(vector.signature);
  });
});

describe('verifySlackSignature', () => {
  const atMs = SLACK_EXAMPLE.timestampSeconds * 1000;

  it('accepts Slack\'s example at its own time', () => {
    expect(verifySlackSignature(SLACK_EXAMPLE.signingSecret, headersOf(SLACK_EXAMPLE), atMs)).toBeUndefined();
  });

  it.each([
    ['5 minutes old', atMs + SLACK_SIGNATURE_MAX_AGE_SECONDS * 1000, undefined],
    ['5 minutes ahead', atMs - SLACK_SIGNATURE_MAX_AGE_SECONDS * 1000, undefined],
    ['a second more than 5 minutes old', atMs + (SLACK_SIGNATURE_MAX_AGE_SECONDS + 1) * 1000, 'more than 5 minutes'],
    ['a second more than 5 minutes ahead', atMs - (SLACK_SIGNATURE_MAX_AGE_SECONDS + 1) * 1000, 'more than 5 minutes'],
  ])('with a timestamp %s: %s', (_, nowMs, refusal) => {
    const answer = verifySlackSignature(SLACK_EXAMPLE.signingSecret, headersOf(SLACK_EXAMPLE), nowMs);
    if (refusal === undefined) expect(answer).toBeUndefined();
    else expect(answer).toContain(refusal);
  });

  it.each([
    ['another secret', { secret: 'another-secret' }],
    ['a changed body', { rawBody: `${SLACK_EXAMPLE.rawBody}&x=1` }],
    ['a truncated signature', { signature: SLACK_EXAMPLE.signature.slice(0, -1) }],
    ['another version', { signature: SLACK_EXAMPLE.signature.replace('v0=', 'v1=') }],
    ['an empty signature', { signature: '' }],
  ])('refuses %s', (_, change: { secret?: string; rawBody?: string; signature?: string }) => {
    const request = { ...headersOf(SLACK_EXAMPLE, change.signature), ...(change.rawBody !== undefined && { rawBody: change.rawBody }) };
    expect(verifySlackSignature(change.secret ?? SLACK_EXAMPLE.signingSecret, request, atMs)).toContain('does not match');
  });

  it.each([
    ['no timestamp', { timestampHeader: undefined }, 'are required'],
    ['no signature', { signatureHeader: undefined }, 'are required'],
    ['a timestamp that is not seconds', { timestampHeader: '1531420618.5' }, 'seconds since the epoch'],
  ])('refuses %s', (_, change, refusal) => {
    expect(verifySlackSignature(SLACK_EXAMPLE.signingSecret, { ...headersOf(SLACK_EXAMPLE), ...change }, atMs)).toContain(refusal);
  });
});
