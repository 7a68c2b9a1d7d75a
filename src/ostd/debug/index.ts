// OSTD's debugging view, for the playground's worker only (never re-exported from
// src/ostd/index.ts, so the kernel cannot use it): read-only introspection of the machine.
export { walkSv39, peekUser, peekCString, type WalkResult, type WalkStep, type PteFlags } from "./walk.js";
