import type { z } from 'zod';
import { ValidationError, type FieldError } from '../domain/common/errors.js';

function escapePointerToken(token: PropertyKey): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Turns zod issues into JSON Pointer field errors (`/period/timezone`, `/query/limit`). */
export function fieldErrorsFromZod(error: z.ZodError, pointerPrefix = ''): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = pointerPrefix + issue.path.map((token) => `/${escapePointerToken(token)}`).join('');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: `${base}/${escapePointerToken(key)}`, detail: 'is not a known field' }));
    }
    return [{ pointer: base, detail: issue.message }];
  });
}

/** Parses `input` with `schema` or throws a {@link ValidationError} with pointers under `pointerPrefix`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, pointerPrefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsFromZod(result.error, pointerPrefix));
  return result.data;
}
