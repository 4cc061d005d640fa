import { z } from 'zod';
import { amountPattern, tryParseAmount } from '../domain/common/amount.js';
import { isCurrencyCode } from '../domain/common/currency.js';
import { LIMITS } from '../domain/common/limits.js';
import { isIanaTimeZone } from '../domain/periods/timezone.js';

function amountText(allowNegative: boolean, id: string, description: string) {
  return z.string().meta({
    id,
    description,
    pattern: amountPattern({ allowNegative }),
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

/**
 * The one place a request's amount is parsed: the text becomes exact micro-units
 * (`bigint`) here, and the domain never sees the string.
 */
function parsedMicros(text: z.ZodString, allowNegative: boolean) {
  return text.transform((value, ctx) => {
    const parsed = tryParseAmount(value, { allowNegative });
    if (parsed.ok) return parsed.micros;
    // `continue`: the enclosing object's own checks still run, so one 400 lists every
    // problem of the request; the placeholder never leaves a parse that has an issue.
    ctx.addIssue({ code: 'custom', message: `amount ${parsed.reason}`, continue: true });
    return 0n;
  });
}

/** A request amount: validated as {@link Amount}, handed on as micro-units. */
export const AmountMicros = parsedMicros(Amount, false);
/** A signed request amount, handed on as micro-units. */
export const SignedAmountMicros = parsedMicros(SignedAmount, true);

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
