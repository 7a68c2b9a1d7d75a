// The host's monotonic clock, in milliseconds, for deciding when to hand control back to the
// host (slices, pacing). It never reaches the guest: guest time comes from retired instructions.
//
// Under Node, process.uptime() reads the same monotonic clock without loading perf_hooks (the
// first use of the `performance` global costs ~1.5 ms of start-up); browsers have performance.
declare const process: { uptime?: () => number } | undefined;

export const hostNowMs: () => number =
  typeof process !== "undefined" && typeof process.uptime === "function"
    ? () => process!.uptime!() * 1000
    : () => performance.now();
