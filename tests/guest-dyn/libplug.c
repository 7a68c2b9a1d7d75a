// Loaded with dlopen by tests/guest-dyn/dynlink.c: its own TLS (allocated when it is loaded,
// after the threads exist) and a call back into libdyn, which is already loaded.
extern int dyn_add(int a, int b);
static __thread long plug_tls = 1000;

long plug_entry(long x) {
  plug_tls += x;
  return plug_tls + dyn_add(1, 2);
}
