/**
 * Elements built from data with text nodes only (never innerHTML): a budget named
 * `<img onerror=…>` is shown as text.
 */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | boolean | number | EventListener> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function replace(target: Element, ...children: Child[]): void {
  target.replaceChildren(...children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false).map((child) => (child instanceof Node ? child : String(child))));
}

/** A utilization bar: a <meter> (read out by screen readers) with the percent beside it. */
export function usageBar(utilization: number, label: string): HTMLElement {
  return h('span', { class: 'usage' },
    h('meter', { min: 0, max: 100, low: 75, high: 90, optimum: 0, value: Math.min(utilization, 100), 'aria-label': label }),
    h('span', { class: 'usage-text' }, `${utilization.toFixed(1)} %`));
}

/**
 * A button whose action runs once at a time: disabled while it runs, its error shown by
 * `report` (a click handler's rejection would otherwise go nowhere).
 */
export function actionButton(label: string, action: () => Promise<unknown>, report: (error: unknown) => void, attributes: Record<string, string> = {}): HTMLButtonElement {
  const button = h('button', { type: 'button', ...attributes }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    action().catch(report).finally(() => {
      button.disabled = false;
    });
  });
  return button;
}

/** Saves text as a file the browser downloads. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
