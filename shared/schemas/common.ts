import { z } from 'zod';
import { isCurrencyCode } from '../domain/common/currency.js';
import { tryParseAmount } from '../domain/common/amount.js';
import { isIanaTimeZone } from '../domain/periods/timezone.js';

/** Limits on everything a request can carry, named once. */
export const LIMITS = {
  nameLength: 200,
  descriptionLength: 2000,
  scopeIdLength: 200,
  pageSizeMax: 100,
  pageSizeDefault: 25,
  thresholdsMax: 10,
  thresholdPercentMax: 1000,
  categoriesMax: 50,
  tagsMax: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  bodyBytesMax: 64 * 1024,
  idempotencyKeyLength: 255,
} as const;

function amountSchema(allowNegative: boolean, id: string, description: string) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const result = tryParseAmount(text, { allowNegative });
      if (!result.ok) ctx.addIssue({ code: 'custom', message: `amount ${result.reason}` });
    })
    .meta({
      id,
      description,
      pattern: allowNegative ? '^-?\\d+(\\.\\d{1,6})?$' : '^\\d+(\\.\\d{1,6})?$',
      examples: allowNegative ? ['-50', '12.5'] : ['12.5', '0.000125'],
    });
}

/** A non-negative decimal amount as a string: at most 6 decimals, no exponent, at most 10^12. */
export const Amount = amountSchema(
  false,
  'Amount',
  'A non-negative decimal amount in the budget currency, as a string: at most 6 digits after the point, no exponent, at most 10^12. Compare amounts as decimals.',
);

/** A signed decimal amount (adjustments, ledger deltas). */
export const SignedAmount = amountSchema(
  true,
  'SignedAmount',
  'A signed decimal amount as a string: at most 6 digits after the point, no exponent.',
);

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

/** Query-string page size: 1..100, default 25. */
export const PageLimit = z
  .string()
  .regex(/^\d+$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.int().min(1, 'must be at least 1').max(LIMITS.pageSizeMax, `must be at most ${LIMITS.pageSizeMax}`))
  .optional()
  .meta({ description: `Page size, 1..${LIMITS.pageSizeMax}, default ${LIMITS.pageSizeDefault}.` });

export const Cursor = z.string().min(1).max(2048).optional().meta({ description: 'Opaque cursor from a previous page.' });

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
