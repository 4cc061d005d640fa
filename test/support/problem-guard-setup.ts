import { afterAll, afterEach } from 'vitest';
import { assertNoUndeclaredProblems } from './problem-guard.js';

/**
 * Every test file (`setupFiles`): the handlers run in-process, so an answer outside its
 * route's declared problems fails the test that caused it, or the file when it happened
 * in a hook. That keeps the OpenAPI document's problems honest wherever a test reaches.
 */
afterEach(assertNoUndeclaredProblems);
afterAll(assertNoUndeclaredProblems);
