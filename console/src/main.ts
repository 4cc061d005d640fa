import { apiKey, ProblemError } from './api.js';
import { h, replace } from './dom.js';
import { budgetView } from './views/budget.js';
import { alertsView, approvalsView } from './views/notices.js';
import { loadRollup, treeView } from './views/tree.js';

/**
 * The console: paste a key (kept in this tab's session storage only), then the budget tree,
 * a budget's chart, forecast and report, alerts and approvals. Every error shows the
 * problem's `detail`. Routes are in the hash: `#/` and `#/budgets/{id}`.
 */

const main = document.getElementById('main')!;
const errorBox = document.getElementById('error')!;
const session = document.getElementById('session')!;

function showError(error: unknown): void {
  const detail = error instanceof ProblemError || error instanceof Error ? error.message : String(error);
  replace(errorBox, h('p', {}, detail));
  errorBox.hidden = false;
  if (error instanceof ProblemError && error.status === 401) {
    apiKey.forget();
    void render();
  }
}

function clearError(): void {
  errorBox.hidden = true;
  replace(errorBox);
}

function keyForm(): HTMLElement {
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: false, required: true, 'aria-describedby': 'api-key-help' });
  const form = h('form', { class: 'key-form' },
    h('h2', {}, 'Sign in with an API key'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p', { id: 'api-key-help', class: 'muted' }, 'Kept in this browser tab only (session storage); closing the tab forgets it.'),
    h('button', { type: 'submit', class: 'primary' }, 'Open the console'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey.set(input.value.trim());
    void render();
  });
  queueMicrotask(() => input.focus());
  return form;
}

function sessionControls(): void {
  if (!apiKey.get()) return replace(session);
  replace(session, h('button', { type: 'button', onclick: () => { apiKey.forget(); void render(); } }, 'Forget key'));
}

async function render(): Promise<void> {
  sessionControls();
  if (!apiKey.get()) return replace(main, keyForm());
  const budgetId = /^#\/budgets\/(.+)$/.exec(location.hash)?.[1];
  main.setAttribute('aria-busy', 'true');
  try {
    if (budgetId) {
      replace(main, await budgetView(decodeURIComponent(budgetId), showError));
      document.getElementById('budget-title')?.focus();
    } else {
      const rollup = await loadRollup();
      const [approvals, alerts] = await Promise.all([approvalsView(rollup, refresh, showError), alertsView(rollup, refresh, showError)]);
      replace(main, treeView(rollup, showError), approvals, alerts);
    }
  } catch (error) {
    showError(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

function refresh(): void {
  clearError();
  void render();
}

window.addEventListener('hashchange', refresh);
void render();
