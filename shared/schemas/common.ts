import { z } from 'zod';
import { amountPattern, tryParseAmount } from '../domain/common/amount.js';
import { isCurrencyCode } from '../domain/common/currency.js';
import { LIMITS } from '../domain/common/limits.js';
import { isIanaTimeZone } from '../domain/periods/timezone.js';

/** Zero in any spelling (`"0"`, `"0.000000"`, `"-0"`): what an amount that must move money may not be. */
const ZERO_AMOUNT_PATTERN = '^-?0+(\\.0+)?$';

function amountText(allowNegative: boolean, id: string, description: string, refusesZero = false) {
  return z.string().meta({
    id,
    description,
    pattern: amountPattern({ allowNegative }),
    // JSON Schema has no exclusiveMinimum for strings: `not` states the rule so tools can check it.
    ...(refusesZero && { not: { pattern: ZERO_AMOUNT_PATTERN } }),
    examples: allowNegative ? ['-50', '12.5'] : ['12.5', '0.000125'],
  });
}

/** A non-negative decimal amount as a string, as responses render it: at most 6 decimals, no exponent. */
export const Amount = amountText(
  false,
  'Amount',
  'A non-negative decimal amount in the budget currency, as a string: at most 6 digits after the point, no exponent, at most 10^12. Compare amounts as decimals.',
);

/** A signed decimal amount (adjustments, ledger deltas, what may go negative). */
export const SignedAmount = amountText(
  true,
  'SignedAmount',
  'A signed decimal amount as a string: at most 6 digits after the point, no exponent.',
);

/** A request amount that must be greater than zero (holds, usage: a zero one would move nothing). */
export const PositiveAmount = amountText(
  false,
  'PositiveAmount',
  'A decimal amount greater than 0 in the budget currency, as a string: at most 6 digits after the point, no exponent, at most 10^12 ("0" and "0.000000" are refused).',
  true,
);

/** A signed request amount that must not be zero (adjustments: a zero one would change nothing). */
export const NonZeroSignedAmount = amountText(
  true,
  'NonZeroSignedAmount',
  'A signed decimal amount other than 0, as a string: at most 6 digits after the point, no exponent ("0" and "-0" are refused).',
  true,
);

/**
 * The one place a request's amount is parsed: the text becomes exact micro-units
 * (`bigint`) here, and the domain never sees the string. Zero is judged on the parsed
 * value, so every spelling of it (`"0.000000"`, `"-0"`) gets the same answer.
 */
function parsedMicros(text: z.ZodString, allowNegative: boolean, refusesZero = false) {
  return text.transform((value, ctx) => {
    const parsed = tryParseAmount(value, { allowNegative });
    if (parsed.ok && !(refusesZero && parsed.micros === 0n)) return parsed.micros;
    const reason = parsed.ok ? (allowNegative ? 'must not be zero' : 'must be greater than 0') : parsed.reason;
    // `continue`: the enclosing object's own checks still run, so one 400 lists every
    // problem of the request; the placeholder never leaves a parse that has an issue.
    ctx.addIssue({ code: 'custom', message: `amount ${reason}`, continue: true });
    return 0n;
  });
}

/** A request amount that may be zero (a charge of nothing, a limit): validated as {@link Amount}, handed on as micro-units. */
export const AmountMicros = parsedMicros(Amount, false);
/** A request amount greater than zero (holds, usage), handed on as micro-units. */
export const PositiveAmountMicros = parsedMicros(PositiveAmount, false, true);
/** A signed request amount, zero allowed (a series of spend figures), handed on as micro-units. */
export const SignedAmountMicros = parsedMicros(SignedAmount, true);
/** A signed request amount other than zero (adjustments), handed on as micro-units. */
export const NonZeroSignedAmountMicros = parsedMicros(NonZeroSignedAmount, true, true);

/** Any id in a path, query or body: longer than any id we issue cannot exist. */
export const Id = z.string().min(1).max(LIMITS.idLength);

export const CurrencyCode = z
  .string()
  .refine(isCurrencyCode, { message: 'must be an ISO 4217 alphabetic currency code such as "USD"' })
  .meta({ id: 'CurrencyCode', description: 'ISO 4217 alphabetic code.', examples: ['USD', 'EUR', 'JPY'] });

export const TimeZone = z
  .string()
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris" or "UTC"' })
  .meta({ id: 'TimeZone', description: 'IANA time zone name.', examples: ['UTC', 'Europe/Paris'] });

export const Timestamp = z
  .iso.datetime({ offset: true })
  .meta({ id: 'Timestamp', description: 'ISO 8601 timestamp; responses are always UTC.', examples: ['2026-11-22T10:15:00.000Z'] });

/** An ISO 8601 timestamp with an offset, handed on as epoch milliseconds. */
export const TimestampMs = Timestamp.transform((text) => Date.parse(text));

/** A query-string flag: `true` or `false` (anything else is a 400, not silently false). */
export const QueryFlag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((text) => text === 'true');

/** Query-string page size: 1..100, default 25. */
export const PageLimit = z
  .string()
  .regex(/^\d+$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.int().min(1, 'must be at least 1').max(LIMITS.pageSizeMax, `must be at most ${LIMITS.pageSizeMax}`))
  .optional()
  .meta({ description: `Page size, 1..${LIMITS.pageSizeMax}, default ${LIMITS.pageSizeDefault}.` });

export const Cursor = z.string().min(1).max(LIMITS.cursorLength).optional().meta({ description: 'Opaque cursor from a previous page.' });

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), nextCursor: z.string().nullable() })
    .meta({ id, description: 'A page of results; walk `nextCursor` until it is null.' });
}

export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; clients match on the last path segment of `type`.' });
