import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type MiddlewareStack = DynamoDBClient['middlewareStack'];

export interface TransactGate {
  /** Adds the gate to a client's middleware stack (a DocumentClient shares its client's stack). */
  install(stack: MiddlewareStack): void;
  /** Takes it off again (for clients that outlive the test, like the local API's). */
  uninstall(stack: MiddlewareStack): void;
  /** How many matching TransactWriteItems calls it has seen. */
  readonly arrived: number;
}

const GATE_NAME = 'transactGate';
/** Not a pacing device: only how long the gate waits before failing a test whose writes never came. */
const ARRIVAL_TIMEOUT_MS = 10_000;

/**
 * Forces "both read, then both write": the first `expected` TransactWriteItems calls whose
 * wire input matches are held until all of them have arrived (so each was built on what it
 * read before any of them wrote), then sent one at a time in arrival order, each after the
 * previous one has finished. Later calls (retries, other writes) pass straight through.
 */
export function transactGate(expected: number, matches: (wireInput: string) => boolean): TransactGate {
  let arrived = 0;
  let allArrived!: () => void;
  let timedOut!: (error: Error) => void;
  const arrival = new Promise<void>((resolve, reject) => {
    allArrived = resolve;
    timedOut = reject;
  });
  const timer = setTimeout(() => timedOut(new Error(`transactGate: only ${arrived} of ${expected} transactions arrived`)), ARRIVAL_TIMEOUT_MS);
  timer.unref();
  let previous: Promise<unknown> = arrival;

  return {
    install(stack) {
      stack.add((next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand' || arrived >= expected || !matches(JSON.stringify(args.input))) return next(args);
        arrived++;
        if (arrived === expected) {
          clearTimeout(timer);
          allArrived();
        }
        const turn = previous.then(() => next(args));
        previous = turn.catch(() => undefined);
        return turn;
      }, { step: 'deserialize', name: GATE_NAME });
    },
    uninstall(stack) {
      stack.remove(GATE_NAME);
    },
    get arrived() {
      return arrived;
    },
  };
}
