import { Command, CommanderError, Option } from 'commander';
import { registerAccessCommands } from './commands/access.js';
import { registerBudgetCommands } from './commands/budgets.js';
import { registerLoginCommand } from './commands/login.js';
import { registerMoneyCommands } from './commands/money.js';
import { registerNoticeCommands } from './commands/notices.js';
import { registerPeriodCommands } from './commands/periods.js';
import { registerReportCommands } from './commands/reports.js';
import { registerTrustCommands } from './commands/trust.js';
import { CliContext } from './context.js';
import { EXIT, errorLine, exitCodeOf, type ExitCode } from './errors.js';
import { OUTPUT_FORMATS, type CliIo } from './output.js';

/**
 * `budgets`: the command line of the budget service. Every command is one or a few calls of
 * the public REST API; exit codes (API.md): 0 ok, 1 error, 2 usage, 3 a budget refused, 4 not found.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; commander already wrote its message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr.write(`budgets: ${errorLine(error)}\n`);
    return exitCodeOf(error);
  }
}

/** Every command, writing to `io`; errors are thrown to {@link runCli}, never exit the process. */
export function createProgram(io: CliIo): Command {
  const program = new Command('budgets');
  const context = new CliContext(io, program);
  program
    .description('The budget service from a terminal: budgets, holds and charges, status, forecasts, reports, alerts and approvals.')
    .addOption(new Option('-o, --output <format>', 'table (default on a terminal), json (default otherwise) or csv').choices(OUTPUT_FORMATS))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text),
    })
    .addHelpText('after', `
Configuration: budgets login --url <url> --key <key> saves both (file mode 0600);
BUDGETS_URL and BUDGETS_API_KEY override them. NO_COLOR turns colors off.

Example:
  $ budgets login --url http://127.0.0.1:3000 --key "$API_KEY"
  $ budgets budgets create --name "LLM inference" --scope team:ml --currency USD --limit 5000
  $ budgets reserve bud_01… 12.50 --category gpt-4o`);

  registerLoginCommand(program, context);
  registerBudgetCommands(program, context);
  registerMoneyCommands(program, context);
  registerPeriodCommands(program, context);
  registerReportCommands(program, context);
  registerNoticeCommands(program, context);
  registerAccessCommands(program, context);
  registerTrustCommands(program, context);
  return program;
}
