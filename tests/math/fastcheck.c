/* fastcheck.c — the math layer's bounded forms against the whole
 * functions: the `_fast` forms (src/ops.h, FAST), then the saturations
 * (SAT; below, check_sat), exp's `_neg` form (check_neg).
 *
 * FAST: the vector float bodies call actgen_vNAME_fast for
 * |u| <= its bound and redo a block holding a larger |u| with actgen_vNAME,
 * so the two must give the same bits on the whole interval, or a result
 * would depend on its neighbours in the block.
 *
 * fast_forms.h (made by test_fast_forms.sh from ops.h's FAST column) lists
 * X(NAME, BOUND). Samples, from a fixed seed: every binade of both signs
 * up to the bound (subnormals included, several mantissas each), uniform
 * samples on [-bound, bound], the bound and its neighbours inside, +-0,
 * and NaN (both must give a NaN). Prints one line per function with the
 * number of samples and of mismatches (the first few shown); exit status 1
 * on any mismatch. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mathlayer_all.h"

static uint64_t state = 0x2545f4914f6cdd1du;
static double uniform(void) /* in [0, 1) */
{
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return (double)(state >> 11) * 0x1p-53;
}

static long check(const char *name, double (*whole)(double), double (*fast)(double), double bound)
{
  long n = 0, bad = 0;
  for (int k = 0; k < 4000000; k++) {
    double x;
    if (k < 2 * 2200 * 8) { /* binades: 2^e (1 + f), e from -1074 up */
      int e = -1075 + (k / 16) % 2200;
      x = ldexp(1.0 + uniform(), e);
      if (k % 2) x = -x;
    } else if (k < 2 * 2200 * 8 + 16) {
      double edge[] = {bound, nextafter(bound, 0), -bound, -nextafter(bound, 0), 0.0, -0.0, NAN, -NAN};
      x = edge[k % 8];
    } else {
      x = (2.0 * uniform() - 1.0) * bound;
    }
    if (!(fabs(x) <= bound) && x == x) continue;
    double a = whole(x), b = fast(x);
    n++;
    if (memcmp(&a, &b, sizeof a) != 0 && !(a != a && b != b)) {
      if (bad < 5) printf("  %s(%a): whole %a, fast %a\n", name, x, a, b);
      bad++;
    }
  }
  printf("%-9s |x| <= %g: %ld samples, %ld mismatches\n", name, bound, n, bad);
  return bad;
}

/* SAT: where a vector float body writes a call as VALUE, it flags the
 * lanes whose operand u fails the test |u| > BOUND (as
 * ~bits(BOUND - fabs(u)), NaN included), and the block is redone with the
 * whole function; a lane left unflagged must get from the whole function
 * exactly VALUE, or a result would depend on its neighbours in the block.
 * sat_forms.h lists X(NAME, BOUND, VALUE, ODD), VALUE an expression in x;
 * ODD 0: VALUE holds for u <= -BOUND only (exp's 0), where the emitter
 * writes it only for operands that are never positive. Samples: every
 * binade beyond the bound (several mantissas each), uniform samples in
 * (BOUND, 4 BOUND), the bound and the doubles next to it, +-inf and NaNs
 * of both signs; a NaN left unflagged is a mismatch too. */
/* the emitted test: the sign bit of ~bits(bound - |u|) set = redo */
static int flagged(double u, double bound)
{
  double d = bound - fabs(u);
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return (~b) >> 63;
}

static long check_sat(const char *name, double (*whole)(double), double (*value)(double), double bound, int odd)
{
  long n = 0, bad = 0;
  for (int k = 0; k < 400000; k++) {
    double x;
    if (k < 2 * 1100 * 8) { /* binades: bound 2^e (1 + f) */
      x = ldexp(bound, (k / 16) % 1100) * (1.0 + uniform());
      if (k % 2) x = -x;
    } else if (k < 2 * 1100 * 8 + 10) {
      double edge[] = {bound, nextafter(bound, INFINITY), nextafter(bound, 0), INFINITY, NAN, -bound,
                       -nextafter(bound, INFINITY), -nextafter(bound, 0), -INFINITY, -NAN};
      x = edge[k % 10];
    } else {
      x = bound * (1.0 + 3.0 * uniform());
      if (k % 2) x = -x;
    }
    if (!odd && x > 0) x = -x;
    if (isinf(x) || !(x == x) || !flagged(x, bound)) {
      if (x != x && !flagged(x, bound)) {
        printf("  %s: NaN %a not flagged\n", name, x);
        bad++;
      }
      if (x != x) continue;
      double a = whole(x), b = value(x);
      n++;
      if (memcmp(&a, &b, sizeof a) != 0) {
        if (bad < 5) printf("  %s(%a): whole %a, value %a\n", name, x, a, b);
        bad++;
      }
    }
  }
  printf("%-9s |u| > %g: %ld samples, %ld mismatches\n", name, bound, n, bad);
  return bad;
}

/* FAST "rare" (two operands, hypotin and rhypotin): the vector float
 * bodies call actgen_vNAME_fast and flag a lane by the sign bit of
 * actgen_vNAME_rare(u, v); an unflagged lane must get the whole function's
 * bits. And the test must flag what the fast form cannot do: an infinite
 * operand (NaN with it, too) and, for rhypotin, two zeros. Samples, from
 * the fixed seed: pairs from every binade of [2^-500, 2^500] of both signs
 * (several mantissas each), with 0 or with a random binade, pairs of
 * zeros, infinities and NaNs of both signs with those, and the bounds and
 * their neighbours. rare_forms.h lists X(NAME). */
static double special(int k)
{
  double s[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 0x1p500, nextafter(0x1p500, INFINITY), 0x1p-500};
  return s[k % 9];
}

static long check_rare(const char *name, double (*whole)(double, double), double (*fast)(double, double),
                       uint64_t (*rare)(double, double), int zero_rare)
{
  long n = 0, bad = 0;
  for (int k = 0; k < 400000; k++) {
    double x = ldexp(1.0 + uniform(), (int)(uniform() * 1001.0) - 500), y;
    if (uniform() < 0.5) x = -x;
    switch (k % 4) {
    case 0: y = ldexp(1.0 + uniform(), (int)(uniform() * 1001.0) - 500); break;
    case 1: y = x * (1.0 + 0x1p-20 * uniform()); break;
    case 2: y = special(k / 4); break;
    default: x = special(k / 4); y = special(k / 36); break;
    }
    if (k % 8 >= 4) { double t = x; x = y; y = t; }
    int flagged = (int)(rare(x, y) >> 63);
    int must = isinf(x) || isinf(y) || (zero_rare && x == 0 && y == 0);
    double a = whole(x, y), b = fast(x, y);
    if (must && !flagged) {
      if (bad < 5) printf("  %s(%a, %a) not flagged\n", name, x, y);
      bad++;
    }
    if (flagged) continue;
    n++;
    if (memcmp(&a, &b, sizeof a) != 0 && !(a != a && b != b)) {
      if (bad < 5) printf("  %s(%a, %a): whole %a, fast %a\n", name, x, y, a, b);
      bad++;
    }
  }
  printf("%-9s unflagged: %ld samples, %ld mismatches\n", name, n, bad);
  return bad;
}

/* exp's `_neg` form (templates/math/exp.c), which the float bodies call
 * for operands that are never positive (-u^2, -|u|), must give the bits of
 * the whole function on all of x <= 0: every binade (several mantissas
 * each), uniform samples on [-760, 0] (the subnormal results and the
 * bound 745.2 within), the bound and its neighbours, +-0, -inf and NaNs. */
static long check_neg(const char *name, double (*whole)(double), double (*neg)(double))
{
  long n = 0, bad = 0;
  for (int k = 0; k < 400000; k++) {
    double x;
    if (k < 2200 * 8) {
      x = -ldexp(1.0 + uniform(), -1075 + k / 8);
    } else if (k < 2200 * 8 + 8) {
      double edge[] = {-745.2, nextafter(-745.2, 0), nextafter(-745.2, -INFINITY), 0.0, -0.0, -INFINITY, NAN, -NAN};
      x = edge[k % 8];
    } else {
      x = -760.0 * uniform();
    }
    double a = whole(x), b = neg(x);
    n++;
    if (memcmp(&a, &b, sizeof a) != 0 && !(a != a && b != b)) {
      if (bad < 5) printf("  %s(%a): whole %a, neg %a\n", name, x, a, b);
      bad++;
    }
  }
  printf("%-9s x <= 0: %ld samples, %ld mismatches\n", name, n, bad);
  return bad;
}

#define X(name, bound, value, odd) static double sat_##name(double x) { (void)x; return value; }
#include "sat_forms.h"
#undef X

int main(void)
{
  long bad = 0;
#define X(name, bound) bad += check(#name, actgen_v##name, actgen_v##name##_fast, bound);
#include "fast_forms.h"
#undef X
#define X(name, bound, value, odd) bad += check_sat(#name, actgen_v##name, sat_##name, bound, odd);
#include "sat_forms.h"
#undef X
#define X(name) bad += check_rare(#name, actgen_v##name, actgen_v##name##_fast, actgen_v##name##_rare, (#name)[0] == 'r');
#include "rare_forms.h"
#undef X
  bad += check_neg("exp_neg", actgen_vexp, actgen_vexp_neg);
  return bad != 0;
}
