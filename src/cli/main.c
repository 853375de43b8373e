/* main.c: placeholder until the CLI lands. */
#include "gongkai.h"
#include <stdio.h>
int main(void) {
  printf("gongkai %s\n", gk_version());
  return 0;
}
