// Appending to a compiled page's module (asm/jit_compile.ts writes the module itself): a custom
// section, which changes the module's bytes and not its code (spec "Binary Format", custom
// sections).

/** A custom section (id 0) of that name whose payload is one u32 (unsigned LEB128). */
export function customSection(name: string, payload: number): Uint8Array {
  const content = [...uleb(name.length), ...Array.from(name, (c) => c.charCodeAt(0)), ...uleb(payload >>> 0)];
  return Uint8Array.from([0, ...uleb(content.length), ...content]);
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function uleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = v & 0x7f;
    v >>>= 7;
    if (v === 0) { out.push(low); return out; }
    out.push(low | 0x80);
  }
}
