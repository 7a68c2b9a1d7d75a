// What if tmpfs had no size, so df showed nothing and a runaway writer filled the host's
// memory? Like Linux, a tmpfs gets half of RAM by default (and size= / nr_inodes= options):
// df reports it, writes past it are short and then ENOSPC, and deleting gives space back.
import { describe, expect, it } from "vitest";
import { runScript, sessionReady } from "../helpers/session";

describe.skipIf(!sessionReady)("tmpfs limits", () => {
  it("the root tmpfs is half of RAM, as df and statfs report", async () => {
    const r = await runScript("df / | tail -1; stat -f -c '%b %S %c' /", 128);
    const [df, statfs] = r.out.trim().split("\n");
    expect(df).toMatch(/^tmpfs\s+65536\s+\d+\s+\d+\s+\d+% \/$/);
    expect(statfs).toBe("16384 4096 16384");
  });

  it("a full tmpfs makes a short write, then ENOSPC; removing a file frees its pages", async () => {
    const r = await runScript([
      "mkdir /mnt; mount -t tmpfs -o size=64k,nr_inodes=4 none /mnt",
      "dd if=/dev/zero of=/mnt/f bs=4k count=100 2>&1 | tail -1",
      "ls -l /mnt/f | awk '{print $5}'",
      "echo x > /mnt/g || echo refused",
      "df /mnt | tail -1 | awk '{print $2, $3, $4}'",
      "rm /mnt/f; echo y > /mnt/g && echo written",
      "df /mnt | tail -1 | awk '{print $2, $3, $4}'",
      "touch /mnt/a /mnt/b; touch /mnt/c || echo no inode left",
    ].join("; "));
    // (stderr and stdout share r.out here)
    expect(r.out).toBe([
      "16+0 records out", "65536", "sh: write error: No space left on device", "refused", "64 64 0", "written", "64 4 60",
      "touch: /mnt/c: No space left on device", "no inode left", "",
    ].join("\n"));
    expect(r.out + r.diag).not.toContain("internal");
  });
});
