import { createLogUpdate } from 'log-update';
import type { CliContext } from './context.js';
import { render, type View } from './output.js';

/**
 * `--watch`: the answer again every `seconds` until Ctrl-C (or `io.signal`). On a table the
 * frame is redrawn in place; JSON prints one line per refresh (NDJSON), for a pipe.
 */
export async function watch<Answer, Row>(context: CliContext, seconds: number, frame: () => Promise<{ answer: Answer; view: View<Answer, Row> }>): Promise<void> {
  const { io } = context;
  const signal = io.signal ?? abortOnInterrupt();
  const sleep = io.sleep ?? ((ms: number, abort: AbortSignal) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    abort.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  }));
  const inPlace = context.format === 'table' ? createLogUpdate(io.stdout as NodeJS.WriteStream) : undefined;
  while (!signal.aborted) {
    const { answer, view } = await frame();
    if (inPlace) inPlace(`${await render(answer, view, 'table', io)}${context.colors.dim(`every ${seconds} s, Ctrl-C to stop · ${new Date().toLocaleTimeString()}`)}`);
    else context.write(context.format === 'json' ? `${JSON.stringify(answer)}\n` : await render(answer, view, context.format, io));
    await sleep(seconds * 1000, signal);
  }
  inPlace?.done();
}

function abortOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}
