// Does the path walk (a component stack, no closures) resolve every path exactly as the
// straightforward walk it replaced — the same inode and canonical path, or the same errno —
// through symlinks (relative, absolute, chained, looping, dangling), "." and "..", trailing
// slashes, mount points, a chroot root, and directories the walker may not search?
import { describe, expect, it } from "vitest";
import { Vfs, type Loc, type Walker } from "../../src/kernel/fs/vfs.js";
import { TmpFs } from "../../src/kernel/fs/tmpfs.js";
import { SysError, Errno, fail } from "../../src/kernel/errno.js";
import { S_IFDIR, S_IFLNK, S_IFMT, isDir, type Inode, type Stat } from "../../src/kernel/fs/types.js";
import { MAY_EXEC, checkPermission, type Creds } from "../../src/kernel/fs/permission.js";
import { rootCaps } from "../../src/kernel/process/caps.js";

// The walk as it was written before: split and filter, shift from the front, closures.
function components(path: string): string[] {
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

function referenceResolve(mounts: Map<string, Inode>, path: string, base: Loc, follow = true, who?: Walker): Loc {
  if (path === "") fail(Errno.ENOENT);
  if (path.length >= 4096) fail(Errno.ENAMETOOLONG);
  const names: string[] = [];
  const inodes: Inode[] = [mounts.get("/")!];
  const step = (name: string, creds?: Creds, dirStat: Stat | null = null) => {
    const dir = inodes[inodes.length - 1];
    const st = dirStat ?? dir.stat();
    if ((st.mode & S_IFMT) !== S_IFDIR) fail(Errno.ENOTDIR);
    checkPermission(creds, st, MAY_EXEC);
    if (name.length > 255) fail(Errno.ENAMETOOLONG);
    names.push(name);
    const child = mounts.get("/" + names.join("/")) ?? dir.lookup?.(name);
    if (!child) {
      names.pop();
      fail(Errno.ENOENT);
    }
    inodes.push(child);
  };
  const rootNames = who?.root ? components(who.root.path) : [];
  const toRoot = () => {
    names.length = 0;
    inodes.length = 1;
    for (const c of rootNames) step(c);
  };
  const atRoot = () => names.length === rootNames.length && names.every((n, i) => n === rootNames[i]);
  if (path.startsWith("/")) toRoot();
  else for (const c of components(base.path)) step(c);
  const creds = who?.creds;
  let pending = components(path);
  let links = 0;
  const trailingSlash = path.endsWith("/");
  let topStat: Stat | null = null;
  while (pending.length) {
    const c = pending.shift()!;
    if (c === "..") {
      if (names.length && !atRoot()) {
        names.pop();
        inodes.pop();
      }
      topStat = null;
      continue;
    }
    step(c, creds, topStat);
    const node = inodes[inodes.length - 1];
    const last = pending.length === 0;
    topStat = node.stat();
    if ((topStat.mode & S_IFMT) === S_IFLNK && (!last || follow || trailingSlash)) {
      if (++links > 40) fail(Errno.ELOOP);
      const target = node.readlink!();
      topStat = null;
      names.pop();
      inodes.pop();
      if (target.startsWith("/")) toRoot();
      pending = [...components(target), ...pending];
    }
  }
  const inode = inodes[inodes.length - 1];
  if (trailingSlash && !isDir(inode)) fail(Errno.ENOTDIR);
  return { inode, path: "/" + names.join("/") };
}

function outcome(f: () => Loc): string {
  try {
    const loc = f();
    return `${loc.path} ino ${loc.inode.ino}`;
  } catch (e) {
    if (e instanceof SysError) return `errno ${Errno[e.errno]}`;
    throw e;
  }
}

describe("Vfs.resolve", () => {
  const fs = new TmpFs(() => 0n);
  const root = fs.root;
  const mk = (dir: Inode, name: string) => dir.mkdir!(name, 0o755);
  const bin = mk(root, "bin");
  bin.create!("busybox", 0o755);
  bin.symlink!("true", "busybox");
  bin.symlink!("abs", "/bin/busybox");
  bin.symlink!("up", "../etc");
  bin.symlink!("loop", "loop");
  bin.symlink!("dangling", "nowhere");
  bin.symlink!("chain", "true");
  bin.symlink!("dir", "/etc/");
  const etc = mk(root, "etc");
  etc.create!("passwd", 0o644);
  const deep = mk(mk(mk(root, "a"), "b"), "c");
  deep.symlink!("toroot", "/");
  deep.symlink!("back", "../../..");
  const locked = root.mkdir!("locked", 0o700);
  locked.create!("secret", 0o600);
  const jail = mk(root, "jail");
  mk(jail, "bin").symlink!("sh", "/bin/busybox");
  jail.symlink!("out", "../../etc");
  const other = new TmpFs(() => 0n);
  other.root.create!("inside", 0o644);
  mk(root, "mnt");

  const vfs = new Vfs(root);
  vfs.mount("/mnt", other.root);
  const mounts = new Map<string, Inode>([["/", root], ["/mnt", other.root]]);

  const names = ["bin", "true", "abs", "busybox", "up", "loop", "dangling", "chain", "dir", "etc", "passwd", "a", "b", "c",
    "toroot", "back", "locked", "secret", "jail", "sh", "out", "mnt", "inside", "..", ".", "", "nope"];
  // Every path of up to three of those names, absolute and relative, with and without a
  // trailing slash, plus some longer ones.
  const paths: string[] = [];
  for (const x of names) for (const y of ["", ...names]) for (const z of ["", "bin", "..", "true", "inside"]) {
    const rel = [x, y, z].filter((s, i) => i === 0 || s !== "").join("/");
    paths.push(rel, "/" + rel, rel + "/", "//" + rel + "//.");
  }
  paths.push("/a/b/c/back/bin/up/passwd", "/a/b/c/toroot/a/b/c/toroot/etc", "a/../../../bin//./true", "/jail/out/passwd", "x".repeat(300), "/" + "y".repeat(256));

  const bases: Loc[] = [{ inode: root, path: "/" }, { inode: deep, path: "/a/b/c" }, { inode: other.root, path: "/mnt" }];
  const user: Creds = { uid: 1000, euid: 1000, suid: 1000, fsuid: 1000, gid: 1000, egid: 1000, sgid: 1000, fsgid: 1000, groups: [1000], ...rootCaps(), capEff: 0n, capPrm: 0n };
  const rootCreds: Creds = { ...user, uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0], ...rootCaps() };
  const walkers: (Walker | undefined)[] = [
    undefined,
    { creds: rootCreds, root: null },
    { creds: user, root: null },
    { creds: rootCreds, root: { inode: jail, path: "/jail" } },
  ];

  it("gives the same inode, path or errno as the walk it replaced", () => {
    let compared = 0;
    const errnos = new Set<string>();
    for (const who of walkers) for (const base of bases) for (const follow of [true, false]) for (const p of paths) {
      const want = outcome(() => referenceResolve(mounts, p, base, follow, who));
      const got = outcome(() => vfs.resolve(p, base, follow, who));
      if (got !== want) expect({ p, base: base.path, follow, who: who?.root?.path ?? who?.creds.uid, got }).toEqual({ p, base: base.path, follow, who: who?.root?.path ?? who?.creds.uid, got: want });
      if (want.startsWith("errno")) errnos.add(want);
      compared++;
    }
    expect(compared).toBeGreaterThan(10000);
    // The cases reach every failure the walk has.
    expect([...errnos].sort()).toEqual(["errno EACCES", "errno ELOOP", "errno ENAMETOOLONG", "errno ENOENT", "errno ENOTDIR"]);
  });
});
