/* check.h — accuracy measurement of generated kernels (SPEC §4). */
#ifndef ACTGEN_CHECK_H
#define ACTGEN_CHECK_H

#include <stdint.h>
#include <mpfr.h>
#include "kernel.h"
#include "module.h"
#include "ulp.h"

enum { CHECK_MAX_THETA = 64, CHECK_PMAX = 12288 };   /* CHECK_PMAX: oracle_exact's largest precision */

typedef struct CheckConfig {
  int samples;          /* random points of each kind, per precision */
  uint64_t seed;
  const double *kept[2];   /* past worst inputs, measured first: [0] double, [1] float */
  int nkept[2];
  int trace;            /* print every value at the single point trace_x */
  double trace_x;
} CheckConfig;

/* The figures of one output of one activation in one precision. */
typedef struct CheckStat {
  const char *act, *precision;
  char output[96];      /* "f", "df/dx", "df/dmu", "sum df/dmu" */
  double max_s, max_plain, at, sum_s;   /* scaled and plain max error, where, sum of scaled */
  long count, skipped, over_half, over_one;
} CheckStat;

typedef struct CheckResult {
  CheckStat *stats;
  int nstats, cap;
  int api_failures;     /* array API disagreeing with the scalar kernels */
} CheckResult;

/* A deterministic generator (SplitMix64): the next 64 bits, and a double
 * uniform in [lo, hi). */
uint64_t check_random(uint64_t *state);
double check_uniform(uint64_t *state, double lo, double hi);

void check_activation(const Activation *a, const Kernels *k, const CheckConfig *c, CheckResult *r);

/* `actgen check`: measure every activation of m and print the table.
 * c_path is the generated C (compiled with prefix CHECK_PREFIX). With a
 * baseline, exit status 1 when any figure is worse than it records; with
 * update, rewrite the baseline instead. Returns the exit status. */
#define CHECK_PREFIX "actgen_check_"
typedef struct CheckOptions {
  int samples;
  uint64_t seed;
  const char *baseline;
  int update;
  const char *exhaustive;     /* "ACT:OUTPUT": every float input of one output */
  uint32_t range_lo, range_hi; /* the bit patterns measured by --exhaustive, [lo, hi] */
} CheckOptions;
int check_command(const Module *m, const char *c_path, const CheckOptions *o);

/* Shared by check.c and check_exhaustive.c. `which`: -1 f, -2 df/dx, k
 * df/dtheta_k. The exact value X of an output (0 where the oracle cannot
 * settle it); S = |X| + |x dX/dx|; the kernels' outputs at x (out[0] f,
 * out[1] df/dx, out[2 + k]); the hazard points of an activation. */
int check_exact(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out);
void check_sensitivity(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, const mpfr_t X, mpfr_t S);
void check_kernel_outputs(const Kernels *kn, int is_float, double x, const double *th, int K, double *out, int *api_bad);
void check_find_hazards(const Activation *a, const Kernels *k);
/* --exhaustive (check_exhaustive.c): returns the exit status. */
int check_exhaustive(const Module *m, void *lib, const CheckOptions *o);

#endif
