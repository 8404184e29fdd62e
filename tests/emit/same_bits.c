/* same_bits.c — the driver of test_same_bits.sh. For every activation of
 * ACT_TABLE (act_table.h, made by tools/act_table.sh from generated headers)
 * it calls NAME_forward and NAME_backward, double and float, on fixed inputs
 * and prints one line per activation, precision, data set and n with 64-bit
 * FNV-1a hashes of the exact bits of y, dx, dtheta, and of dtheta again from
 * a backward with dx = NULL. Built under several compilers, optimization
 * levels and thread counts, the output must not change by a single bit.
 *
 * Data sets, from a fixed integer generator (its floating-point steps are
 * exact or a single rounding, so no compiler can change them):
 *   tame  finite x, mostly in [-8, 8] and some of small magnitude, dy in
 *         [-1, 1]: every dtheta sum is finite, so its bits mean something;
 *   wild  one element in eight a special (±0, ±inf, NaN, subnormals, the
 *         extremes, overflow and underflow thresholds), the others random
 *         bit patterns or random in [-30, 30]: y and dx on every kind of
 *         lane (a NaN anywhere makes the sums NaN, as it should).
 * Every NaN hashes as one value: C and IEEE 754 leave the payload and sign
 * of a NaN result unspecified, and compilers may swap operands. */
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "act_table.h"

#define MAXN 100003
static const size_t sizes[] = { 0, 1, 7, 4099, MAXN };

static uint64_t state;
static uint64_t next(void)   /* splitmix64 */
{
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
/* Uniform in [-r, r] with 24 random bits: exact in float and double. */
static double uniform(double r) { return ((double)(next() >> 40) * 0x1p-23 - 1.0) * r; }

static const double specials[] = {
  0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, DBL_MIN, -DBL_MIN, 0x1p-1074, -0x1p-1074,
  DBL_MAX, -DBL_MAX, FLT_MIN, -FLT_MIN, 0x1p-149, -0x1p-149, FLT_MAX, -FLT_MAX, 1e-300, -1e-300,
  1e300, -1e300, 88.72, -88.72, 89.0, -104.0, 709.78, -709.78, 710.0, -745.2, 37.5, -37.5,
  1e-20, -1e-20, 1.0, -1.0, 0.5, -0.5, 1e30, -1e30, 3.0e38, -3.0e38,
};
#define NSPECIAL (sizeof specials / sizeof specials[0])

static double xd[2][MAXN], dyd[2][MAXN];
static float xf[2][MAXN], dyf[2][MAXN];

static void make_data(void)
{
  state = 20251123;
  for (size_t i = 0; i < MAXN; i++) {   /* tame */
    const uint64_t k = next() & 7;
    xd[0][i] = k == 0 ? uniform(1.0) * 0x1p-20 : k == 1 ? uniform(0.01) : uniform(8.0);
    dyd[0][i] = uniform(1.0);
    xf[0][i] = (float)xd[0][i];
    dyf[0][i] = (float)dyd[0][i];
  }
  for (size_t i = 0; i < MAXN; i++) {   /* wild */
    const uint64_t k = next() & 7, bits = next();
    uint32_t b32 = (uint32_t)(bits >> 32);
    double d;
    float f;
    memcpy(&d, &bits, sizeof d);
    memcpy(&f, &b32, sizeof f);
    if (k == 0) d = f = (float)specials[bits % NSPECIAL];
    if (k == 0 && bits % 3 == 0) d = specials[bits % NSPECIAL];   /* not always float-exact */
    if (k >= 3) d = f = (float)uniform(30.0);
    xd[1][i] = d;
    xf[1][i] = f;
    dyd[1][i] = uniform(1.0);
    dyf[1][i] = (float)dyd[1][i];
  }
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t len)
{
  const unsigned char *c = p;
  for (size_t i = 0; i < len; i++) h = (h ^ c[i]) * 0x100000001B3ull;
  return h;
}
/* hash_d and hash_f: FNV-1a of the bits of n values, every NaN as one. */
#define DEFINE_HASH(T, S)                                         \
  static uint64_t hash_##S(const T *v, size_t n)                  \
  {                                                               \
    uint64_t h = 0xCBF29CE484222325ull;                           \
    for (size_t i = 0; i < n; i++) {                              \
      const T c = isnan(v[i]) ? (T)NAN : v[i];                    \
      h = hash_bytes(h, &c, sizeof c);                            \
    }                                                             \
    return h;                                                     \
  }
DEFINE_HASH(double, d)
DEFINE_HASH(float, f)

static double yd[MAXN], dxd[MAXN];
static float yf[MAXN], dxf[MAXN];

/* run_d and run_f: one activation in one precision, a line per data set and
 * n. T is double or float, S the precision's letter, H its hash. */
#define DEFINE_RUN(T, S, H, X, DY, Y, DX)                                            \
  static void run_##S(const char *name, void (*fwd)(size_t, const T *, T *, const T *), \
                      void (*bwd)(size_t, const T *, const T *, T *, const T *, T *),   \
                      const T *theta, size_t k)                                      \
  {                                                                                  \
    T dt[64], dt0[64];                                                               \
    if (k > 64) { printf("%s: more than 64 parameters\n", name); exit(1); }          \
    for (int set = 0; set < 2; set++)                                                \
      for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {                  \
        const size_t n = sizes[s];                                                   \
        fwd(n, X[set], Y, theta);                                                    \
        bwd(n, X[set], DY[set], DX, theta, dt);                                      \
        bwd(n, X[set], DY[set], NULL, theta, dt0);                                   \
        printf("%s %s %s %6zu y %016llx dx %016llx dtheta %016llx %016llx\n", name,  \
               #S, set ? "wild" : "tame", n, (unsigned long long)H(Y, n),            \
               (unsigned long long)H(DX, n), (unsigned long long)H(dt, k),           \
               (unsigned long long)H(dt0, k));                                       \
      }                                                                              \
  }
DEFINE_RUN(double, d, hash_d, xd, dyd, yd, dxd)
DEFINE_RUN(float, f, hash_f, xf, dyf, yf, dxf)

struct act {
  const char *name;
  void (*fwd)(size_t, const double *, double *, const double *);
  void (*bwd)(size_t, const double *, const double *, double *, const double *, double *);
  const double *theta;
  void (*fwdf)(size_t, const float *, float *, const float *);
  void (*bwdf)(size_t, const float *, const float *, float *, const float *, float *);
  const float *thetaf;
  size_t k;
};
#define ACT_ENTRY(p) { #p, p##_forward, p##_backward, p##_theta_init,                 \
                       p##_forwardf, p##_backwardf, p##_theta_initf, p##_NTHETA },
static const struct act acts[] = { ACT_TABLE(ACT_ENTRY) };

/* The widest copy of the array loops the kernels may run (see ACTGEN_ISA_MAX
 * in the generated file; test_same_bits.sh points it here): from
 * $SAME_BITS_ISA, so that one build runs each copy. */
int same_bits_isa_max = 2;

int main(void)
{
  const char *isa = getenv("SAME_BITS_ISA");
  if (isa != NULL) same_bits_isa_max = atoi(isa);
  make_data();
  for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
    run_d(acts[a].name, acts[a].fwd, acts[a].bwd, acts[a].theta, acts[a].k);
    run_f(acts[a].name, acts[a].fwdf, acts[a].bwdf, acts[a].thetaf, acts[a].k);
  }
  return 0;
}
