// --record with --mount: a recording cannot hold a live host directory (the host may change it
// while the guest runs, and replaying would write into it again), so a recorded run gets a copy
// of each mounted directory, taken at start, and the recording keeps that copy. A replay
// copies the same files in. The guest's changes stay in the machine.
import * as fs from "node:fs";
import * as path from "node:path";
import type { HostFile } from "../ostd/index.js";

const S_IFDIR = 0o040000, S_IFREG = 0o100000;
/** More than this makes recordings too large to be useful: refused with a message. */
export const COPY_IN_LIMIT_BYTES = 64 << 20;

/** The directories and regular files under each host directory, as guest paths (parents
 *  first, names sorted so two copies are identical). A symlink or device is refused. */
export function readMountedTrees(mounts: Array<{ host: string; guest: string }>): HostFile[] | string {
  const out: HostFile[] = [];
  let total = 0;
  const walk = (host: string, guest: string): string | null => {
    const st = fs.lstatSync(host);
    if (st.isDirectory()) {
      out.push({ path: guest, mode: S_IFDIR | (st.mode & 0o7777), bytes: new Uint8Array(0) });
      for (const name of fs.readdirSync(host).sort()) {
        const error = walk(path.join(host, name), guest === "/" ? `/${name}` : `${guest}/${name}`);
        if (error) return error;
      }
      return null;
    }
    if (!st.isFile()) return `${host} is not a regular file or directory, which a recording cannot copy`;
    total += st.size;
    if (total > COPY_IN_LIMIT_BYTES) return `the mounted directories hold more than ${COPY_IN_LIMIT_BYTES >> 20} MiB, too much to record`;
    out.push({ path: guest, mode: S_IFREG | (st.mode & 0o7777), bytes: new Uint8Array(fs.readFileSync(host)) });
    return null;
  };
  for (const m of mounts) {
    const error = walk(path.resolve(m.host), m.guest);
    if (error) return error;
  }
  return out;
}
