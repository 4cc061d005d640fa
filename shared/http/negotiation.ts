import type { ReportFormat } from '../schemas/reports.js';

/**
 * The format a report answers in (API.md "Reports, trends and charts"): `?format=` when
 * given, else CSV when `Accept` names `text/csv` with a higher (or equal, earlier) preference
 * than JSON, else JSON. A browser's `*\/*` keeps JSON.
 */
export function reportFormat(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (format) return format;
  if (!accept) return 'json';
  let best: { format: ReportFormat; quality: number } | null = null;
  for (const part of accept.split(',')) {
    const [mediaType = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const format = mediaType === 'text/csv' ? 'csv' : mediaType === 'application/json' ? 'json' : null;
    if (!format) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { format, quality };
  }
  return best?.format ?? 'json';
}
