/* stabilize.c — the stage between simplify/diff and the emitter that lets
 * the oracle judge the compiler's rewrites.
 *
 * For each output (f, df/dx, every df/dtheta_k) that depends on x:
 *   1. measure the simplified form on the fixed sample (measure.c), with
 *      points added next to the output's roots and small minima; if its
 *      scaled error is within the targets everywhere (float 0.51 ULP,
 *      double 4 ULP, no NaN or inf where the value is finite), keep it:
 *      that is the common case and costs one oracle pass;
 *   2. otherwise build candidates: the tails in 1/x on either side, the
 *      products and logs in log space, products guarded against 0 * inf
 *      (tail.c), sums with like terms cancelled (cancel.c; also with
 *      sigmoid and softplus written about their values at 0), polynomials by
 *      compensated Horner and in double-double, whole rational outputs in
 *      double-double and sums of quotients over one denominator
 *      (compensate.c, double_double.c: taken as built), Taylor polynomials
 *      around 0 of a few orders from either side (series.c), the others
 *      passed through simplify;
 *   3. measure every candidate at every point and choose (regions.c), by
 *      dynamic programming over the points in increasing x, a piecewise assignment
 *      of candidates to intervals that minimises the total excess error
 *      (in quarter binades above 2 ULP for double, half its target, and
 *      0.51 for float, per point) plus a penalty per region
 *      (each region is a branch that the vector kernels compute) and a
 *      small one per point not left as simplified, at most MAX_REGIONS
 *      regions;
 *   4. refine once: add points inside each gap where the choice changes,
 *      and where probes off the sample find the chosen form outvoted by
 *      the other candidates (probes.c), measure them, choose again; then narrow each gap by bisection on
 *      the measured costs and put the boundary at the shortest decimal in
 *      what is left;
 *   5. join the regions with `if x < b`, measure the joined form at every
 *      point once more (it must beat the simplified form, or the output is
 *      kept as it was), and record a note for `actgen deriv` and `-d
 *      stabilize`.
 * The sample, the candidates and the choice depend only on the DAG and
 * theta's initial values, so the output is deterministic.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "stabilize.h"

/* QUOTIENT_RADIUS: a sum of quotients over one denominator serves further
 * out than the polynomial forms (isru's df/dx cancels up to x = 546, where
 * its series in 1/x takes over); far beyond, double-double's 106 bits lose
 * the small terms of its numerator (1 + x^2 - x^2 is 0 past 2^53) where the
 * sample is too sparse to see it. */
enum { SERIES_SMALL_OPS = 40, SERIES_MAX_POWER = 64, POLY_RADIUS = 64, QUOTIENT_RADIUS = 4096, REFINE = 4, BISECT = 11, MAX_OPS = 2000, MAX_DD_OPS = 4000, MAX_CONSTANT_OPS = 200,
       HUGE_BITS = 4096 };


static void add_form(Candidate *c, int *nc, Node *dag, const char *name, int side, double radius, int kind) {
  if (!dag || *nc == MAX_CANDIDATES) return;
  if (kind != FORM_AS_BUILT && kind != FORM_DD_FUNCTIONS) dag = simplify(dag);
  if (dag_count_ops(&dag, 1) > (kind == FORM_DD_FUNCTIONS ? MAX_DD_OPS : MAX_OPS)) return;   /* too costly to measure, and to run */
  for (int i = 0; i < *nc; i++)
    if (c[i].dag == dag) {   /* the same form from the other side serves both */
      if (c[i].side != side) c[i].side = 0;
      return;
    }
  c[*nc].dag = dag;
  c[*nc].name = name;
  c[*nc].side = side;
  c[*nc].radius = radius;
  c[*nc].kind = kind;
  c[*nc].upto = 0;
  (*nc)++;
}

static void add(Candidate *c, int *nc, Node *dag, const char *name, int side, double radius) {
  add_form(c, nc, dag, name, side, radius, FORM_PLAIN);
}

static const Node *plain_form;   /* the output as simplified, whose steps a form's error-free ones compensate */

/* A one-sided candidate is not used on the other side (x = +-0 belongs to both). */
static void measure(Candidate *c, const Sample *s, const Reference *r, int from) {
  const Node *exact = c->dag;
  measure_costs(c->dag, s, r, from, c->radius, c->cost[PREC_DOUBLE], c->cost[PREC_FLOAT], &exact,
                c->kind == FORM_AS_BUILT || c->kind == FORM_DD_FUNCTIONS, plain_form, NULL);
  if (from <= c->upto) c->upto = s->n;
  for (int i = from; i < s->n && c->kind == FORM_DD_FUNCTIONS; i++) c->cost[PREC_FLOAT][i] = INFINITY;
  for (int i = from; i < s->n && c->side; i++)
    if (c->side * s->x[i] < 0) {
      c->cost[PREC_DOUBLE][i] = INFINITY;
      if ((double)(float)s->x[i] == s->x[i]) c->cost[PREC_FLOAT][i] = INFINITY;
    }
}

/* Measure candidates first .. nc-1 at every point; 0 (the reference
 * freed) where building them hit the DAG's limits, and every node made
 * since is a stand-in 0. */
static int measure_added(Candidate *c, int first, int nc, const Sample *s, Reference *r) {
  if (dag_overflowed()) {
    dag_clear_overflow();
    reference_free(r);
    return 0;
  }
  for (int k = first; k < nc; k++) measure(&c[k], s, r, 0);
  return 1;
}

/* The least cost of any candidate at point i in precision p. */
static double best_cost(const Candidate *c, int nc, int p, int i) {
  double best = INFINITY;
  for (int k = 0; k < nc; k++) best = c[k].cost[p][i] < best ? c[k].cost[p][i] : best;
  return best;
}

static const double *sort_key;
static int by_x(const void *a, const void *b) {
  double x = sort_key[*(const int *)a], y = sort_key[*(const int *)b];
  return (x > y) - (x < y);
}

/* The shortest decimal b with lo < b <= hi (0 when the two differ in sign). */
static char *boundary(double lo, double hi) {
  if (lo < 0 && hi >= 0) return xprintf("0");
  for (int digits = 1; digits <= 17; digits++) {
    char *t = xprintf("%.*g", digits, hi);
    double v = strtod(t, NULL);
    if (lo < v && v <= hi) return t;
  }
  return xprintf("%.17g", hi);
}

/* The midpoint of (lo, hi): geometric when both have one sign. */
static double middle(double lo, double hi) {
  if (lo > 0 || hi < 0) {
    double s = hi > 0 ? 1 : -1, m = s * exp2((log2(fabs(lo)) + log2(fabs(hi))) / 2);
    if (lo < m && m < hi) return m;
  }
  return lo / 2 + hi / 2;
}

/* Which of two candidates that tie at a point keeps it: a Taylor series,
 * whose error grows smoothly with |x|, so that
 * where it ties it is good; a closed form that cancels near 0 ties by
 * luck at scattered points (log(2 + 1.25e-9) - log 2 is off by up to half
 * an ulp of log 2, more or less by chance), and a boundary put at such a
 * point left lsemax4's float f 2.9 ULP off just beyond it. Otherwise the
 * one of lower index (the simplified form before any rewrite). */
static int prefer(const Candidate *a, const Candidate *b, int a_first) {
  if ((a->kind == FORM_SERIES) != (b->kind == FORM_SERIES)) return a->kind == FORM_SERIES;
  return a_first;
}

/* Narrow the gap between candidate a (left, ending at *lo) and b (right,
 * starting at *hi) by bisection on the measured costs: at each midpoint
 * the better candidate takes it, on a tie the one prefer() names, so the
 * boundary settles where the preferred form stops being accurate. */
static void bisect(Candidate *c, int a, int b, Sample *s, Reference *ref, const Node *written, int which, Node *out,
                   int nc, int prec, double aim, double *lo, double *hi) {
  for (int it = 0; it < BISECT && s->n < MEASURE_MAX_POINTS; it++) {
    double m = middle(*lo, *hi);
    if (!(*lo < m && m < *hi)) break;
    int at = s->n;
    if (!sample_add(s, &m, 1)) break;
    m = s->x[at];   /* rounded to float where float has it */
    if (!(*lo < m && m < *hi)) { *hi = m; continue; }
    reference_compute(ref, written, which, out, s, at);
    for (int k = 0; k < nc; k++)
      if (k == a || k == b) measure(&c[k], s, ref, at);
    int ba = regions_excess(c[a].cost[prec][at], prec, aim), bb = regions_excess(c[b].cost[prec][at], prec, aim);
    /* Where the oracle cannot settle the value (a cancellation deeper
     * than its precision cap), the rewrite made for the neighbourhood
     * keeps the point: the simplified form is the suspect there. */
    if (!ref->ok[at]) ba = a == 0, bb = b == 0;
    if (ba < bb || (ba == bb && prefer(&c[a], &c[b], a < b))) *lo = m;
    else *hi = m;
  }
}

/* Points inside (lo, hi): geometric when both have one sign, else linear. */
static int gap_points(double lo, double hi, double *out) {
  int n = 0;
  for (int j = 1; j <= REFINE; j++) {
    double f = (double)j / (REFINE + 1), v;
    if (lo > 0 || hi < 0) {
      double s = hi > 0 ? 1 : -1, a = log2(fabs(lo)), b = log2(fabs(hi));
      v = s * exp2(a + (b - a) * f);
    } else {
      v = lo + (hi - lo) * f;
    }
    if (lo < v && v < hi) out[n++] = v;
  }
  return n;
}

/* The exact value of a decimal that may be negative. */
static Node *dag_num_decimal_signed(const char *text) {
  return text[0] == '-' ? dag_neg(dag_num_decimal(text + 1)) : dag_num_decimal(text);
}

static char *append(char *s, const char *text) { return xprintf("%s%s", s ? s : "", text); }

/* Operations on constants (sin(i pi), cosh(u)^2 - sinh(u)^2 - 1): the
 * oracle redoes them at every point and every precision, and the ones that
 * are exactly zero without being rational drive it to its cap, so an
 * output with many of them is left as simplified (it is also one whose
 * constants, not its form, decide its accuracy). */
/* log2 of a constant's magnitude, roughly, from its exact numbers and
 * powers and products of them (0 for what it does not follow). */
static double magnitude(const Node *n) {
  switch (n->op) {
  case OP_NUM:
    return (double)mpz_sizeinbase(mpq_numref(n->q), 2) - (double)mpz_sizeinbase(mpq_denref(n->q), 2);
  case OP_POWI: return n->k * magnitude(n->a[0]);
  case OP_MUL: return magnitude(n->a[0]) + magnitude(n->a[1]);
  case OP_DIV: return magnitude(n->a[0]) - magnitude(n->a[1]);
  case OP_NEG: return magnitude(n->a[0]);
  default: return 0;
  }
}

static int count_constant(const Node *n, char *seen) {
  if (seen[n->id]) return 0;
  seen[n->id] = 1;
  int k = dag_is_const(n) && n->nargs > 0;
  /* A constant beyond 2^+-HUGE_BITS (1e300000) lies far outside
   * double's range, where the kernels see inf or 0 whatever the form, and
   * the oracle's work at every point grows with it (sin(1e300000 x) took a
   * minute): such an output counts as past the limit. */
  if (dag_is_const(n) && fabs(magnitude(n)) > HUGE_BITS) k += MAX_CONSTANT_OPS + 1;
  for (int i = 0; i < n->nargs; i++) k += count_constant(n->a[i], seen);
  return k;
}

static int constant_ops(const Node *n) {
  char *seen = heap_alloc((size_t)n->id + 1);
  int k = count_constant(n, seen);
  free(seen);
  return k;
}

/* The largest |k| of the integer powers x^k in n not yet seen (x^-999999
 * of tests/hostile: its Laurent series to order 13 took 50 s, for
 * nothing). */
static long largest_power(const Node *n, char *seen) {
  if (seen[n->id]) return 0;
  seen[n->id] = 1;
  long m = n->op == OP_POWI ? labs((long)n->k) : 0;
  for (int i = 0; i < n->nargs; i++) {
    long a = largest_power(n->a[i], seen);
    m = a > m ? a : m;
  }
  return m;
}


/* The piecewise form for one precision, from the candidates measured on
 * s (which it refines: points added in the gaps and by bisection), or
 * NULL where the simplified form (candidate 0) stays; *note says which
 * form holds where. */
static int refused;   /* whether choose_form's last NULL was its last check's */

static Node *choose_form(Candidate *c, int nc, Sample *s, Reference *ref, const Node *written, int which, int prec,
                         double aim, char **note) {
  static int order[MEASURE_MAX_POINTS], choice[MEASURE_MAX_POINTS];
  int n = 0;   /* the points chosen for */
  refused = 0;
  /* The other precision's bisection added points and measured only its
   * two candidates there; the others' costs at those points were stale
   * (an order-2 series, 8 ULP off at x = -0.0356, chosen there at cost 0
   * left x/expm1(x)'s float df/dx 2 ULP off). */
  for (int k = 0; k < nc; k++)
    if (c[k].upto < s->n) measure(&c[k], s, ref, c[k].upto);
  for (int round = 0; round < 2; round++) {
    /* Only the points with a reference (past HARD_MAX hard points, the
     * oracle settles no more) and, for the float kernels, that are
     * floats: elsewhere every form costs 0, and a region could end at such
     * a point, beyond which the bisection that places its boundary cannot
     * look (log(cosh(x))'s float series ended at 1e-7, a gap point with no
     * reference, and the float f was 7436 ULP off at 1.2e-7). */
    n = 0;
    for (int i = 0; i < s->n; i++)
      if (ref->ok[i] && (prec == PREC_DOUBLE || (double)(float)s->x[i] == s->x[i])) order[n++] = i;
    sort_key = s->x;
    qsort(order, (size_t)n, sizeof *order, by_x);
    regions_choose(c, nc, s, ref, order, n, choice, prec, aim);
    if (round == 1) break;
    double extra[MEASURE_MAX_POINTS];
    int ne = 0;
    for (int i = 1; i < n; i++)
      if (choice[i] != choice[i - 1] && ne + REFINE <= MEASURE_MAX_POINTS)
        ne += gap_points(s->x[order[i - 1]], s->x[order[i]], extra + ne);
    if (ne + MAX_PROBES <= MEASURE_MAX_POINTS) ne += probe_disagreements(c, nc, s, order, choice, n, prec, extra + ne);
    int old = s->n;
    if (!sample_add(s, extra, ne)) break;
    reference_compute(ref, written, which, c[0].dag, s, old);
    for (int k = 0; k < nc; k++) measure(&c[k], s, ref, old);
  }
  int same = 1;
  for (int i = 0; i < n; i++) same &= choice[i] == 0;
  if (same) return NULL;

  /* regions: if x < b1 then c1 else if x < b2 then c2 ... else cn */
  int start[MAX_REGIONS + 1], nreg = 0;
  start[nreg++] = 0;
  for (int i = 1; i < n && nreg <= MAX_REGIONS; i++)
    if (choice[i] != choice[i - 1]) start[nreg++] = i;
  char *b[MAX_REGIONS];
  double lo[MAX_REGIONS], hi[MAX_REGIONS];
  for (int r = 1; r < nreg; r++) {
    lo[r] = s->x[order[start[r] - 1]];
    hi[r] = s->x[order[start[r]]];
  }
  for (int r = 1; r < nreg; r++) {
    bisect(c, choice[start[r] - 1], choice[start[r]], s, ref, written, which, c[0].dag, nc, prec, aim, &lo[r], &hi[r]);
    b[r] = boundary(lo[r], hi[r]);
  }
  Node *joined = c[choice[n - 1]].dag;
  const Node *exact[MAX_REGIONS];
  int nexact = 0;
  for (int r = nreg - 1; r >= 0; r--) {
    const Candidate *in = &c[choice[r + 1 < nreg ? start[r + 1] - 1 : n - 1]];
    if (in->kind == FORM_AS_BUILT || in->kind == FORM_DD_FUNCTIONS) exact[nexact++] = in->dag;
    if (r == 0) break;
    Node *x = dag_x(), *bound = dag_num_decimal_signed(b[r]), *lt = dag_2(OP_LT, x, bound);
    joined = dag_select(lt, c[choice[start[r] - 1]].dag, joined);
  }
  /* The joined form, measured at every point (the bisection's too), must
   * not lose to the simplified form: a last check that no region was put
   * where its candidate was never measured good. */
  static double cost[2][MEASURE_MAX_POINTS], seen[2][MEASURE_MAX_POINTS];
  measure_costs(joined, s, ref, 0, 0, cost[PREC_DOUBLE], cost[PREC_FLOAT], exact, nexact, plain_form, seen[0]);
  const Node *exact0 = c[0].dag;
  measure_costs(c[0].dag, s, ref, 0, 0, c[0].cost[PREC_DOUBLE], c[0].cost[PREC_FLOAT], &exact0, 0, NULL, seen[1]);
  c[0].upto = s->n;
  long sj = 0, s0 = 0;
  for (int i = 0; i < s->n; i++) sj += regions_excess(cost[prec][i], prec, aim), s0 += regions_excess(c[0].cost[prec][i], prec, aim);
  /* fewer errors beyond the target (the double costs include the errors
   * the roundings' moves estimate), and none of the figures `actgen
   * check` would print worse (as measured: the model puts the forms it
   * moves near half an ulp, and check counts the points beyond) */
  const double *fig_j = prec == PREC_DOUBLE ? seen[0] : cost[prec];
  const double *fig_0 = prec == PREC_DOUBLE ? seen[1] : c[0].cost[prec];
  if (sj >= s0 || !regions_no_figure_worse(fig_j, fig_0, s->n, prec)) {
    refused = 1;
    return NULL;
  }
  char *text = NULL;
  for (int r = 0; r < nreg; r++) {
    char buf[160];
    const Candidate *k = &c[choice[start[r]]];
    const char *side = k->side > 0 ? " (x > 0)" : k->side < 0 ? " (x < 0)" : "";
    if (r + 1 < nreg) snprintf(buf, sizeof buf, "x < %s: %s%s; ", b[r + 1], k->name, side);
    else snprintf(buf, sizeof buf, "%s%s%s", nreg > 1 ? "else: " : "everywhere: ", k->name, side);
    text = append(text, buf);
  }
  *note = text;
  return joined;
}

/* Where a form cancels, its error moves from point to point with the
 * rounding pattern: pau's df/dx, P'/Q - Q'P/Q^2, is off by 2 to 14 double
 * ULPs over [-2.2, -1.6], and the sample's few points there happened to
 * see at most 5.6, too little for a rewrite to earn its regions. Around
 * the TRIGGERS points of 1/16 <= |x| <= POLY_RADIUS (where the polynomial
 * and quotient forms apply; nearer 0 the series serve, and references
 * there can be too costly to settle) where the simplified form is worst
 * and off by more than DENSE_AT double ULPs, DENSE points at relative
 * distances k/64 join the sample, so that a region of cancellation is
 * measured by its worst points rather than by luck. These points do not
 * pay regions_choose()'s PREFER: placed where the simplified form is known to be
 * bad, they would otherwise charge a rewrite for the very region it
 * fixes. Not around subnormal or zero references (gelu's f near x = -38):
 * their error is the subnormal grid's, which no form changes, and their
 * references (erfc far out) took 0.6 of gelu.act's 0.8 s. (Measured on
 * the library and the variants suite, with its gains and losses, in the
 * commit that added it.) */
enum { DENSE = 16, DENSE_MAX = 128 };
static const double DENSE_AT = 2;

static void densify(Sample *s, Reference *ref, const Node *written, int which, Candidate *c0) {
  enum { TRIGGERS = DENSE_MAX / DENSE };
  int top[TRIGGERS], nt = 0;   /* the worst points, worst first (the first of equals) */
  for (int i = 0; i < s->n; i++) {
    double e = c0->cost[PREC_DOUBLE][i];
    if (!(e * regions_target[PREC_DOUBLE] > DENSE_AT) || !(fabs(s->x[i]) <= POLY_RADIUS && fabs(s->x[i]) >= 0x1p-4)) continue;
    if (!ref->ok[i] || reference_tiny(ref, i)) continue;
    int at = nt < TRIGGERS ? nt++ : TRIGGERS;
    while (at > 0 && e > c0->cost[PREC_DOUBLE][top[at - 1]]) {
      if (at < TRIGGERS) top[at] = top[at - 1];
      at--;
    }
    if (at < TRIGGERS) top[at] = i;
  }
  double extra[DENSE_MAX];
  int ne = 0;
  for (int t = 0; t < nt; t++)
    for (int k = 1; k <= DENSE / 2; k++) {
      extra[ne++] = s->x[top[t]] * (1 + k / 64.0);
      extra[ne++] = s->x[top[t]] * (1 - k / 64.0);
    }
  int old = s->n;
  if (!sample_add(s, extra, ne)) return;
  for (int i = old; i < s->n; i++) s->dense[i] = 1;
  reference_compute(ref, written, which, c0->dag, s, old);
  measure(c0, s, ref, old);
}

/* Whether candidate 0 misses the target of precision prec somewhere: for
 * double by a margin (twice the target beyond |x| = 1, four times inside,
 * where the series are costly to build) but at once where the output is
 * subnormal (its error there is a rounding into the subnormals magnified
 * by what follows it, which log space undoes: gelu's f, up to 7.4 ULP at
 * the points next to x = -38), for float at once (the float
 * kernels keep the simplified form wherever it meets the target: their
 * speed matters as much as their accuracy). *near, *far: where. */
static int misses(const Candidate *c0, const Sample *s, const Reference *ref, int prec, int *near, int *far) {
  int any = 0;
  for (int i = 0; i < s->n; i++) {
    int in = fabs(s->x[i]) < 1;
    double cap = prec == PREC_FLOAT || (ref->ok[i] && reference_tiny(ref, i)) ? 1 : in ? 4 : 2;
    if (c0->cost[prec][i] > cap) *(in ? near : far) = 1, any = 1;
  }
  return any;
}

/* Stabilize one output: sets out[prec] to the form for each precision (out
 * itself where the simplified form stays) and note[prec]. */
static void stabilize_output(const Sample *base, const Node *written, int which, Node *out, Node **form, char **note) {
  note[PREC_DOUBLE] = note[PREC_FLOAT] = NULL;
  form[PREC_DOUBLE] = form[PREC_FLOAT] = out;
  /* The oracle walks the whole DAG at every point: past MAX_OPS operations
   * (a sum unrolled 20000 times) the measurement would cost seconds, and
   * the output is kept as simplified. */
  if (!out->has_x || dag_count_ops(&out, 1) > MAX_OPS || constant_ops(out) > MAX_CONSTANT_OPS) return;
  static Sample s;
  s = *base;
  static Candidate c[MAX_CANDIDATES];
  int nc = 0;
  Reference ref = {0};
  reference_compute(&ref, written, which, out, &s, 0);
  sample_add_roots(&s, &ref, written, which, out);
  sample_add_kinks(&s, &ref, written, which, out);
  sample_add_overflow_band(&s, &ref, written, which, out);
  c[0].dag = out;
  plain_form = out;
  c[0].name = "as simplified";
  c[0].side = 0;
  c[0].radius = 0;
  c[0].kind = FORM_PLAIN;
  c[0].upto = 0;
  nc = 1;
  measure(&c[0], &s, &ref, 0);
  densify(&s, &ref, written, which, &c[0]);
  int near = 0, far = 0, need[2];   /* trouble at |x| < 1 (series are costly to build), elsewhere */
  need[PREC_DOUBLE] = misses(&c[0], &s, &ref, PREC_DOUBLE, &near, &far);
  need[PREC_FLOAT] = misses(&c[0], &s, &ref, PREC_FLOAT, &near, &far);
  if (ref.hard >= HARD_MAX || (!need[PREC_DOUBLE] && !need[PREC_FLOAT])) {   /* unmeasurable, or fine */
    reference_free(&ref);
    return;
  }
  add_form(c, &nc, dd_quotients(out), "quotients in double-double", 0, 0, FORM_AS_BUILT);
  if (far) {
    Node *tp = tail_in_reciprocal(out, 1);
    Node *tn = tail_in_reciprocal(out, -1);
    add(c, &nc, tp, "tail in 1/x", 1, 0);
    add(c, &nc, tn, "tail in 1/x", -1, 0);
    if (tp) add_form(c, &nc, dd_quotients_tail(simplify(tp)), "tail in 1/x in double-double", 1, 0, FORM_AS_BUILT);
    if (tn) add_form(c, &nc, dd_quotients_tail(simplify(tn)), "tail in 1/x in double-double", -1, 0, FORM_AS_BUILT);
  }
  add(c, &nc, tail_log_products(out), "products in log space", 0, 0);
  /* where polynomials cancel near their roots and small minima (beyond,
   * their leading terms dominate and the forms in 1/x serve) */
  add_form(c, &nc, compensate_polynomials(out), "polynomials compensated", 0, POLY_RADIUS, FORM_AS_BUILT);
  add_form(c, &nc, dd_polynomials(out), "polynomials in double-double", 0, POLY_RADIUS, FORM_AS_BUILT);
  add_form(c, &nc, one_denominator(out, NULL), "over one denominator", 0, QUOTIENT_RADIUS, FORM_AS_BUILT);
  add_form(c, &nc, one_denominator(out, s.theta), "roots rationalized", 0, 0, FORM_AS_BUILT);
  add_form(c, &nc, dd_kinks(out), "signs in double-double", 0, 0, FORM_AS_BUILT);
  add(c, &nc, tail_logs(out), "logs in log space", 0, 0);
  add(c, &nc, log1p_forms(out, s.theta), "logs as log1p", 0, 0);
  if (near) add(c, &nc, cancel_centred(out, s.theta), "sigmoid and softplus about 0", 0, 0);
  add(c, &nc, expm1_forms(out, s.theta), "exponentials as expm1", 0, 0);
  add_form(c, &nc, trig_square_forms(out, s.theta), "sin cos as a square", 0, 0, FORM_PERIODIC);
  if (far) {
    add(c, &nc, tail_zero_products(out), "products 0 where 0 * inf", 0, 0);
    add(c, &nc, tail_exp_scaled(out, 1, s.theta), "scaled by its largest exponential", 1, 0);
    add(c, &nc, tail_exp_scaled(out, -1, s.theta), "scaled by its largest exponential", -1, 0);
  }
  /* Orders 9 and up reach double's precision further out (sinc's df/dx
   * was 73 ULP off at x = -0.09 beyond order 5's radius, and 6.8 at 0.73
   * beyond order 13's, where its closed form still cancels; 17 and 21 take
   * it to 1), but the derivatives of a large output grow past the DAG's
   * limits: only for small ones. */
  static const int orders[] = {2, 5, 9, 13, 17, 21};
  enum { NORDERS = sizeof orders / sizeof *orders };
  char *seen = heap_alloc((size_t)out->id + 1);
  int norders = dag_count_ops(&out, 1) <= SERIES_SMALL_OPS && largest_power(out, seen) <= SERIES_MAX_POWER ? NORDERS : 2;
  free(seen);
  for (int side = -1; side <= 1 && near; side += 2) {
    Node *coef[SERIES_MAX_ORDER];
    series_tie_theta(s.theta);
    int have = series_coefficients(out, orders[norders - 1], side, coef);
    if (have <= orders[0] && norders > 2) have = series_coefficients(out, orders[1], side, coef);   /* a Laurent series may fail only high */
    series_tie_theta(NULL);
    for (int j = 0; j < norders && orders[j] < have; j++) {
      static char names[NORDERS][48];
      char *name = names[j];
      snprintf(name, sizeof names[0], "Taylor series of order %d at 0", orders[j]);
      add_form(c, &nc, series_polynomial(coef, orders[j]), name, side, 1, FORM_SERIES);
    }
  }
  for (int side = 1; side >= -1 && far; side -= 2) {   /* after the series, which keep their places */
    Node *cancelled = cancel_terms(out, side, s.theta);
    add(c, &nc, cancelled, "like terms cancelled", side, 0);
    /* what is left may be a vanishing factor times a finite one: x sigmoid(-x) */
    if (cancelled) add(c, &nc, tail_log_products(simplify(cancelled)), "like terms cancelled, products in log space", side, 0);
  }
  if (!measure_added(c, 1, nc, &s, &ref)) return;
  /* Second stage, only where every form so far still fails far out (by 4
   * binades beyond the target at some point, in a precision that needs
   * it): the expansions at infinity (costlier to build: a series of the
   * scaled form). */
  int still = 0;
  for (int i = 0; i < s.n && !still; i++)
    for (int p = 0; p < 2; p++) {
      still |= need[p] && fabs(s.x[i]) >= 1 && best_cost(c, nc, p, i) > 1;
    }
  if (still) {
    int first = nc;
    static const int asym[] = {4, 8};
    for (int side = -1; side <= 1; side += 2)
      for (int j = 0; j < 2; j++) {
        static char names[2][48];
        snprintf(names[j], sizeof names[j], "series of order %d in 1/x", asym[j]);
        add(c, &nc, tail_asymptotic(out, side, asym[j]), names[j], side, 0);
      }
    if (!measure_added(c, first, nc, &s, &ref)) return;
  }
  /* Third stage, only where some point misses the double aim (2 ULP) in
   * every form so far: the whole output in double-double, its
   * exponentials, logs and erf too (dd_transcend.c): softclip's df/dk, whose terms cancel across
   * its sigmoids and log. About 430 operations an exponential, 500 an
   * erf: the double kernels call such a region's form only where x is in
   * it (emit_arms.c), so gelu's double f and df/dx take it below x = -0.42
   * and -7.6e-8 (1.5 -> 0.85 and 1.7 -> 0.52 ULP, and 3 to 4 times the
   * time for x in [-6, 6]). Its pow(2, k) is exact in the C library, not
   * in the float kernels' layer: for the double kernels only. */
  int misses_double = 0;
  for (int i = 0; i < s.n && need[PREC_DOUBLE] && !misses_double; i++) misses_double = best_cost(c, nc, PREC_DOUBLE, i) > 0.5;
  if (misses_double) {
    int first = nc;
    add_form(c, &nc, dd_transcendental(out), "whole in double-double, exp and log too", 0, 0, FORM_DD_FUNCTIONS);
    if (!measure_added(c, first, nc, &s, &ref)) return;
  }
  if (getenv("ACTGEN_TRACE_STABILIZE")) {   /* a debugging aid: the candidates (and their forms) and every cost */
    for (int k = 0; k < nc; k++) {
      fprintf(stderr, "candidate %d: %s, side %d\n", k, c[k].name, c[k].side);
      if (getenv("ACTGEN_TRACE_FORMS")) dag_print(stderr, c[k].dag, NULL);
    }
    for (int i = 0; i < s.n; i++) {
      fprintf(stderr, "%-24.17g", s.x[i]);
      for (int k = 0; k < nc; k++) fprintf(stderr, " %9.3g/%-9.3g", c[k].cost[PREC_DOUBLE][i], c[k].cost[PREC_FLOAT][i]);
      fprintf(stderr, "\n");
    }
  }
  /* With the double-double form among the candidates, the double choice
   * aims at 1 ULP instead of 2: such an output is off by more than 2 in
   * every other form at some point of the sample, and between the
   * sample's points by more (erfact's df/dx: 2.4 ULP at the sample's
   * points near x = -2, 4.6 at -2.73 with `actgen check`'s 1500 samples,
   * which the aim at 2 did not pay two region switches to fix: now 1.2;
   * swish's df/dbeta 3.1 -> 0.91 at 1500 samples). The price is the
   * double kernels' time in those regions (erfact's double backward 83
   * -> 334 ns/element for x in [-6, 6], swish's 62 -> 440). */
  for (int p = 0; p < 2; p++) {
    double aim = p == PREC_DOUBLE && misses_double ? 1 : regions_aim[p];
    Node *f = need[p] ? choose_form(c, nc, &s, &ref, written, which, p, aim, &note[p]) : NULL;
    /* The double model (measure.c) can put a region where the figures as
     * measured then refuse the joined form whole, tails and all (x/sqrt(1
     * + a x^2)'s df/da lost its tails in 1/x and was NaN past 1e154): then
     * the choice is made again on the errors measured alone. */
    if (!f && need[p] && p == PREC_DOUBLE && refused) {
      measure_double_model(0);
      for (int k = 0; k < nc; k++) measure(&c[k], &s, &ref, 0);
      f = choose_form(c, nc, &s, &ref, written, which, p, aim, &note[p]);
      measure_double_model(1);
    }
    if (f) form[p] = f;
  }
  reference_free(&ref);
}

void stabilize(Activation *a) {
  int K = a->ntheta, n = 2 * (K + 2);
  a->notes = xalloc(sizeof(char *) * (size_t)n);
  memset(a->notes, 0, sizeof(char *) * (size_t)n);   /* the arena does not zero */
  a->ff = a->fdfdx = NULL;
  a->fdtheta = NULL;
  if (K > 64) return;
  static Sample s;
  sample_init(&s, a);
  Node *form[2];
  char *note[2];
  for (int r = -2; r < K; r++) {
    Node **out = r == -2 ? &a->f : r == -1 ? &a->dfdx : &a->dtheta[r];
    if (getenv("ACTGEN_TRACE_STABILIZE")) fprintf(stderr, "== output %d\n", r);
    stabilize_output(&s, a->written, r == -2 ? ORACLE_VALUE : r == -1 ? ORACLE_DX : r, *out, form, note);
    *out = form[PREC_DOUBLE];
    a->notes[r + 2] = note[PREC_DOUBLE];
    a->notes[K + 2 + r + 2] = note[PREC_FLOAT];
    Node *ff = form[PREC_FLOAT] != form[PREC_DOUBLE] ? form[PREC_FLOAT] : NULL;
    if (r == -2) a->ff = ff;
    else if (r == -1) a->fdfdx = ff;
    else if (ff) {
      if (!a->fdtheta) {
        a->fdtheta = xalloc(sizeof(Node *) * (size_t)K);
        memset(a->fdtheta, 0, sizeof(Node *) * (size_t)K);
      }
      a->fdtheta[r] = ff;
    }
  }
}
