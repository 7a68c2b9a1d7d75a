// Is /proc/<pid> (made on first lookup, without a closure or recipe per process) numbered and
// listed as if all its entries were made with it, whatever is looked up first, and do its
// links name what the process has?
import { describe, expect, it } from "vitest";
import { runScript as run, sessionReady } from "../helpers/session";

describe.skipIf(!sessionReady)("/proc/<pid>", () => {
  it("numbers entries by listing order, whichever is looked up first, and lists them with those numbers", async () => {
    // One shell, three children: the first reads exe, the second lists, the third stats in
    // reverse order. Each child's directory gets fourteen numbers; within it the entries count up
    // from exe in listing order and the directory itself comes last.
    const r = await run([
      "sh -c 'readlink /proc/self/exe; ls -i /proc/self/ | sort -n | head -3'",
      "sh -c 'cd /proc/self && stat -c \"%n %i\" fd maps stat exe . | sort -k2 -n'",
      "sh -c 'readlink /proc/$$/cwd; cd /tmp && readlink /proc/self/cwd; readlink /proc/self/root'",
    ].join("; "));
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("/bin/busybox");
    const first = lines.slice(1, 4).map((l) => l.trim().split(/\s+/));
    expect(first.map((f) => f[1])).toEqual(["exe", "cwd", "root"]);
    const e = Number(first[0][0]);
    expect(first.map((f) => Number(f[0]))).toEqual([e, e + 1, e + 2]);
    const second = lines.slice(4, 9).map((l) => l.split(" "));
    const x = Number(second[0][1]);
    expect(second.map((s) => s[0])).toEqual(["exe", "stat", "maps", "fd", "."]);
    expect(second.map((s) => Number(s[1]) - x)).toEqual([0, 6, 9, 10, 13]);
    expect(lines.slice(9)).toEqual(["/", "/tmp", "/"]);
  });

  it("lists the mounts a process sees in mountinfo, with their devices, parents and types", async () => {
    const r = await run("mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && cat /proc/self/mountinfo && for d in / /dev /proc /sys /tmp/m; do stat -c '%n %d' $d; done && cat /proc/1/mounts | wc -l && df / /tmp/m 2>&1 | head -1 && grep -c . /proc/vmstat");
    const lines = r.out.trim().split("\n");
    const info = lines.filter((l) => / - /.test(l)).map((l) => l.split(" "));
    const byPoint = new Map(info.map((f) => [f[4], f]));
    expect([...byPoint.keys()]).toEqual(["/", "/dev", "/proc", "/sys", "/tmp/m"]);
    // Each line: id, parent id, major:minor, root, mount point, options, "-", type, source, options.
    const id = (p: string) => byPoint.get(p)![0];
    expect(byPoint.get("/")![1]).toBe("1");
    for (const p of ["/dev", "/proc", "/sys", "/tmp/m"]) expect(byPoint.get(p)![1]).toBe(id("/"));
    expect(info.map((f) => f[8])).toEqual(["tmpfs", "devtmpfs", "proc", "sysfs", "tmpfs"]);
    for (const l of lines.filter((x) => /^\/\S* \d+$/.test(x))) {
      const [p, dev] = l.split(" ");
      const [major, minor] = byPoint.get(p)![2].split(":").map(Number);
      expect(major * 256 + minor).toBe(Number(dev));
    }
    const rest = lines.slice(-3);
    expect(rest[0]).toBe("5");
    expect(rest[1]).toMatch(/^Filesystem/);
    expect(Number(rest[2])).toBeGreaterThan(3);
  });

  it("shows each fd link with its descriptor's access mode, size 64 and the time it was made", async () => {
    const r = await run("exec 3</etc/passwd 4>/tmp/x 5<>/tmp/y; stat -c '%A %s %Y' /proc/self/fd/3 /proc/self/fd/4 /proc/self/fd/5; date +%s");
    const lines = r.out.trim().split("\n");
    const now = Number(lines[3]);
    const rows = lines.slice(0, 3).map((l) => l.split(" "));
    expect(rows.map((f) => `${f[0]} ${f[1]}`)).toEqual(["lr-x------ 64", "l-wx------ 64", "lrwx------ 64"]);
    for (const f of rows) expect(Math.abs(Number(f[2]) - now)).toBeLessThan(5);
  });
});
