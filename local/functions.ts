import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { FUNCTION_CATALOG, type FunctionName } from '../functions/catalog.js';

const modules = new Map<FunctionName, Promise<{ handler: unknown }>>();

/**
 * The `handler` export of a catalog entry. The `.js` specifier is what the source's own
 * imports use; tsx (and vitest) resolve it to the `.ts` file. Loaded once per process,
 * as in a warm Lambda execution environment.
 */
export async function loadHandler<Handler>(name: FunctionName): Promise<Handler> {
  let module = modules.get(name);
  if (!module) {
    const url = new URL(`../${FUNCTION_CATALOG[name].entry.replace(/\.ts$/, '.js')}`, import.meta.url);
    module = import(url.href) as Promise<{ handler: unknown }>;
    modules.set(name, module);
  }
  const { handler } = await module;
  if (typeof handler !== 'function') throw new Error(`${FUNCTION_CATALOG[name].entry} exports no handler function`);
  return handler as Handler;
}

/** The Lambda context of one invocation, with the function's memory and timeout from the catalog. */
export function lambdaContext(name: FunctionName): Context {
  const { memoryMb, timeoutSeconds } = FUNCTION_CATALOG[name];
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
