// What the object-graph serializer may meet besides plain data, each under a stable name:
//  - classes: instances are saved as their own fields and restored with Object.create(prototype),
//    so constructors never run again on restore;
//  - constants: module-level objects and functions with no state of their own (operation tables,
//    named callbacks), saved by name and restored as the same object of the running build;
//  - recipes: closures and closure-bearing objects (file handles built as object literals, timer
//    callbacks), saved as the name of the factory that made them plus its arguments, and rebuilt
//    by calling the factory again. A factory must only capture its arguments, never read their
//    fields while building: on restore it runs before the objects it captures are filled in.
import { SnapshotError } from "./error.js";

type Ctor = abstract new (...args: any[]) => object;

export interface ClassOptions {
  /** Fields not saved: they are host wiring or history, rebuilt by whoever restores. On
   *  restore each is set to what its function returns. */
  transient?: Record<string, () => unknown>;
  /** Objects an instance reaches other than through its fields (a synthetic directory's
   *  entries, produced by a function): visited when naming what construction made. */
  children?: (o: never) => unknown[];
}

interface ClassEntry {
  name: string;
  proto: object;
  transient: Record<string, () => unknown> | null;
  children: ((o: object) => unknown[]) | null;
}

const classesByName = new Map<string, ClassEntry>();
const classesByProto = new Map<object, ClassEntry>();
const constantsByName = new Map<string, object>();
const constantNames = new Map<object, string>();
const recipesByName = new Map<string, (...args: any[]) => object>();
const made = new WeakMap<object, { name: string; args: unknown[] }>();

/** Let instances of `ctor` be saved under `name` (unique and stable across builds that share
 *  a snapshot format). Registering the same class twice under the same name is harmless. */
export function registerClass(name: string, ctor: Ctor, options: ClassOptions = {}): void {
  const proto = ctor.prototype as object;
  const old = classesByName.get(name);
  if (old && old.proto !== proto) throw new SnapshotError(`two classes registered as ${name}`);
  const other = classesByProto.get(proto);
  if (other && other.name !== name) throw new SnapshotError(`class ${name} is already registered as ${other.name}`);
  const entry = { name, proto, transient: options.transient ?? null, children: (options.children as ((o: object) => unknown[]) | undefined) ?? null };
  classesByName.set(name, entry);
  classesByProto.set(proto, entry);
}

/** Let a stateless module-level object or function be saved by name. */
export function registerConstant(name: string, value: object): void {
  const old = constantsByName.get(name);
  if (old && old !== value) throw new SnapshotError(`two constants registered as ${name}`);
  constantsByName.set(name, value);
  constantNames.set(value, name);
}

/**
 * Wrap a factory of closures (or of an object holding closures) so that what it makes can be
 * saved: the snapshot keeps `name` and the arguments, and restore calls the factory again.
 * Own non-function fields of the made object are saved too and put back after the rebuild.
 */
export function recipe<A extends any[], T extends object>(name: string, factory: (...args: A) => T): (...args: A) => T {
  if (recipesByName.has(name) && recipesByName.get(name) !== factory) throw new SnapshotError(`two recipes registered as ${name}`);
  recipesByName.set(name, factory);
  return (...args: A): T => {
    const out = factory(...args);
    made.set(out, { name, args });
    return out;
  };
}

/** @internal For the serializer. */
export const registry = {
  classOf(proto: object | null): ClassEntry | undefined {
    return proto ? classesByProto.get(proto) : undefined;
  },
  classNamed(name: string): ClassEntry | undefined {
    return classesByName.get(name);
  },
  constantName(v: object): string | undefined {
    return constantNames.get(v);
  },
  constantNamed(name: string): object | undefined {
    return constantsByName.get(name);
  },
  recipeOf(v: object): { name: string; args: unknown[] } | undefined {
    return made.get(v);
  },
  rebuild(name: string, args: unknown[]): object {
    const f = recipesByName.get(name);
    if (!f) throw new SnapshotError(`snapshot names a recipe this build does not have: ${name}`);
    const out = f(...args);
    made.set(out, { name, args });
    return out;
  },
};

const counterTable = new Map<string, { get: () => number; set: (v: number) => void }>();

/** Let a module-level counter (next inode number, next task id) be saved and restored, so
 *  objects made after a restore get the numbers they would have had without the snapshot. */
export function registerCounter(name: string, get: () => number, set: (v: number) => void): void {
  counterTable.set(name, { get, set });
}

/** @internal For the machine image. */
export const counters = {
  save(): Array<[string, number]> {
    return [...counterTable].map(([k, c]) => [k, c.get()]);
  },
  restore(saved: Array<[string, number]>): void {
    for (const [k, v] of saved) {
      const c = counterTable.get(k);
      if (!c) throw new SnapshotError(`snapshot has a counter this build does not: ${k}`);
      c.set(v);
    }
  },
};
