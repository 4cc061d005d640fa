import { ValidationError } from '../domain/common/errors.js';
import type { ApiResponse } from './api-handler.js';

/**
 * Lambda answers API Gateway with at most 6 MB; past that the client gets a 502. An answer that
 * grows with the tenant's data (the roll-up) is measured first and, when too large, refused
 * with what to ask for instead.
 */
export const ANSWER_MAX_BYTES = 5_500_000;

export function refuseOversized(response: ApiResponse, what: string, instead: string, pointer = '/query', maxBytes = ANSWER_MAX_BYTES): ApiResponse {
  const bytes = 'text' in response ? Buffer.byteLength(response.text) : Buffer.byteLength(JSON.stringify(response.body ?? null));
  if (bytes <= maxBytes) return response;
  throw new ValidationError([{
    pointer,
    detail: `${what} is ${(bytes / 1e6).toFixed(1)} MB, more than one answer can carry (${maxBytes / 1e6} MB); ${instead}`,
  }]);
}
