// A weak association from objects to values, kept as a field on the key object itself: it
// lives exactly as long as the key (as a WeakMap entry would), and unlike a WeakMap it is part
// of the object graph, so a machine snapshot saves it with the key.
export class SideTable<K extends object, V> {
  /** `field` names the hidden field; it must be unique to this table. */
  constructor(private readonly field: string) {}

  get(key: K): V | undefined {
    return (key as Record<string, unknown>)[this.field] as V | undefined;
  }

  set(key: K, value: V): this {
    (key as Record<string, unknown>)[this.field] = value;
    return this;
  }

  has(key: K): boolean {
    return (key as Record<string, unknown>)[this.field] !== undefined;
  }

  delete(key: K): boolean {
    const had = this.has(key);
    delete (key as Record<string, unknown>)[this.field];
    return had;
  }
}
