import type { CliContext } from './context.js';

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface PagingOptions {
  limit?: string;
  cursor?: string;
  all?: boolean;
}

/**
 * One page as the API answered it (so `--output json` is that answer), or with `--all` every
 * page walked to the end, answered as one page whose `nextCursor` is null.
 */
export async function pageOrAll<Item>(
  context: CliContext,
  options: PagingOptions,
  fetchPage: (query: { limit?: string; cursor?: string }) => Promise<Page<Item>>,
): Promise<Page<Item>> {
  let page = await fetchPage({ limit: options.limit, cursor: options.cursor });
  if (!options.all) {
    if (page.nextCursor) context.note(`more: --cursor ${page.nextCursor} (or --all)`);
    return page;
  }
  const items = [...page.items];
  while (page.nextCursor) {
    page = await fetchPage({ limit: options.limit, cursor: page.nextCursor });
    items.push(...page.items);
  }
  return { items, nextCursor: null };
}
