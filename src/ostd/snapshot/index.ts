// Machine snapshots: the public face (re-exported by OSTD's index).
export { SnapshotError } from "./error.js";
export { registerClass, registerConstant, registerCounter, recipe, type ClassOptions } from "./registry.js";
export { saveGraph, loadGraph, type Externals, type ByteSource } from "./graph.js";
export { saveMachine, restoreMachine, markConstructed, type MachineImageInfo } from "./machine.js";
