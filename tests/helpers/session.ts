// Run a busybox shell script in-process on a fresh Session (the CLI's machine without the
// CLI): the built core and root file system image, skipped idle time, no terminal.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./toolchain";
import { Session } from "../../src/worker/session";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
/** Whether the core and the image are built (suites skip without them). */
export const sessionReady = existsSync(corePath) && existsSync(imagePath);

export interface ScriptRun {
  out: string;
  diag: string;
  status: number;
  session: Session;
}

/** `sh -c script` with `ramMiB` of RAM; resolves when the shell exits. */
export async function runScript(script: string, ramMiB = 64): Promise<ScriptRun> {
  let out = "";
  let diag = "";
  const session = new Session(
    {
      core: new WebAssembly.Module(readFileSync(corePath)), ramBytes: ramMiB << 20, seed: 1n, bootEpochNs: 0n,
      argv: ["/bin/sh", "-c", script], env: ["PATH=/bin:/usr/bin"], cwd: "/", mounts: [],
      rootfs: { image: new Uint8Array(readFileSync(imagePath)), verify: false }, skipIdle: true,
    },
    { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: (l) => (diag += l + "\n"), inputIsTty: false, outputIsTty: false },
  );
  session.start();
  const status = await session.run();
  return { out, diag, status, session };
}
