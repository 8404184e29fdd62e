/* check_exhaustive.c — `actgen check --exhaustive ACT:OUTPUT`: one output
 * of one float kernel measured at every float input whose bit pattern is
 * in a range (all 2^32 by default), CORE-MATH's method of proof.
 *
 * The range is cut into one contiguous slice per core; each slice is
 * measured in a forked child (the oracle keeps global caches, so processes,
 * not threads) that writes its figures into a pipe; the parent merges them
 * in slice order, so the result does not depend on the number of cores.
 */
#define _POSIX_C_SOURCE 200809L   /* fork, pipe, sysconf */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "diag.h"
#include "oracle.h"

enum { MAXK = CHECK_MAX_THETA, PMAX = CHECK_PMAX };

typedef struct Slice {
  double max_s, at, sum_s;
  long count, over_half, over_one, skipped;
} Slice;

/* Measure output `which` (-1 f, -2 df/dx, k df/dtheta_k) at the float
 * inputs whose bit patterns are lo..hi. */
static Slice measure_slice(const Activation *a, const Kernels *k, int which, uint64_t lo, uint64_t hi) {
  Slice sl = {0};
  int K = a->ntheta, bad = 0;
  double th[MAXK] = {0}, y[MAXK + 2];
  mpfr_t theta[MAXK], x, X, S;
  for (int j = 0; j < K; j++) {
    th[j] = k->initf[j];
    mpfr_init2(theta[j], 64);
    mpfr_set_d(theta[j], th[j], MPFR_RNDN);
  }
  mpfr_inits2(PMAX, x, X, S, (mpfr_ptr)0);
  int o = which == -1 ? 0 : which == -2 ? 1 : which + 2;
  for (uint64_t b = lo; b <= hi; b++) {
    uint32_t bits = (uint32_t)b;
    float xf;
    memcpy(&xf, &bits, sizeof xf);
    double xv = xf;
    if (isnan(xv) && bits != 0x7fc00000u) continue;   /* one NaN stands for all */
    check_kernel_outputs(k, 1, xv, th, K, y, &bad);
    mpfr_set_prec(x, 64);
    mpfr_set_d(x, xv, MPFR_RNDN);
    mpfr_set_prec(X, PMAX);
    if ((!isfinite(xv) && o > 0) || !check_exact(a, which, x, theta, X) || (isinf(xv) && mpfr_nan_p(X))) {
      sl.skipped++;
      continue;
    }
    double e_s = 0;
    if (!(y[o] == 0 && mpfr_zero_p(X) && (xv == 0 || o > 0))) {
      mpfr_set_prec(S, mpfr_get_prec(X));
      check_sensitivity(a, which, x, theta, X, S);
      e_s = ulp_error(y[o], X, S, &format_float);
    }
    if (e_s > sl.max_s || sl.count == 0) { sl.max_s = e_s; sl.at = xv; }
    sl.sum_s += isnan(e_s) ? INFINITY : e_s;
    sl.over_half += !(e_s <= 0.5);
    sl.over_one += !(e_s <= 1);
    sl.count++;
  }
  for (int j = 0; j < K; j++) mpfr_clear(theta[j]);
  mpfr_clears(x, X, S, (mpfr_ptr)0);
  return sl;
}

int check_exhaustive(const Module *m, void *lib, const CheckOptions *o) {
  const char *colon = strchr(o->exhaustive, ':');
  const Activation *a = NULL;
  for (int i = 0; i < m->nacts && colon; i++)
    if (strlen(m->acts[i]->name) == (size_t)(colon - o->exhaustive) &&
        !strncmp(m->acts[i]->name, o->exhaustive, (size_t)(colon - o->exhaustive)))
      a = m->acts[i];
  int which = -3;
  if (a && !strcmp(colon + 1, "f")) which = -1;
  else if (a && !strcmp(colon + 1, "df/dx")) which = -2;
  for (int j = 0; a && j < a->ntheta; j++)
    if (!strncmp(colon + 1, "df/d", 4) && !strcmp(colon + 5, a->theta_names[j])) which = j;
  if (which == -3) {
    error_plain("<command line>", "--exhaustive takes ACTIVATION:OUTPUT (f, df/dx or df/dTHETA), not '%s'",
                o->exhaustive);
    return 2;
  }
  Kernels k;
  if (!kernel_lookup(lib, CHECK_PREFIX, a->name, &k)) return 2;
  check_find_hazards(a, &k);
  long ncores = sysconf(_SC_NPROCESSORS_ONLN);
  if (ncores < 1) ncores = 1;
  uint64_t lo = o->range_lo, hi = o->range_hi, per = (hi - lo + 1 + (uint64_t)ncores - 1) / (uint64_t)ncores;
  Slice total = {0};
  int fds[64][2];
  pid_t pids[64];
  if (ncores > 64) ncores = 64;
  fflush(stdout);
  for (long c = 0; c < ncores; c++) {   /* one child per core, each a contiguous slice */
    if (pipe(fds[c]) != 0) die("pipe failed");
    uint64_t a_lo = lo + (uint64_t)c * per, a_hi = a_lo + per - 1 > hi ? hi : a_lo + per - 1;
    pids[c] = fork();
    if (pids[c] < 0) die("fork failed");
    if (pids[c] == 0) {
      close(fds[c][0]);
      Slice sl = a_lo <= hi ? measure_slice(a, &k, which, a_lo, a_hi) : (Slice){0};
      ssize_t w = write(fds[c][1], &sl, sizeof sl);
      _exit(w == (ssize_t)sizeof sl ? 0 : 1);
    }
    close(fds[c][1]);
  }
  int ok = 1;
  for (long c = 0; c < ncores; c++) {
    Slice sl;
    ok &= read(fds[c][0], &sl, sizeof sl) == (ssize_t)sizeof sl;
    close(fds[c][0]);
    int status;
    waitpid(pids[c], &status, 0);
    ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (sl.count && (sl.max_s > total.max_s || total.count == 0)) { total.max_s = sl.max_s; total.at = sl.at; }
    total.sum_s += sl.sum_s;
    total.count += sl.count;
    total.over_half += sl.over_half;
    total.over_one += sl.over_one;
    total.skipped += sl.skipped;
  }
  if (!ok) die("an --exhaustive worker failed");
  printf("%s float %s: every input with bits 0x%08llx..0x%08llx on %ld cores: max %.4g ulp_s at x = %.9g, "
         "mean %.4g, %ld above 0.5, %ld above 1, %ld inputs (%ld skipped)\n",
         a->name, colon + 1, (unsigned long long)lo, (unsigned long long)hi, ncores, total.max_s, total.at,
         total.count ? total.sum_s / (double)total.count : 0, total.over_half, total.over_one, total.count,
         total.skipped);
  return 0;
}
