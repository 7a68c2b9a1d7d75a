// Tagging a Wasm module's bytes with a custom section (spec "Binary Format", custom sections):
// other bytes, the same code. V8 caches compiled modules by their bytes together with the
// flags they were compiled under, so a module to be compiled under other flags (the CLI's
// optimizable core, src/cli/tiering.ts) or for another core instance (a JIT page,
// jit/index.ts) carries a section naming what it is for.
import { ByteSink } from "./byte_sink.js";

/** `bytes` followed by a custom section called `name` whose content is the unsigned LEB128
 *  of `payload` (none when it is undefined). */
export function withCustomSection(bytes: Uint8Array, name: string, payload?: number): Uint8Array {
  const content = new ByteSink().uleb(name.length).bytes(Array.from(name, (c) => c.charCodeAt(0)));
  if (payload !== undefined) content.uleb(payload);
  return new ByteSink(bytes.length + content.length + 8).bytes(bytes).byte(0).uleb(content.length).bytes(content.view()).finish();
}
