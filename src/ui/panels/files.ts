// Files: upload into the guest (button or drag and drop, into /root unless another directory
// is chosen), browse and download guest files, and copy a local folder in with write-back
// (File System Access API, Chromium): the folder's files are copied into /mnt/NAME once; every
// SYNC_MS what the guest changed there is written back to the folder. Changes made on the host
// side after the copy are not seen by the guest.
import * as Comlink from "comlink";
import type { App } from "../app.js";
import type { DirEntryView, FolderChanges, FolderFile } from "../../worker/api.js";
import { button, h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { bytes } from "../view/format.js";

/** Largest file uploaded in one piece (it lives in the guest's tmpfs, in the worker's memory). */
export const UPLOAD_LIMIT_BYTES = 64 * 1024 * 1024;
/** Largest folder copied in. */
const FOLDER_LIMIT_BYTES = 64 * 1024 * 1024;
const FOLDER_LIMIT_ENTRIES = 5000;
const SYNC_MS = 2000;

interface DirectoryPicker {
  showDirectoryPicker?(options: { mode: "read" | "readwrite" }): Promise<FileSystemDirectoryHandle>;
}

export class FilesPanel extends Panel {
  private readonly dirInput: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly picker: HTMLInputElement;
  private readonly mountStatus: HTMLElement;
  private sync: { guestDir: string; handle: FileSystemDirectoryHandle; timer: ReturnType<typeof setInterval>; host: Map<string, string> } | null = null;

  constructor(app: App) {
    super("files", "Files", app, 2000);
    this.dirInput = h("input", { type: "text", value: "/root", size: "14", title: "guest directory" });
    this.dirInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.invalidate();
    });
    this.picker = h("input", { type: "file", multiple: "", hidden: "" });
    this.picker.addEventListener("change", () => {
      void this.uploadFiles([...(this.picker.files ?? [])]);
      this.picker.value = "";
    });
    this.tools.append(this.dirInput, button("Upload…", () => this.picker.click(), "upload files into this directory (or drop them on the page)"));
    this.list = h("div", { class: "files" });
    this.mountStatus = h("div", { class: "note" });
    const canMount = typeof (window as DirectoryPicker).showDirectoryPicker === "function";
    this.body.append(this.picker, h("div", { class: "note" }, "Drop files anywhere on the page to upload them here. Click a file to download it."),
      this.list,
      h("div", { class: "mount" },
        canMount ? button("Copy in a local folder…", () => void this.mountFolder(), "copied to /mnt/NAME; the guest's changes are written back") : h("span", null, "Local folders need the File System Access API (Chromium)."),
        this.mountStatus));
    document.addEventListener("dragover", (e) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    });
    document.addEventListener("drop", (e) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      void this.uploadFiles([...e.dataTransfer.files]);
    });
  }

  get directory(): string {
    return this.dirInput.value.trim() || "/root";
  }

  protected async update(): Promise<void> {
    const dir = this.directory;
    const r = await this.app.api.listDir(dir);
    if (!r.ok) {
      setChildren(this.list, h("div", { class: "panel-error" }, r.error));
      return;
    }
    const up = dir === "/" ? null : h("div", { class: "entry dir", "data-name": ".." }, "../");
    setChildren(this.list, up, ...r.entries.map((e) => this.entry(e)));
    for (const el of this.list.querySelectorAll<HTMLElement>(".entry")) el.addEventListener("click", () => void this.open(el));
  }

  private entry(e: DirEntryView): HTMLElement {
    const label = e.type === "dir" ? `${e.name}/` : e.type === "link" ? `${e.name}@` : e.name;
    return h("div", { class: `entry ${e.type}`, "data-name": e.name, "data-type": e.type },
      h("span", { class: "name" }, label), h("span", { class: "size" }, e.type === "file" ? bytes(e.size) : ""));
  }

  private async open(el: HTMLElement): Promise<void> {
    const name = el.dataset.name!;
    const dir = this.directory;
    const path = name === ".." ? dir.replace(/\/[^/]+\/?$/, "") || "/" : dir === "/" ? `/${name}` : `${dir.replace(/\/$/, "")}/${name}`;
    if (name === ".." || el.dataset.type === "dir" || el.dataset.type === "link") {
      const r = await this.app.api.listDir(path);
      if (r.ok) {
        this.dirInput.value = path;
        this.invalidate();
        return;
      }
      if (el.dataset.type !== "link") return this.app.notify(r.error, "error");
    }
    await this.download(path);
  }

  async download(path: string): Promise<void> {
    const r = await this.app.api.download(path);
    if (!r.ok) return this.app.notify(r.error, "error");
    const url = URL.createObjectURL(new Blob([r.bytes as BlobPart]));
    const a = h("a", { href: url, download: path.slice(path.lastIndexOf("/") + 1) || "download" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.app.notify(`downloaded ${path} (${bytes(r.bytes.length)})`);
  }

  async uploadFiles(files: File[]): Promise<void> {
    const dir = this.directory;
    for (const f of files) {
      if (f.size > UPLOAD_LIMIT_BYTES) {
        this.app.notify(`${f.name} is ${bytes(f.size)}: files up to ${bytes(UPLOAD_LIMIT_BYTES)} can be uploaded`, "error");
        continue;
      }
      const data = new Uint8Array(await f.arrayBuffer());
      const r = await this.app.api.upload(dir, f.name, Comlink.transfer(data, [data.buffer]));
      this.app.notify(r.ok ? `uploaded ${r.path} (${bytes(r.size)})` : `upload failed: ${r.error}`, r.ok ? "info" : "error");
    }
    this.invalidate();
    this.app.focusTerminal();
  }

  private async mountFolder(): Promise<void> {
    let handle: FileSystemDirectoryHandle;
    try {
      handle = await (window as DirectoryPicker).showDirectoryPicker!({ mode: "readwrite" });
    } catch {
      return; // the user cancelled
    }
    await this.mountHandle(handle);
  }

  /** Copy the folder behind `handle` in and start writing the guest's changes back to it. */
  async mountHandle(handle: FileSystemDirectoryHandle): Promise<void> {
    const guestDir = `/mnt/${handle.name.replace(/[^\w.-]/g, "_") || "folder"}`;
    const files: FolderFile[] = [];
    const dirs: string[] = [];
    let total = 0;
    const read = async (d: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, entry] of d.entries()) {
        if (files.length + dirs.length >= FOLDER_LIMIT_ENTRIES) throw new Error(`more than ${FOLDER_LIMIT_ENTRIES} entries`);
        const path = prefix ? `${prefix}/${name}` : name;
        if (entry.kind === "directory") {
          dirs.push(path);
          await read(entry as FileSystemDirectoryHandle, path);
        } else {
          const file = await (entry as FileSystemFileHandle).getFile();
          total += file.size;
          if (total > FOLDER_LIMIT_BYTES) throw new Error(`more than ${bytes(FOLDER_LIMIT_BYTES)} of files`);
          files.push({ path, bytes: new Uint8Array(await file.arrayBuffer()) });
        }
      }
    };
    try {
      await read(handle, "");
    } catch (e) {
      return this.app.notify(`cannot copy ${handle.name} in: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
    const r = await this.app.api.mountFolder(guestDir, files, dirs);
    if (!r.ok) return this.app.notify(r.error, "error");
    if (this.sync) clearInterval(this.sync.timer);
    this.sync = { guestDir, handle, timer: setInterval(() => void this.writeBack(), SYNC_MS), host: await hostState(handle) };
    setChildren(this.mountStatus, `${handle.name} is at ${guestDir} (${files.length} files); changes on either side are copied to the other every ${SYNC_MS / 1000} s. `,
      button("Stop", () => this.stopSync(), "stop writing back (the guest keeps its copy)"));
    this.app.notify(`copied ${handle.name} to ${guestDir}`);
    this.dirInput.value = guestDir;
    this.invalidate();
  }

  override machineReplaced(): void {
    // The copy lived in the old machine's file system.
    if (this.sync) this.stopSync();
    super.machineReplaced();
  }

  private stopSync(): void {
    if (this.sync) clearInterval(this.sync.timer);
    this.sync = null;
    setChildren(this.mountStatus, "write-back stopped");
  }

  private async writeBack(): Promise<void> {
    const s = this.sync;
    if (!s) return;
    const c = await this.app.api.folderChanges(s.guestDir);
    if (!c) return this.stopSync();
    const dirOf = async (path: string, create: boolean): Promise<FileSystemDirectoryHandle> => {
      let d = s.handle;
      for (const part of path.split("/").filter(Boolean)) d = await d.getDirectoryHandle(part, { create });
      return d;
    };
    const split = (p: string) => [p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "", p.slice(p.lastIndexOf("/") + 1)] as const;
    try {
      // What we write here is remembered as the host's state, so readIn does not echo it back.
      for (const d of c.dirs) {
        await dirOf(d, true);
        s.host.set(d, "dir");
      }
      for (const f of c.written) {
        const [dir, name] = split(f.path);
        const fh = await (await dirOf(dir, true)).getFileHandle(name, { create: true });
        const w = await fh.createWritable();
        await w.write(f.bytes as BlobPart);
        await w.close();
        const written = await fh.getFile();
        s.host.set(f.path, `${written.size}:${written.lastModified}`);
      }
      for (const p of c.deleted) {
        const [dir, name] = split(p);
        await (await dirOf(dir, false)).removeEntry(name, { recursive: true }).catch(() => undefined);
        for (const k of [...s.host.keys()]) if (k === p || k.startsWith(`${p}/`)) s.host.delete(k);
      }
    } catch (e) {
      this.app.notify(`write-back to ${s.handle.name} failed: ${e instanceof Error ? e.message : String(e)}`, "error");
      return;
    }
    const n = c.dirs.length + c.written.length + c.deleted.length;
    if (n) this.app.notify(`wrote ${n} change${n === 1 ? "" : "s"} back to ${s.handle.name}`);
    await this.readIn(s);
  }

  /** The other direction: files changed, added or removed on the host since the last look are
   *  copied into the guest (the guest's own changes were written back just before, so what
   *  differs now was done on the host). */
  private async readIn(s: NonNullable<FilesPanel["sync"]>): Promise<void> {
    let now: Map<string, string>;
    try {
      now = await hostState(s.handle);
    } catch {
      return;
    }
    const changes: FolderChanges = { written: [], deleted: [], dirs: [] };
    for (const [path, stamp] of now) {
      if (s.host.get(path) === stamp) continue;
      if (stamp === "dir") changes.dirs.push(path);
      else changes.written.push({ path, bytes: new Uint8Array(await (await fileAt(s.handle, path)).arrayBuffer()) });
    }
    for (const path of s.host.keys()) if (!now.has(path)) changes.deleted.push(path);
    s.host = now;
    const n = changes.written.length + changes.deleted.length + changes.dirs.length;
    if (!n) return;
    const r = await this.app.api.folderApplyHost(s.guestDir, changes);
    if (!r.ok) this.app.notify(`copying ${s.handle.name}'s changes in failed: ${r.error}`, "error");
    else this.app.notify(`copied ${n} change${n === 1 ? "" : "s"} from ${s.handle.name} in`);
  }
}

/** Each entry of a host folder with a stamp (size and modification time; "dir" for folders). */
async function hostState(root: FileSystemDirectoryHandle): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    for await (const [name, entry] of d.entries()) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (entry.kind === "directory") {
        out.set(path, "dir");
        await walk(entry as FileSystemDirectoryHandle, path);
      } else {
        const f = await (entry as FileSystemFileHandle).getFile();
        out.set(path, `${f.size}:${f.lastModified}`);
      }
    }
  };
  await walk(root, "");
  return out;
}

async function fileAt(root: FileSystemDirectoryHandle, path: string): Promise<File> {
  const parts = path.split("/");
  let d = root;
  for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p);
  return (await d.getFileHandle(parts[parts.length - 1])).getFile();
}
