// Tagging a Wasm module's bytes with a custom section (spec "Binary Format", custom sections):
// other bytes, the same code. V8 caches compiled modules by their bytes together with the
// flags they were compiled under, so a module to be compiled under other flags (the CLI's
// optimizable core, src/cli/tiering.ts) or for another core instance (a JIT page,
// jit/index.ts) carries a section naming what it is for.

/** `bytes` followed by a custom section called `name` holding `payload`. */
export function withCustomSection(bytes: Uint8Array, name: string, payload: ArrayLike<number> = []): Uint8Array {
  const content = [...uleb(name.length), ...Array.from(name, (c) => c.charCodeAt(0)), ...Array.from(payload)];
  const section = [0, ...uleb(content.length), ...content];
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes);
  out.set(section, bytes.length);
  return out;
}

/** Unsigned LEB128 of a u32. */
export function uleb(v: number): number[] {
  const out: number[] = [];
  v >>>= 0;
  for (;;) {
    const low = v & 0x7f;
    v >>>= 7;
    if (v === 0) { out.push(low); return out; }
    out.push(low | 0x80);
  }
}
