// Saved machines in the browser: snapshot files kept in IndexedDB (they are hundreds of KB,
// too big for localStorage), keyed by their hash.
export interface StoredSnapshot {
  /** SHA-256 of the file (its identity; a recording started from it names it). */
  hash: string;
  name: string;
  /** Date.now() when saved. */
  savedAt: number;
  file: ArrayBuffer;
  rawBytes: number;
  instret: string;
}

export type SnapshotSummary = Omit<StoredSnapshot, "file"> & { bytes: number };

const DB = "aster-playground";
const STORE = "snapshots";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });
}

export class SnapshotStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<SnapshotStore> {
    if (typeof indexedDB === "undefined") throw new Error("this browser has no IndexedDB to keep saved machines in");
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE, { keyPath: "hash" });
    };
    return new SnapshotStore(await request(r));
  }

  private store(mode: IDBTransactionMode): IDBObjectStore {
    return this.db.transaction(STORE, mode).objectStore(STORE);
  }

  /** Newest first, without the files. */
  async list(): Promise<SnapshotSummary[]> {
    const all = await request(this.store("readonly").getAll()) as StoredSnapshot[];
    return all.map(({ file, ...rest }) => ({ ...rest, bytes: file.byteLength })).sort((a, b) => b.savedAt - a.savedAt);
  }

  async get(hash: string): Promise<StoredSnapshot | undefined> {
    return await request(this.store("readonly").get(hash)) as StoredSnapshot | undefined;
  }

  async put(s: StoredSnapshot): Promise<void> {
    await request(this.store("readwrite").put(s));
  }

  async delete(hash: string): Promise<void> {
    await request(this.store("readwrite").delete(hash));
  }
}
