import { Option, type Command } from 'commander';

/** `--idempotency-key`, on every money movement: a fresh key per invocation unless given. */
export function idempotencyOption(): Option {
  return new Option('--idempotency-key <key>', 'repeat a movement safely: the same key answers the first result (default: a fresh key per run)');
}

/** `--limit`, `--cursor` and `--all` for list commands. */
export function addPagingOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'items per page (1-100)')
    .option('--cursor <cursor>', 'the page after this cursor (from a previous page)')
    .option('--all', 'follow every page');
}
