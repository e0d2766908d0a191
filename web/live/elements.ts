/** A child of `element()`: nodes, text, or nothing (skipped, so conditional parts read inline). */
export type Child = Node | string | number | false | null | undefined | readonly Child[];

type Attributes = Record<string, string | number | boolean | undefined | EventListener>;

/**
 * Builds one element. Attributes named `on…` with a function become listeners; `true` sets a boolean
 * attribute, `false`/`undefined` leaves it out. Text always goes through text nodes, never `innerHTML`, so
 * names and notes typed by customers cannot inject markup.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') node.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value !== undefined) node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function requiredElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`);
  return found;
}
