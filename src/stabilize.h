/* stabilize.h — the stabilizer stage and the pieces it is made of.
 *
 * stabilize() (stabilize.c) rewrites f, df/dx and every df/dtheta_k of an
 * activation into the candidate form, per region of x, whose error the
 * MPFR oracle measures smallest on a fixed sample (measure.c). The
 * candidates come from tail.c (forms scaled by powers of 1/x beyond a
 * threshold, and products taken in log space), cancel.c (sums whose like
 * terms cancel exactly) and series.c (Taylor polynomials around 0 with
 * coefficients that stay functions of theta; series_laurent.c where the
 * derivatives divide by 0 at 0), among others (below).
 */
#ifndef ACTGEN_STABILIZE_H
#define ACTGEN_STABILIZE_H

#include <stdio.h>
#include "module.h"

/* The stage: replaces a->f, a->dfdx and a->dtheta[k] by the forms chosen
 * for the double kernels, sets a->ff, a->fdfdx and a->fdtheta[k] to those
 * chosen for the float kernels where they differ (else NULL), and
 * a->notes[] (see module.h). */
void stabilize(Activation *a);

/* calloc, or die: memory the stabilizer frees (xalloc's arena never does). */
void *heap_alloc(size_t size);

/* ---- measure.c: the fixed sample, the oracle's references, IEEE values ---- */

/* The fixed sample, the points added next to roots, kinks and the worst
 * points, and the bisection's: at 512 the bisection ran out of points
 * and put hp1's df/dd1[2] boundary at 4.7e62, past where the simplified
 * form overflows (inf at 4.4e62). */
enum { MEASURE_MAX_POINTS = 1024 };

typedef struct Sample {
  int n;
  double x[MEASURE_MAX_POINTS];    /* increasing, then the points added later */
  char dense[MEASURE_MAX_POINTS];  /* added around a point of large error (stabilize.c) */
  double theta[64];                /* theta at its initial values, rounded to double */
  int ntheta;
} Sample;

/* The reference of one output at every point of a sample: ok[i] = 0 where
 * the oracle could not settle it within its precision cap. */
/* After HARD_MAX points of one output that the compiler's DAG could not
 * settle (each then goes to the costly fallback, the form as written up to
 * 8192 bits), the output is not measured further and stays as simplified:
 * constants that are exactly zero without being rational (cosh(u)^2 -
 * sinh(u)^2 - 1) make every point hard, and the compile must stay fast. */
enum { HARD_MAX = 320 };

typedef struct Reference {
  int n, hard;       /* hard: points that needed the fallback */
  int signed_zero;   /* f: an exact zero must come out with its sign */
  char ok[MEASURE_MAX_POINTS];
  void *val, *scale;               /* mpfr_t arrays: X and S = |X| + |x dX/dx| */
} Reference;

void sample_init(Sample *s, const Activation *a);
/* theta[0 .. n) = a's initial values (0 where a learn item has none) */
void theta_initial(const Activation *a, double *theta, int n);
/* Append extra points (skipping those already there); returns how many were new. */
int sample_add(Sample *s, const double *x, int n);
/* The same with the doubles themselves, also where float has a point near. */
int sample_add_exact(Sample *s, const double *x, int n);
/* which: ORACLE_VALUE (f), ORACLE_DX (df/dx) or k (df/dtheta_k) of the
 * activation as written; output is the compiler's DAG of that output. */
void reference_compute(Reference *r, const Node *written, int which, const Node *output, const Sample *s, int from);
void reference_free(Reference *r);
/* Whether point i's reference is 0 or below double's smallest normal. */
int reference_tiny(const Reference *r, int i);
/* Whether point i's reference is settled and 0 or below double's smallest
 * normal (a finite value: not NaN, not inf). */
int reference_underflows(const Reference *r, int i);
/* ---- sample_points.c: the points added for one output ---- */

/* Points next to the roots of output between neighbouring points of the
 * sample (with their references); returns how many were added. */
int sample_add_roots(Sample *s, Reference *r, const Node *written, int which, const Node *output);
/* Points next to the roots of the arguments of sign in output (the
 * doubles on both sides), with their references; how many were added. */
int sample_add_kinks(Sample *s, Reference *r, const Node *written, int which, const Node *output);
/* Points between 250 and 600 on both sides (references included) for an
 * output that holds an exponential-type function: where cosh(u)^2 or
 * e^(2u) overflows while the value, a product with a vanishing factor, is
 * an ordinary number or a subnormal (x tanh(softplus(bx))'s df/db at x =
 * 300), a band the fixed sample has no point in. Returns how many. */
int sample_add_overflow_band(Sample *s, Reference *r, const Node *written, int which, const Node *output);

/* ---- measure.c (continued) ---- */

/* The cost of candidate c at the points from `from` on, per precision
 * (SPEC §4's scaled error): costd[i] = double error / 4, costf[i] = float
 * error / 0.51 at the points that are floats (0 at the others: the float
 * kernels never see them); +inf for NaN or inf where the reference is
 * finite, and where |x| > radius unless radius is 0. Points without a
 * reference cost 0. The double cost is also the error that moving c's
 * roundings estimates (measure.c), except in the nodes of exact_forms[0 ..
 * nexact) that are not the plain form's: the steps of error-free
 * transformations, which capture the moves of the ordinary steps they
 * compensate, as they capture their roundings, but are themselves exact
 * only as they are. costd_measured (unless NULL) gets the double cost
 * measured alone. */
void measure_costs(const Node *c, const Sample *s, const Reference *r, int from, double radius, double *costd,
                   double *costf, const Node *const *exact_forms, int nexact, const Node *plain,
                   double *costd_measured);
/* Whether measure_costs' double costs include the model (1, the default). */
void measure_double_model(int on);

/* The IEEE double value of n at x, as the generated kernels compute it
 * (ieee_eval.c: the interpreter measure_costs uses), for callers that
 * evaluate one DAG at many points: built once, evaluated at each x, freed. */
typedef struct MeasureFn MeasureFn;
MeasureFn *measure_fn(const Node *n);
double measure_at(MeasureFn *f, double x, const double *theta);
/* The same at x[0 .. n), into y (LANES points per pass: much faster). */
void measure_many(MeasureFn *f, const double *x, int n, const double *theta, double *y);
void measure_fn_free(MeasureFn *f);
/* The sign changes of f on a grid of steps intervals over [a, b], each
 * narrowed by bisection to adjacent doubles: writes the lower of each pair
 * to lo[], at most max; returns how many. */
int measure_sign_changes(MeasureFn *f, const double *theta, double a, double b, int steps, double *lo, int max);

/* ---- tail.c: forms for large |x| ---- */

/* n scaled by powers of 1/x on the side sign(x) = side (+1 or -1), or NULL
 * where n is not made of operations that scale (rational arithmetic, abs,
 * sign, sqrt, hypot, functions of a bounded operand). */
Node *tail_in_reciprocal(Node *n, int side);
/* The same pair expanded as a series of the given order in 1/x at infinity. */
Node *tail_asymptotic(Node *n, int side, int order);
/* n as m e^(lambda x) for x toward side * infinity (sums of exponentials
 * scaled by the dominant one, whose choice is made at theta = theta0), or
 * NULL where n is not made of operations that scale so. */
Node *tail_exp_scaled(Node *n, int side, const double *theta0);
/* n = lambda x + c with lambda, c free of x: returns 1 and sets them. */
int tail_linear(Node *n, Node **lambda, Node **c);
/* Whether n = lambda x exactly (0 at x = 0 whatever theta). */
int tail_through_zero(const Node *n);
/* The value of an x-free DAG at theta = theta0 (64 bits, rounded to double). */
double tail_value_at(const double *theta0, Node *n);

/* ---- double_double.c: forms in double-double pairs ---- */

/* hi and lo with a = hi + lo, hi of 26 bits (Dekker). */
void dd_split(Node *a, Node **hi, Node **lo);
/* a * b - fl(a * b), exactly, given p = fl(a * b) and b's split. */
Node *dd_two_prod_err(Node *a, Node *p, Node *bh, Node *bl);
/* a + b - s, exactly, given s = fl(a + b) (Knuth). */
Node *dd_two_sum_err(Node *a, Node *b, Node *s);
/* The radicand of a root: u for sqrt(u), a^2 + b^2 for hypot(a, b); NULL
 * for anything else. */
Node *dd_radicand(Node *n);
/* n with every sum that is a polynomial tree in x (sums, products, powers
 * of x and of what does not depend on x) evaluated in double-double and
 * rounded once, or NULL when it has none. */
Node *dd_polynomials(Node *n);
/* n with the polynomial under each abs and sign in double-double, rounded
 * once (the sign of the exact polynomial next to its roots), or NULL when
 * there is none. */
Node *dd_kinks(Node *n);
/* n in pairs (sums, products, powers, negations; the rest are atoms),
 * rounded once. */
Node *dd_round(Node *n);
/* n whole in pairs (sums, products, powers, quotients, abs, sign, selects
 * of x), rounded once, or NULL when it is not such a tree or has no
 * quotient. */
Node *dd_quotients(Node *n);
/* The same for a tail in 1/x, where 1/x itself stays one double. */
Node *dd_quotients_tail(Node *n);
/* n whole in pairs as dd_quotients, and its exponentials, logs, sigmoids,
 * softpluses, tanh and cosh too (dd_transcend.c), rounded once, or NULL
 * when it is not such a tree or has none of those functions. */
Node *dd_transcendental(Node *n);

/* A value as an unevaluated sum hi + lo of two doubles (lo NULL: exactly
 * 0), and the arithmetic of such pairs that double_double.c and
 * dd_transcend.c share. */
typedef struct Pair {
  Node *hi, *lo;
} Pair;
Pair dd_pair_add(Pair a, Pair b);
Pair dd_pair_mul(Pair a, Pair b);
Pair dd_pair_div(Pair a, Pair b);
/* A rational constant as its nearest double and the rounded rest. */
Pair dd_pair_const(Node *n);

/* ---- dd_transcend.c: functions of pairs, to about 2^-100 ---- */
/* A constant node (no x, no theta) as the pair of its value correctly
 * rounded and the rest correctly rounded (the oracle's): the error-free
 * steps of a pair fold in exact arithmetic where every operand is a
 * constant, and lose the rest. */
Pair dd_pair_exact(Node *n);
/* Whether dd_pair_function knows op: EXP, EXPM1, LOG, LOG1P, SIGMOID,
 * SOFTPLUS, TANH, COSH, ERF, ERFC. */
int dd_function_known(int op);
/* op of a pair; hi NULL for an op it does not know. */
Pair dd_pair_function(int op, Pair a);

/* ---- compensate.c ---- */

/* The terms of the sum n (sums, differences and negations; negated when
 * neg) appended to t[*nt..], negs[i] set where a term is subtracted; 0
 * when there would be more than max. */
int sum_flatten(Node *n, int neg, Node **t, int *negs, int *nt, int max);

/* n with every Horner chain of at least three coefficients evaluated by
 * compensated Horner (error-free transformations, no fma), or NULL when
 * it has none. */
Node *compensate_polynomials(Node *n);
/* n as one quotient N / D where a sum in n joins quotients (D a product of
 * their denominators' factors), N in double-double and rounded once, or
 * NULL when no sum joins quotients. With roots (theta's initial values),
 * where N is a sum T + A with a root of x in T, as (T^2 - A^2) / ((T - A) D)
 * instead, T^2 - A^2 with its like terms cancelled (NULL when N is no such
 * sum). Selects' branches are rewritten apart. */
Node *one_denominator(Node *n, const double *roots);

/* ---- regions.c ---- */

enum { PREC_DOUBLE, PREC_FLOAT, MAX_REGIONS = 7, MAX_CANDIDATES = 24 };

/* How stabilize.c's add_form() takes a candidate: simplified (most), as
 * built (double_double.c's error-free transformations, whose sums
 * simplify's Horner rule would regroup: (t - (t - a)) and the like are
 * exact only as written), a Taylor series (simplified; prefer() favours it
 * at a tie), or a rewrite of a cancellation that recurs in every period of
 * a sine (simplified; regions.c charges it nothing where it ties: the
 * sample meets a few of the periods' zeros, not all), or a whole output in
 * double-double with its exponentials and logs (dd_transcend.c: as built,
 * for the double kernels only, and larger than the others may be). */
enum { FORM_PLAIN, FORM_AS_BUILT, FORM_SERIES, FORM_PERIODIC, FORM_DD_FUNCTIONS };

/* A form the stabilizer measured, and its cost at each sample point per
 * precision: its scaled error over regions_target[prec]. */
typedef struct Candidate {
  Node *dag;
  const char *name;
  int side;          /* +-1: made for sign(x) = side only; 0: anywhere */
  double radius;     /* used only where |x| <= radius (0: anywhere) */
  int kind;          /* FORM_* */
  int upto;          /* its costs hold for the sample's points below this */
  double cost[2][MEASURE_MAX_POINTS];   /* per precision: PREC_DOUBLE, PREC_FLOAT */
} Candidate;

/* The targets, double 4 and float 0.51 ULP: costs are errors over these. */
extern const double regions_target[2];
/* What the choice aims at, in ULP: half the target for double, the target
 * for float (stabilize.c aims the double choice at 1 where the
 * double-double form is a candidate). */
extern const double regions_aim[2];
/* A cost of precision prec in quarter binades above the aim (0 within it). */
int regions_excess(double cost, int prec, double aim);
/* Whether the figures `actgen check` compares (max, sum, counts above 0.5
 * and 1 ULP) of costs a over n points are nowhere worse than b's. */
int regions_no_figure_worse(const double *a, const double *b, int n, int prec);
/* The best assignment of candidates to the n points order[0..n) (indices
 * into s, in increasing x): choice[j] for order[j]. Returns the number of
 * regions. */
int regions_choose(const Candidate *c, int nc, const Sample *s, const Reference *ref, const int *order, int n, int *choice,
                   int prec, double aim);

/* ---- probes.c ---- */

enum { MAX_PROBES = 16 };
/* Up to MAX_PROBES points (written to out) of a fixed set of probes over
 * the whole line where a candidate allowed there and the one choice[]
 * gives them (for the n points order[], as regions_choose made it) differ
 * in IEEE arithmetic by more than a few ulps of precision prec, the
 * largest differences first. */
int probe_disagreements(const Candidate *c, int nc, const Sample *s, const int *order, const int *choice, int n,
                        int prec, double *out);

/* ---- log1p_forms.c ---- */

/* n with each log of a sum of constants and terms c e^(lambda x) as
 * log(S0) + log1p(D / S0) (S0 its value at x = 0, D the sum of
 * c expm1(lambda x)), like terms cancelled (cancel_terms at theta0), or
 * NULL when n has none. */
Node *log1p_forms(Node *n, const double *theta0);

/* n with each sum of constants and terms c e^u (and others) whose
 * constants and c cancel at theta0 as S0 + sum of c expm1(u) (+ the
 * others), or NULL when n has none. */
Node *expm1_forms(Node *n, const double *theta0);

/* n with at(r, ctx) applied to each node r that has x, operands first,
 * each node once: at returns r's replacement, or NULL to keep r. NULL when
 * at replaced nothing. (log1p_forms.c; trig_square.c uses it too.) */
Node *rewrite_bottom_up(Node *n, Node *(*at)(Node *r, const void *ctx), const void *ctx);

/* ---- trig_square.c: c + k sin(u) cos(u) as c (sin u +- cos u)^2 + (k -+ 2c) sin(u) cos(u) ---- */

/* n with such sums written as squares (snake's 1 + 2 sin(ax) cos(ax),
 * which cancels where sin(ax) = -cos(ax)), or NULL when it has none. */
Node *trig_square_forms(Node *n, const double *theta0);

/* ---- cancel.c ---- */

/* n as a sum of monomials in x, theta and its calls with like terms
 * merged, sigmoid and softplus of arguments that grow toward side
 * (sign(x) = side, at theta0) as 1 - sigmoid(-u) and u + softplus(-u);
 * NULL when it would be too large. */
Node *cancel_terms(Node *n, int side, const double *theta0);
/* The same with sigmoid and softplus of arguments u = lambda x written
 * about their values at 0: 1/2 + tanh(u/2)/2 and log 2 + u/2 +
 * log cosh(u/2); NULL when n has none or would be too large. */
Node *cancel_centred(Node *n, const double *theta0);

/* ---- log_space.c ---- */

/* n with every product that holds an exponential-type factor computed as
 * sign * exp(sum of logs), or NULL when n has no such product. */
Node *tail_log_products(Node *n);

/* n with every log of an exponential, a sigmoid, 1 + e^w, e^a + e^b or a
 * product of them written in log space (log sigmoid(x) = -softplus(-x)),
 * or NULL when n has no such log. */
Node *tail_logs(Node *n);
/* n with every product of two factors that depend on x made 0 where it
 * is 0 * inf (NaN) and one factor is 0, or NULL when n has no such product. */
Node *tail_zero_products(Node *n);

/* ---- series.c: Taylor polynomials around 0 ---- */

/* The Taylor coefficients coef[0..] of n around x = 0 approached from the
 * side sign(x) = side, symbolic in theta (the compiler's own derivatives
 * at 0): returns how many could be built (at most order + 1). */
enum { SERIES_MAX_ORDER = 24 };
int series_coefficients(Node *n, int order, int side, Node **coef);
/* theta0 for series_coefficients' tests that tie at x = 0 (NULL: none). */
void series_tie_theta(const double *theta0);
/* The same coefficients by series arithmetic (series_laurent.c), for an
 * output whose derivatives divide by 0 at x = 0 although it is finite
 * there (sin(x)/x); 0 when it has a pole or cannot be expanded. */
int series_laurent(Node *n, int order, int side, Node **coef);
/* Whether a coefficient (free of x) is 0 for every finite theta, by
 * MPFR at 256 bits where simplify() cannot tell (theta - theta,
 * softplus(0) - log 2). */
int series_vanishes(Node *c);
/* Whether one of coef[0..count) divides by an exact 0. */
int series_has_pole(Node *const *coef, int count);
/* coef[0] + x (coef[1] + x (... coef[order])) */
Node *series_polynomial(Node *const *coef, int order);

/* A DAG with x replaced by a constant, conditions on x decided as at
 * x = side * tiny (shared by series.c and tail.c). NULL when a condition
 * cannot be decided. */
Node *substitute_x(Node *n, Node *value, int side);

#endif
