/* regions.c — the choice at the heart of the stabilizer (stabilize.c): which
 * candidate form computes an output on which interval of x.
 *
 * Every candidate has been measured at every point of the stage's sample
 * (its cost: the scaled error over the target of its precision). A dynamic
 * programme over the points in increasing x assigns a candidate to each,
 * at most MAX_REGIONS regions, minimising the excess error (in quarter
 * binades above what the choice aims at, per point), a PENALTY per region
 * (each is a branch the vector kernels compute) and a small PREFER per
 * point not left as simplified; regions_no_figure_worse is the last check
 * stabilize.c makes of the joined form against the simplified one.
 */
#include <math.h>
#include <stdlib.h>
#include "stabilize.h"

/* PENALTY: a region must save two binades of excess error (in quarter
 * binades) at one point, or less at several, to be worth its branch; a
 * smaller one fits regions to the noise of two forms of equal accuracy. */
enum { PENALTY = 8, PREFER = 6 };

const double regions_target[2] = {4, 0.51};   /* PREC_DOUBLE, PREC_FLOAT: costs are errors over these */

static int regions_bucket(double cost) {
  if (!(cost > 1)) return 0;
  if (!isfinite(cost)) return 4 * 1200;
  return (int)ceil(4 * log2(cost));
}

/* The choice aims below the double target, at 2 ULP: its sample sees an
 * output at a few points per binade, and `actgen check`'s denser one
 * found more than 4 ULP where the forms were chosen to be within 4
 * (opade_laguerre's df/ddl[2], 6.2 ULP at x = 1.9e52 with 1500 samples;
 * 2.2 now). The price: a region fitted to rounding noise here and there
 * (mishb's df/db, 1.7 -> 2.0 ULP at the suite's samples). */
const double regions_aim[2] = {2, 0.51};

int regions_excess(double cost, int prec, double aim) { return regions_bucket(cost * regions_target[prec] / aim); }

/* Whether cost a is worse than cost b (of the simplified form) at a point
 * in a way `actgen check` would see: an error above 0.5 ULP that grew by
 * more than a quarter (rounding noise between two forms of equal accuracy
 * stays below), or that crossed 0.5 or 1 ULP. */
static int worse(double a, double b, int prec) {
  double ea = a * regions_target[prec], eb = b * regions_target[prec];
  if (!(ea > eb)) return 0;
  return (ea > 0.5 && eb <= 0.5) || (ea > 1 && eb <= 1) || (ea > 0.5 && ea > 1.25 * eb + 0.05);
}

/* The figures of `actgen check` over a sample: max, sum (inf when a point
 * is not finite), counts above 0.5 and 1 ULP; whether a's are nowhere
 * worse than b's. */
int regions_no_figure_worse(const double *a, const double *b, int n, int prec) {
  double fa[2] = {0, 0}, fb[2] = {0, 0};   /* max, sum */
  int ca[2] = {0, 0}, cb[2] = {0, 0};
  for (int i = 0; i < n; i++) {
    double ea = a[i] * regions_target[prec], eb = b[i] * regions_target[prec];
    fa[0] = ea > fa[0] || isnan(ea) ? ea : fa[0];
    fb[0] = eb > fb[0] || isnan(eb) ? eb : fb[0];
    fa[1] += isnan(ea) ? INFINITY : ea;
    fb[1] += isnan(eb) ? INFINITY : eb;
    ca[0] += !(ea <= 0.5), ca[1] += !(ea <= 1);
    cb[0] += !(eb <= 0.5), cb[1] += !(eb <= 1);
  }
  return !(fa[0] > fb[0]) && !(fa[1] > fb[1] * (1 + 1e-9)) && ca[0] <= cb[0] && ca[1] <= cb[1];
}

/* The best assignment: choice[j] is the candidate of the j-th point in
 * increasing x (order[]). Returns the number of regions. */
int regions_choose(const Candidate *c, int nc, const Sample *s, const Reference *ref, const int *order, int n, int *choice,
                   int prec, double aim) {
  long *best = heap_alloc(sizeof(long) * (size_t)(n * nc * MAX_REGIONS));
  int *from = heap_alloc(sizeof(int) * (size_t)(n * nc * MAX_REGIONS));
#define AT(i, k, r) ((size_t)(((i) * nc + (k)) * MAX_REGIONS + (r)))
  const long INF = 1L << 50;
  /* Per region count r at the previous point: the cheapest candidate
   * (first index of the least cost) and the cheapest other one, so that
   * the cheapest switch to k (from any candidate but k) is found in O(1)
   * instead of a scan over nc: the same minimum and the same first index
   * as the scan, in a quarter of orthopade.act's region choices' time. */
  long m1[MAX_REGIONS], m2[MAX_REGIONS];
  int q1[MAX_REGIONS], q2[MAX_REGIONS];
  for (int i = 0; i < n; i++) {
    for (int r = 0; i > 0 && r < MAX_REGIONS; r++) {
      m1[r] = m2[r] = INF + 1;
      q1[r] = q2[r] = -1;
      for (int q = 0; q < nc; q++) {
        long v = best[AT(i - 1, q, r)];
        if (v < m1[r]) m2[r] = m1[r], q2[r] = q1[r], m1[r] = v, q1[r] = q;
        else if (v < m2[r]) m2[r] = v, q2[r] = q;
      }
    }
    for (int k = 0; k < nc; k++) {
      /* 256 per quarter binade of excess error, and 16 PREFER per point of
       * |x| < 2^20 (16 beyond) where a candidate other than the simplified
       * form is used: where a network's inputs live, a rewrite must earn
       * its region by fixing errors beyond the targets, not by trading one
       * rounding pattern for another when both are within them (that
       * would move every sum over many inputs for nothing); in the far
       * tails, among forms of equal accuracy the fewest regions win; then
       * the candidate made first (the simpler rewrite) wins a tie.
       * Points densify() added pay no PREFER (see there). A rewrite four
       * times more accurate than the simplified form at a point earns
       * PREFER there instead: that is no other rounding pattern but a
       * cancellation the rewrite removed, and the sample's few points
       * see it within the target by luck (isru's df/dx was within it at
       * -8.5 and -6.2, 38 ULP off at -8.07). Nor do points where the
       * output underflows (its value is 0 or subnormal) and both forms
       * are exact, as they are far out where no rounding pattern moves:
       * gelu_tanh's f is a subnormal made of e^(-740) with a few bits, 800
       * ULP off over [-21.9, -21.2], where the form in log space is exact;
       * charged for the many points below -21.9 where both are 0, that
       * form could not take the tail. (Elsewhere two exact forms may part
       * between the points: at x = 0 a tail in 1/x is NaN.) Nor, for the
       * float kernels, do the points that are no floats (cost 0 in every
       * form): charged, the doubles below 2^-149 put the simplified form
       * back around x = 0 between two halves of a series, and at 0 the
       * float kernel of softplus(x) - log 2 was its rounding, 1e-17.
       * Nor does a rewrite of a cancellation in every period of a sine
       * (FORM_PERIODIC): the sample meets the zeros of a few periods, and
       * charged where it ties, the rewrite took only those (snake's df/dx
       * in double, 124 ULP at x = 11.78, between two of the sample's
       * points, with 600 samples). */
      double ax = fabs(s->x[order[i]]), ck = c[k].cost[prec][order[i]], c0 = c[0].cost[prec][order[i]];
      int idle = (ck == 0 && c0 == 0 && reference_underflows(ref, order[i])) ||
                 (prec == PREC_FLOAT && (double)(float)s->x[order[i]] != s->x[order[i]]) ||   /* never a float */
                 c[k].kind == FORM_PERIODIC;
      long here = 256 * (long)regions_excess(ck, prec, aim) + (k != 0 && ck < c0 / 4 ? -16 * PREFER :
                  (k != 0 && !s->dense[order[i]] && !idle ? (ax < 0x1p20 ? 16 * PREFER : 16) : 0)) + k;
      /* A point a rewrite makes worse than the simplified form (see
       * worse()) costs as much as a region: `actgen check` compares max,
       * mean and the counts above 0.5 and 1 ULP with the baseline, and a
       * rewrite that trades such points for others is not an improvement. */
      if (k != 0 && worse(c[k].cost[prec][order[i]], c[0].cost[prec][order[i]], prec)) here += 256 * PENALTY;
      for (int r = 0; r < MAX_REGIONS; r++) {
        long b = INF;
        int f = -1;
        if (i == 0) {
          if (r == 0) b = 0, f = k;
        } else {
          b = best[AT(i - 1, k, r)], f = k;
          if (r > 0) {   /* the cheapest switch from another candidate */
            long m = q1[r - 1] != k ? m1[r - 1] : m2[r - 1];
            int q = q1[r - 1] != k ? q1[r - 1] : q2[r - 1];
            if (q >= 0 && m + 256 * PENALTY < b) b = m + 256 * PENALTY, f = q;
          }
        }
        best[AT(i, k, r)] = b >= INF ? INF : b + here;
        from[AT(i, k, r)] = f;
      }
    }
  }
  long b = INF;
  int bk = 0, br = 0;
  for (int r = 0; r < MAX_REGIONS; r++)
    for (int k = 0; k < nc; k++)
      if (best[AT(n - 1, k, r)] < b) b = best[AT(n - 1, k, r)], bk = k, br = r;
  for (int i = n - 1; i >= 0; i--) {
    choice[i] = bk;
    int f = from[AT(i, bk, br)];
    if (f != bk) br--;
    bk = f;
  }
#undef AT
  free(best);
  free(from);
  int regions = 1;
  for (int i = 1; i < n; i++) regions += choice[i] != choice[i - 1];
  return regions;
}
