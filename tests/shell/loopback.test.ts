// What if the programs of the root image that use TCP (busybox's httpd, wget and nc) cannot
// talk to each other on the machine? A web server and its client, and a listening nc fed by
// another, over 127.0.0.1 and ::1, inside one run of the CLI; refused and unreachable
// connections fail as wget reports them on Linux; netstat lists the listeners from /proc/net
// and ifconfig shows lo. (The C-level behaviour of the sockets is
// compared with Linux in tests/guest-net/inet.c.)
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, runAster } from "../helpers/toolchain";

const ready = existsSync(join(repoRoot, "build", "aster-cli.cjs")) && existsSync(join(repoRoot, "build", "rootfs.img"));

const SCRIPT = [
  "mkdir -p /tmp/www && echo '<h1>served</h1>' > /tmp/www/index.html",
  "httpd -p 8080 -h /tmp/www",
  "wget -q -O- http://127.0.0.1:8080/ && echo v4-ok",
  "wget -q -O- 'http://[::1]:8080/index.html' && echo v6-ok",
  "wget -q -O- http://localhost:8080/ >/dev/null && echo localhost-ok",
  "wget -q -O- http://127.0.0.1:8080/missing 2>&1; echo missing=$?",
  "wget -q -O- http://127.0.0.1:9/ 2>&1; echo refused=$?",
  "wget -q -O- http://192.0.2.1/ 2>&1; echo unreachable=$?",
  "nc -l -p 7000 > /tmp/got & sleep 0.2; netstat -ltn; echo 'through nc' | nc 127.0.0.1 7000; wait; cat /tmp/got",
  "ifconfig lo | head -3",
].join("\n");

describe.skipIf(!ready)("loopback TCP between the root image's programs", () => {
  it("serves a page to wget over IPv4 and IPv6, carries nc's bytes, and netstat and ifconfig show them", () => {
    const r = runAster(["--", "/bin/sh", "-c", SCRIPT], { timeoutMs: 120_000 });
    expect({ status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() }).toEqual({
      status: 0,
      stdout: [
        "<h1>served</h1>", "v4-ok", "<h1>served</h1>", "v6-ok", "localhost-ok",
        "wget: server returned error: HTTP/1.1 404 Not Found", "missing=1",
        "wget: can't connect to remote host (127.0.0.1): Connection refused", "refused=1",
        "wget: can't connect to remote host (192.0.2.1): Network is unreachable", "unreachable=1",
        "Active Internet connections (only servers)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       ",
        "tcp        0      0 :::8080                 :::*                    LISTEN      ",
        "tcp        0      0 :::7000                 :::*                    LISTEN      ",
        "through nc",
        "lo        Link encap:Local Loopback  ",
        "          inet addr:127.0.0.1  Mask:255.0.0.0",
        "          inet6 addr: ::1/128 Scope:Host",
        "",
      ].join("\n"),
      stderr: "",
    });
  }, 180_000);
});
