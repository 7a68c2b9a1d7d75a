// Shared by the playground's tests: the repository root and the worker bundled for Node.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Bundle src/worker/worker.ts into one ES module Node can run as a worker thread (Node does
 *  not run TypeScript); returns its path. */
export async function buildWorkerBundle(): Promise<string> {
  const esbuild = await import("esbuild");
  const outfile = join(repoRoot, "build", "test-worker", `worker-${process.pid}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(repoRoot, "src", "worker", "worker.ts")],
    outfile, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning",
  });
  return outfile;
}
