// When the machine cannot start, the page says why instead of showing an empty terminal.
import { h } from "./dom.js";

export function fatal(message: string): void {
  if (document.body.classList.contains("failed")) return;
  document.body.classList.add("failed");
  const status = document.getElementById("status");
  if (status) {
    status.textContent = "not running";
    status.dataset.state = "failed";
  }
  const wrap = document.getElementById("term-wrap") ?? document.body;
  wrap.append(h("div", { class: "fatal", role: "alert" },
    h("strong", null, "The machine could not start."), h("p", null, message),
    h("p", null, "Reload to try again; if it keeps failing, the browser console has details.")));
}
