// The stats panel's time series: a bounded window of samples and how to scale it. Pure.

export class Series {
  readonly values: number[] = [];
  constructor(readonly capacity: number) {}

  push(v: number): void {
    this.values.push(v);
    if (this.values.length > this.capacity) this.values.shift();
  }

  get last(): number {
    return this.values[this.values.length - 1] ?? 0;
  }
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `v`. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Points (x, y) in a width × height box, newest at the right edge, y = 0 at the bottom. */
export function polyline(values: number[], capacity: number, width: number, height: number, max: number): Array<[number, number]> {
  const step = capacity > 1 ? width / (capacity - 1) : width;
  const x0 = width - step * (values.length - 1);
  return values.map((v, i) => [x0 + i * step, height - (Math.min(v, max) / max) * height]);
}
