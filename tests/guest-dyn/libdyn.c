// A shared library of ours for tests/guest-dyn: constructors, thread-local storage in a
// library (the dynamic TLS model's __tls_get_addr for a library loaded at start-up), a
// variable the program reads through the GOT, and a callback into the program.
#include <stdio.h>
#include <string.h>

int dyn_counter = 100;
static __thread int per_thread = 7;
static int ctor_ran;

__attribute__((constructor)) static void dyn_init(void) { ctor_ran = 1; }

int dyn_ctor_ran(void) { return ctor_ran; }

int dyn_add(int a, int b) { dyn_counter++; return a + b; }

/** Each thread sees its own copy, starting at 7. */
int dyn_tls_bump(int by) { per_thread += by; return per_thread; }

int dyn_apply(int (*fn)(int), int x) { return fn(x) * 2; }

const char *dyn_name(void) { return "libdyn"; }
