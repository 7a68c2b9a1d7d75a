// What if someone adds a system call and forgets the docs? docs/syscalls.md is generated from
// the table (src/kernel/syscall/table.ts) and the handlers' doc comments; this test fails when
// it is stale. Regenerate with `npm run docs:syscalls`.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { SYSCALL_TABLE } from "../../src/kernel/syscall/table";
import { RISCV64_SYSCALL_NAMES } from "../../src/kernel/syscall/names";

const syscallDir = join(repoRoot, "src", "kernel", "syscall");
const docPath = join(repoRoot, "docs", "syscalls.md");

/** The doc comment just before `export function NAME` / `export const NAME` in the syscall files. */
function handlerNotes(): Map<string, { file: string; note: string }> {
  const notes = new Map<string, { file: string; note: string }>();
  for (const file of readdirSync(syscallDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const text = readFileSync(join(syscallDir, file), "utf8");
    const re = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*export (?:function|const) (sys\w+)/g;
    for (let m; (m = re.exec(text)); ) {
      const body = m[1].split("\n").map((l) => l.replace(/^\s*\*\s?/, "").trim()).join(" ").trim();
      const note = body.replace(/^[\w]+\(2\)\s*:?\s*/, "").replace(/\s+/g, " ");
      notes.set(m[2], { file, note });
    }
  }
  return notes;
}

function generate(): string {
  const notes = handlerNotes();
  const reference = new Set(
    // A copy of shared/reference's list (facts: the numbers Asterinas implements on riscv64),
    // kept in the repository so the document does not depend on what lies beside a checkout.
    readFileSync(join(repoRoot, "docs", "reference", "asterinas-riscv64-syscalls.txt"), "utf8")
      .split("\n").filter(Boolean).map((l) => Number(l.split(" ")[0])),
  );
  const rows: string[] = [];
  let implemented = 0;
  let inReference = 0;
  for (const [nr, name] of RISCV64_SYSCALL_NAMES) {
    const entry = SYSCALL_TABLE.get(nr);
    if (entry) {
      implemented++;
      if (reference.has(nr)) inReference++;
    }
    const n = entry ? notes.get(entry.handler.name) : undefined;
    const status = entry ? "yes" : "ENOSYS";
    const where = n ? `[${n.file}](../src/kernel/syscall/${n.file})` : "";
    rows.push(`| ${nr} | ${name} | ${status} | ${where} | ${(n?.note ?? "").replace(/\|/g, "\\|")} |`);
  }
  return [
    "# System call support (riscv64)",
    "",
    "Generated from `src/kernel/syscall/table.ts` and the handlers' doc comments by",
    "`npm run docs:syscalls`; `npm test` fails when this file is stale. Numbers not implemented",
    "return `ENOSYS` and are counted per number in `aster --stats`.",
    "",
    `**${implemented}** of ${RISCV64_SYSCALL_NAMES.size} riscv64 system calls are implemented;`,
    `${inReference} of the ${reference.size} that Asterinas implements on riscv64 (docs/reference).`,
    "",
    "| nr | name | implemented | handler | notes |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

describe("docs/syscalls.md", () => {
  it("lists every implemented system call and is current", () => {
    for (const [nr, e] of SYSCALL_TABLE) expect(RISCV64_SYSCALL_NAMES.get(nr), `number ${nr}`).toBe(e.name);
    const doc = generate();
    if (process.env.UPDATE_DOCS) writeFileSync(docPath, doc);
    expect(readFileSync(docPath, "utf8")).toBe(doc);
  });
});
