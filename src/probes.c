/* probes.c — points where the stabilizer's first choice of forms may be
 * wrong between its sample's points, found without the oracle.
 *
 * The sample has one mantissa per binade over most of the line, and a form
 * that cancels can be exact there by luck: celub's df/da, t2 - a (e^t1
 * (t1/a)) with t1 = x/a, cancels to its roundings (1e-289 at x = -1.2e-273,
 * where the value underflows to 0) yet came out exact at every point of
 * the sample, so the simplified form kept x in [-2.8e-163, 0) from the
 * series that is right there. The probes are a fixed set of points with
 * other mantissas over the whole line (both signs, every PROBE_STEP-th
 * binade, and every binade from 2^-20 to 2^8, where a network's inputs
 * live). At each, every candidate allowed there is evaluated in IEEE
 * arithmetic (ieee_eval.c's interpreter, no oracle); where most of them
 * differ from the one the choice gives that point by more than DISAGREE
 * double ulps, that one is the suspect (a majority, because some
 * candidates are far off in places by design: a tail in 1/x near 0), and
 * the MAX_PROBES points where it is outvoted most (then by most ulps; the
 * first of equals) join the sample before the choice is made again, with
 * the oracle's references. Where all agree, as they do for most outputs,
 * nothing is added and no reference computed. Made for the double
 * kernels, whose target the series and rewrites serve; the float choice
 * is made on the same sample afterwards.
 */
#include <math.h>
#include <stdlib.h>
#include "stabilize.h"

enum { PROBE_STEP = 11, MAX_PROBE_POINTS = 2 * (2098 / PROBE_STEP + 1) + 2 * 29 };
static const double DISAGREE = 8;

/* The fixed probe points: mantissas from the golden ratio's multiples
 * (every fraction of [1, 2) equally often, none of them short). */
static int probe_points(double *x) {
  int n = 0, k = 0;
  for (int e = -1074; e <= 1023; e += PROBE_STEP, k++) {
    double m = 1 + fmod(k * 0.6180339887498949, 1);
    x[n++] = ldexp(m, e);
    x[n++] = -ldexp(m, e);
  }
  for (int e = -20; e <= 8; e++, k++) {
    double m = 1 + fmod(k * 0.6180339887498949, 1);
    x[n++] = ldexp(m, e);
    x[n++] = -ldexp(m, e);
  }
  return n;
}

/* The distance of a and b in double ulps of the larger; infinite where
 * one is not finite and they differ. */
static double ulps_apart(double a, double b) {
  if (a == b || (a != a && b != b)) return 0;
  if (!isfinite(a) || !isfinite(b)) return INFINITY;
  int e;
  frexp(fmax(fabs(a), fabs(b)), &e);
  return fabs(a - b) / ldexp(1, (e < -1021 ? -1021 : e) - 53);
}

static int allowed(const Candidate *c, double x) {
  return !(c->side * x < 0) && !(c->radius > 0 && fabs(x) > c->radius);
}

int probe_disagreements(const Candidate *c, int nc, const Sample *s, const int *order, const int *choice, int n,
                        int prec, double *out) {
  /* the float kernels take the double's probes: their sample is the same,
   * and each probe costs every candidate's evaluation */
  if (n == 0 || prec != PREC_DOUBLE) return 0;
  static double px[MAX_PROBE_POINTS], worst[MAX_PROBE_POINTS], val[MAX_CANDIDATES][MAX_PROBE_POINTS];
  int np = probe_points(px);
  for (int k = 0; k < nc; k++) {
    MeasureFn *fn = measure_fn(c[k].dag);
    measure_many(fn, px, np, s->theta, val[k]);
    measure_fn_free(fn);
  }
  for (int p = 0; p < np; p++) {
    int lo = 0, hi = n;   /* the last point of the sample at or below the probe gives its region */
    while (hi - lo > 1) {
      int mid = (lo + hi) / 2;
      if (s->x[order[mid]] <= px[p]) lo = mid;
      else hi = mid;
    }
    int k0 = choice[lo], agree = 0, differ = 0;
    double near = INFINITY;
    for (int k = 0; k < nc; k++)
      if (k != k0 && allowed(&c[k], px[p])) {
        double d = ulps_apart(val[k0][p], val[k][p]);
        if (d > DISAGREE) differ++, near = d < near ? d : near;
        else agree++;
      }
    /* rank: by how many the chosen form is outvoted, then by how far */
    worst[p] = differ > agree ? (differ - agree) * 1e4 + fmin(log2(near), 2e3) : 0;
  }
  int m = 0;
  for (; m < MAX_PROBES; m++) {   /* the largest first; the first of equals */
    int best = -1;
    for (int p = 0; p < np; p++)
      if (worst[p] > 0 && (best < 0 || worst[p] > worst[best])) best = p;
    if (best < 0) break;
    out[m] = px[best];
    worst[best] = 0;
  }
  return m;
}
