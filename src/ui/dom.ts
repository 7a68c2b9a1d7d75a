// Building DOM from plain data. Guest text (command lines, file names, strace lines) is only
// ever put into the page as text nodes or textContent, never parsed as HTML.

type Child = Node | string | null | undefined | false;
interface Props {
  class?: string;
  title?: string;
  [attr: string]: string | undefined;
}

/** An element with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined) continue;
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

/** Replace an element's children. */
export function setChildren(e: Element, ...children: Child[]): void {
  e.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

export function button(label: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = h("button", { type: "button", title }, label);
  b.addEventListener("click", onClick);
  return b;
}
