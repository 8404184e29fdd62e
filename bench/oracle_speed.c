/* oracle_speed.c — points per second of the MPFR oracle, forward (f) and
 * derivative (df/dx by dual numbers), through the same Ziv loop that
 * `actgen check` uses, for every activation of a file:
 *
 *   build/oracle_speed FILE.act [N]
 */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "ast.h"
#include "module.h"
#include "oracle.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: oracle_speed FILE.act [N]\n"); return 2; }
  int n = argc > 2 ? atoi(argv[2]) : 2000;
  Module *m = load_module(argv[1], NULL, 0);
  if (!m) return 2;
  for (int a = 0; a < m->nacts; a++) {
    const Activation *act = m->acts[a];
    mpfr_t x, v, *theta = calloc((size_t)act->ntheta + 1, sizeof(mpfr_t));
    mpfr_inits2(64, x, v, (mpfr_ptr)0);
    for (int l = 0; l < act->nlearn; l++)   /* theta at its initial values */
      for (int j = 0; j < act->learn[l].size; j++) {
        int k = act->learn[l].offset + j;
        mpfr_init2(theta[k], 64);
        mpfr_set_d(theta[k], oracle_const_double(act->learn[l].init[j]), MPFR_RNDN);
      }
    double rate[2];
    for (int which = ORACLE_VALUE; which <= ORACLE_DX; which++) {
      double t0 = now();
      for (int i = 0; i < n; i++) {
        mpfr_set_d(x, -30.0 + 60.0 * (i + 0.5) / n, MPFR_RNDN);
        oracle_exact(act->written, which, x, theta, v);
      }
      rate[which - ORACLE_VALUE] = n / (now() - t0);
    }
    printf("%-12s forward %8.0f points/s   derivative %8.0f points/s\n", act->name, rate[0], rate[1]);
    for (int k = 0; k < act->ntheta; k++) mpfr_clear(theta[k]);
    free(theta);
    mpfr_clears(x, v, (mpfr_ptr)0);
  }
  return 0;
}
