// What if kernel code reached around OSTD? Lint must fail it; this proves each rule fires.
import { describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";

const eslint = new ESLint({ cwd: repoRoot });

async function lintAsKernel(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, "src/kernel/syscall/probe.ts") });
  return result.messages.map((m) => m.message);
}

describe("framekernel boundary lint", () => {
  it("accepts kernel code that uses only OSTD's public index", async () => {
    expect(await lintAsKernel(`import { Prot } from "../../ostd/index.js";\nexport const p = Prot.Read;\n`)).toEqual([]);
  });

  const violations: Array<[string, string, RegExp]> = [
    ["an import of the core's layout", `import { RAM_BASE } from "../../../asm/layout.js";\nexport const x = RAM_BASE;\n`, /never touches the machine/],
    ["an import of the compiled core", `import core from "../../../build/core.wasm";\nexport const x = core;\n`, /never touches the machine/],
    ["an OSTD internal module", `import { Core } from "../../ostd/internal/core.js";\nexport const x = Core;\n`, /public index/],
    ["WebAssembly", `export const m = new WebAssembly.Memory({ initial: 1 });\n`, /Only OSTD may touch the Wasm core/],
    ["a DataView", `export const v = new DataView(new ArrayBuffer(8));\n`, /Pod/],
    ["Math.random", `export const r = Math.random();\n`, /World/],
    ["Date.now", `export const t = Date.now();\n`, /World/],
    ["new Date()", `export const t = new Date();\n`, /World/],
    ["setTimeout", `setTimeout(() => 0, 1);\n`, /TimerQueue/],
    ["a Node built-in", `import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n`, /injected interfaces/],
    ["calling core exports", `declare const core: { exports: { run(n: number): number } };\nexport const r = core.exports.run(1);\n`, /Only OSTD/],
  ];
  for (const [what, code, message] of violations) {
    it(`rejects ${what}`, async () => {
      const messages = await lintAsKernel(code);
      expect(messages.some((m) => message.test(m)), messages.join("\n")).toBe(true);
    });
  }

  it("leaves OSTD itself free to use the machine", async () => {
    const [result] = await eslint.lintText(`export const v = new DataView(new ArrayBuffer(8));\n`, { filePath: join(repoRoot, "src/ostd/probe.ts") });
    expect(result.messages).toEqual([]);
  });
});
