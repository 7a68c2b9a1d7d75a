// The identity of the machine's build: a SHA-256 over the core's and the kernel's sources,
// computed by scripts/build.mjs and compiled in. Recordings name it, and a replay on another
// build is refused. The browser and CLI bundles of the same sources share it.
declare const __ASTER_BUILD_ID__: string | undefined;

export const BUILD_ID: string = typeof __ASTER_BUILD_ID__ === "string" ? __ASTER_BUILD_ID__ : "unbundled-dev-build";
