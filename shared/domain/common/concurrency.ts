/**
 * Runs `work` on every item, at most `concurrency` at a time, until all are done or `stop`
 * says so (asked before each item: a job's deadline). The first failure is thrown, and the
 * other workers take no new item after it (each finishes the one it holds); work that must
 * not stop the rest catches its own errors.
 */
export async function eachConcurrently<T>(
  items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length && !stop()) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
