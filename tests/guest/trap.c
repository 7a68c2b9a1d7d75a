/* What if ebreak does not stop the process with SIGTRAP?
 *
 * trap.c takes one mode argument — ebreak or c.ebreak — and executes that breakpoint
 * instruction with no debugger attached; the process must die by SIGTRAP (exit status
 * 133), after its flushed line.
 */
#include "check.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: trap ebreak|c.ebreak\n");
    return 2;
  }
  printf("trap: %s: about to execute\n", argv[1]);
  fflush(stdout);
  if (!strcmp(argv[1], "ebreak"))
    __asm__ volatile(".option push\n\t.option norvc\n\tebreak\n\t.option pop");
  else if (!strcmp(argv[1], "c.ebreak"))
    __asm__ volatile(".option push\n\t.option rvc\n\tc.ebreak\n\t.option pop");
  else
    return 2;
  printf("trap: %s: survived\n", argv[1]);
  return 1;
}
