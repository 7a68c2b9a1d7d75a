// Number formatting shared by the panels. Pure.

/** `0x` + hex, zero-padded to `digits`. */
export function hex(v: number | bigint, digits = 0): string {
  const n = typeof v === "bigint" ? BigInt.asUintN(64, v) : v;
  return `0x${n.toString(16).padStart(digits, "0")}`;
}

/** A user address the way /proc/PID/maps writes it (at least 8 hex digits, no 0x). */
export function addr(v: bigint | number): string {
  return BigInt.asUintN(64, BigInt(v)).toString(16).padStart(8, "0");
}

/** 1234567 → "1.23 M". */
export function count(n: number): string {
  const units: Array<[number, string]> = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [size, unit] of units) if (Math.abs(n) >= size) return `${(n / size).toPrecision(3)} ${unit}`;
  return String(Math.round(n));
}

/** Bytes with a binary unit: 4096 → "4 KiB". */
export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i ? n.toFixed(n < 10 ? 1 : 0).replace(/\.0$/, "") : n} ${units[i]}`;
}

/**
 * An address typed by the user: hex, with or without 0x (addresses are written in hex
 * everywhere in the panels), or decimal with a leading "#". Null if it is not a number or
 * does not fit in 64 bits.
 */
export function parseAddress(text: string): bigint | null {
  const t = text.trim().replace(/_/g, "").toLowerCase();
  let v: bigint;
  if (/^#\d+$/.test(t)) v = BigInt(t.slice(1));
  else if (/^(0x)?[0-9a-f]+$/.test(t)) v = BigInt(t.startsWith("0x") ? t : `0x${t}`);
  else return null;
  return v < 1n << 64n ? v : null;
}

/** A 64-bit FP register: the double it holds, or the single NaN-boxed in it. */
export function fpValue(bits: bigint): string {
  const b = BigInt.asUintN(64, bits);
  const view = new DataView(new ArrayBuffer(8));
  if (b >> 32n === 0xffffffffn) {
    view.setUint32(0, Number(b & 0xffffffffn));
    return `${view.getFloat32(0)}f`;
  }
  view.setBigUint64(0, b);
  return String(view.getFloat64(0));
}
