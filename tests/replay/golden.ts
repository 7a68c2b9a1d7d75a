// A recording with every kind of event, and the share link it made when links were introduced.
// The link must keep decoding to exactly this recording in every later version of the
// playground (old links keep loading); encoding it again must give the same link for as long
// as the v1 binary form is what encodeLink writes (and fflate compresses the same way).
import type { Recording } from "../../src/worker/recording";

const enc = new TextEncoder();

export const GOLDEN_V1_RECORDING: Recording = {
  format: "aster-recording", version: 2,
  build: "4f1c0de5a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbcc",
  rootfs: "9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa0",
  snapshot: null,
  config: {
    seed: "0", memMiB: 256, argv: ["/bin/sh", "-l"],
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "TERM=xterm-256color", "LANG=C.UTF-8"],
    cwd: "/root", bootEpochNs: "1767225600000000000", tty: true,
  },
  events: [
    { step: 0, kind: "resize", data: [120, 40] },
    { step: 14, kind: "idle", data: 136_000_000 },
    { step: 14, kind: "input", data: enc.encode("l") },
    { step: 16, kind: "idle", data: 2_500_123 },
    { step: 16, kind: "input", data: enc.encode("s\r") },
    { step: 31, kind: "file", data: { path: "/root/up.sh", mode: 0o100755, bytes: enc.encode("#!/bin/sh\necho up\n") } },
    { step: 31, kind: "file", data: { path: "/root/d", mode: 0o040755, bytes: new Uint8Array(0) } },
    { step: 31, kind: "file", data: { path: "/root/old", mode: 0, bytes: new Uint8Array(0) } },
    { step: 40, kind: "digest", instret: 268_435_456n, data: "0badf00d-0123456789abcdef" },
    { step: 52, kind: "idle", data: 7_000_000 },
    { step: 52, kind: "input", data: enc.encode("\x1b[A\u00e9") },
    { step: 60, kind: "digest", instret: 300_000_123n, data: "deadbeef-fedcba9876543210" },
  ],
  exitStatus: null,
  instret: "300000123",
};

/** Same run, ended: the shell exited with status 3. */
export const GOLDEN_V1_EXITED: Recording = { ...GOLDEN_V1_RECORDING, exitStatus: 3, rootfs: null, build: "unbundled-dev-build", config: { ...GOLDEN_V1_RECORDING.config, tty: false, seed: "18446744073709551615" } };
