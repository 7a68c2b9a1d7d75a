// Lint enforces the framekernel boundary: src/kernel reaches the machine only through OSTD's
// public index, and takes time, randomness and scheduling only from OSTD (determinism).
import tseslint from "typescript-eslint";

/** The rules that keep kernel code off the machine; exported so a test can prove they fire. */
export const kernelBoundaryRules = {
  "no-restricted-imports": ["error", {
    patterns: [
      { group: ["**/asm/**", "**/asm", "**/build/**", "**/*.wasm"], message: "The kernel never touches the machine: use OSTD's API (src/ostd/index.ts)." },
      { group: ["**/ostd/*/**", "**/ostd/internal/**", "**/ostd/!(index).js"], message: "Import OSTD only through its public index (src/ostd/index.js)." },
      { group: ["node:*"], message: "The kernel runs in the browser too: host services come in through injected interfaces (e.g. HostFsBackend)." },
    ],
    paths: ["fs", "path", "os", "child_process", "worker_threads"].map((name) => ({
      name, message: "The kernel runs in the browser too: host services come in through injected interfaces (e.g. HostFsBackend).",
    })),
  }],
  "no-restricted-globals": ["error",
    { name: "WebAssembly", message: "Only OSTD may touch the Wasm core: use Machine, VmSpace, UserMode." },
    { name: "DataView", message: "Encode ABI structs with OSTD's Pod; user memory goes through VmSpace.read/write." },
    { name: "SharedArrayBuffer", message: "The kernel has no raw memory views: use VmSpace.read/write." },
    { name: "setTimeout", message: "Time is virtual: use OSTD's TimerQueue (machine.timers)." },
    { name: "setInterval", message: "Time is virtual: use OSTD's TimerQueue (machine.timers)." },
    { name: "performance", message: "Time is virtual: use OSTD's Clock (machine.clock) so runs replay." },
    { name: "crypto", message: "Randomness enters through the World: machine.world.randomBytes()." },
  ],
  "no-restricted-properties": ["error",
    { object: "Math", property: "random", message: "Randomness enters through the World: machine.world.randomBytes()." },
    { object: "Date", property: "now", message: "Wall-clock time enters through the World: machine.world.realtimeNs()." },
  ],
  "no-restricted-syntax": ["error",
    { selector: "NewExpression[callee.name='Date']", message: "Wall-clock time enters through the World: machine.world.realtimeNs()." },
    { selector: "MemberExpression[property.name='exports'][object.name=/core|instance/i]", message: "Only OSTD may call the Wasm core's exports." },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/**", "build/**", "dist/**", "asm/**", "tests/**/*_entry.ts", ".cache/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "no-debugger": "error",
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["src/kernel/**/*.ts"],
    rules: kernelBoundaryRules,
  },
  {
    files: ["src/ostd/**/*.ts", "src/kernel/**/*.ts"],
    rules: {
      "no-console": ["error"],
    },
  },
);
