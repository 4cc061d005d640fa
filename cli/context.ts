import type { Command } from 'commander';
import { ApiClient } from './client.js';
import { resolveConfig } from './config.js';
import { colorsFor, outputFormatOf, render, type CliIo, type OutputFormat, type View } from './output.js';

/** What every command gets: the API client (from the login or the environment), output, and the streams. */
export class CliContext {
  private client?: ApiClient;

  constructor(readonly io: CliIo, private readonly program: Command) {}

  async api(): Promise<ApiClient> {
    if (!this.client) {
      const config = await resolveConfig(this.io.env);
      this.client = new ApiClient({ baseUrl: config.url, apiKey: config.apiKey, fetch: this.io.fetch });
    }
    return this.client;
  }

  get format(): OutputFormat {
    return outputFormatOf(this.program.opts<{ output?: string }>().output, this.io);
  }

  get colors() {
    return colorsFor(this.io);
  }

  async print<Answer, Row>(answer: Answer, view: View<Answer, Row>): Promise<void> {
    this.write(await render(answer, view, this.format, this.io));
  }

  write(text: string): void {
    this.io.stdout.write(text);
  }

  /** A note for people (a next page, where a file went): stderr, so stdout stays the answer. */
  note(text: string): void {
    if (this.format === 'table') this.io.stderr.write(`${text}\n`);
  }
}
