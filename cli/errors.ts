/** What the CLI's exit code says (API.md): scripts branch on it. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  /** A budget refused the movement (409 `budget-exceeded`). */
  budgetRefused: 3,
  notFound: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The problem+json body of an error answer (only what the CLI reads). */
export interface ApiProblem {
  type: string;
  status: number;
  title?: string;
  detail?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

export class ApiProblemError extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get slug(): string {
    return this.problem.type.split('/').pop() ?? '';
  }
}

/** The command line itself is wrong (a missing argument, an unknown option): exit 2. */
export class CliUsageError extends Error {}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliUsageError) return EXIT.usage;
  if (error instanceof ApiProblemError) {
    if (error.slug === 'budget-exceeded') return EXIT.budgetRefused;
    if (error.slug === 'not-found') return EXIT.notFound;
    // The service found a value of the command line invalid (an amount, a date): a usage error.
    if (error.slug === 'validation-error') return EXIT.usage;
  }
  return EXIT.error;
}

/** The one line on stderr: the problem's `detail`, and each invalid field's (control characters made visible). */
export function errorLine(error: unknown): string {
  return errorText(error).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function errorText(error: unknown): string {
  if (error instanceof ApiProblemError) {
    const fields = (error.problem.errors ?? []).map((field) => `${field.pointer || '/'}: ${field.detail}`);
    const detail = error.problem.detail ?? error.problem.title ?? `HTTP ${error.problem.status}`;
    return fields.length > 0 ? `${detail} (${fields.join('; ')})` : detail;
  }
  return error instanceof Error ? error.message : String(error);
}
