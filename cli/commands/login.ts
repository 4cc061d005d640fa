import type { Command } from 'commander';
import { ApiClient } from '../client.js';
import { saveConfig } from '../config.js';
import type { CliContext } from '../context.js';
import { CliUsageError } from '../errors.js';

export function registerLoginCommand(program: Command, context: CliContext): void {
  program
    .command('login')
    .description('Check a URL and an API key against the service, then save both in your config directory (mode 0600).')
    .requiredOption('--url <url>', 'the service, e.g. http://127.0.0.1:3000 or https://<api>.execute-api.<region>.amazonaws.com/prod')
    .option('--key <key>', 'the API key (default: BUDGETS_API_KEY)')
    .addHelpText('after', '\nExample:\n  $ budgets login --url http://127.0.0.1:3000 --key "$API_KEY"')
    .action(async (options: { url: string; key?: string }) => {
      const apiKey = options.key ?? context.io.env.BUDGETS_API_KEY;
      if (!apiKey) throw new CliUsageError('login needs --key <key> (or BUDGETS_API_KEY)');
      if (!URL.canParse(options.url)) throw new CliUsageError(`--url ${options.url} is not a URL`);
      // A key that cannot list budgets is refused here, not at the first real command.
      await new ApiClient({ baseUrl: options.url, apiKey, fetch: context.io.fetch }).call('listBudgets', { query: { limit: 1 } });
      const file = await saveConfig(context.io.env, { url: options.url, apiKey });
      context.io.stderr.write(`logged in to ${options.url}; saved in ${file}\n`);
    });
}
