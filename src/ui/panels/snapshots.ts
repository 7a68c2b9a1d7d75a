// Saved machines: save the whole machine (CPU, memory, processes, files) to the browser's
// IndexedDB, and restore one later — it resumes exactly where it was saved.
import type { App } from "../app.js";
import { button, h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { bytes, count } from "../view/format.js";
import { SnapshotStore } from "../snapshots.js";

export class SnapshotsPanel extends Panel {
  private store: Promise<SnapshotStore> | null = null;

  /** `restore` boots a saved machine in place of the running one. */
  constructor(app: App, private readonly restore: (file: ArrayBuffer) => Promise<void>) {
    super("snapshots", "Saved machines", app, 5000);
    this.tools.append(button("Save machine", () => void this.save(), "save the whole machine (CPU, memory, processes, files) in this browser"));
  }

  private db(): Promise<SnapshotStore> {
    this.store ??= SnapshotStore.open();
    return this.store;
  }

  private async save(): Promise<void> {
    try {
      const s = await this.app.api.saveSnapshot();
      const file = s.file.buffer.slice(s.file.byteOffset, s.file.byteOffset + s.file.byteLength) as ArrayBuffer;
      const name = `${s.argv.join(" ")} — ${new Date().toLocaleString()}`;
      await (await this.db()).put({ hash: s.hash, name, savedAt: Date.now(), file, rawBytes: s.rawBytes, instret: s.instret });
      this.app.notify(`saved the machine (${bytes(file.byteLength)})`);
      this.invalidate();
    } catch (e) {
      this.app.notify(`could not save the machine: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  }

  private async load(hash: string): Promise<void> {
    try {
      const s = await (await this.db()).get(hash);
      if (!s) throw new Error("it is no longer stored");
      await this.restore(s.file);
      this.app.notify(`restored ${s.name}`);
    } catch (e) {
      this.app.notify(`could not restore the machine: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  }

  private async remove(hash: string): Promise<void> {
    await (await this.db()).delete(hash);
    this.invalidate();
  }

  protected async update(): Promise<void> {
    const list = await (await this.db()).list();
    if (!list.length) return setChildren(this.body, h("p", { class: "empty" }, "No saved machines yet: “Save machine” keeps this one in the browser."));
    setChildren(this.body, h("ul", { class: "snapshots" }, ...list.map((s) => h("li", { "data-hash": s.hash, title: `sha256 ${s.hash}\n${bytes(s.rawBytes)} before compression` },
      h("span", { class: "name" }, s.name), " ",
      h("span", { class: "meta" }, `${bytes(s.bytes)}, ${count(Number(s.instret))} instructions`), " ",
      button("Restore", () => void this.load(s.hash), "replace the running machine with this one"),
      button("Delete", () => void this.remove(s.hash), "forget this saved machine")))));
  }
}
