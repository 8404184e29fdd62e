/* fit_lawson.c — the coefficients of the math layer's erf, erfc, tanh,
 * atan, sin and cos (templates/math/), fitted here and pasted there.
 *
 * Each fit is a polynomial P(t) or a rational P(t)/(1 + t Q(t)) in one
 * variable t on an interval, fitted to a target g(t) under a weight w(t)
 * chosen so that w(t)|approx(t) - g(t)| is the relative error of what the
 * template finally returns (see each target). The rationals have P(0) = 1
 * fixed (erfcx 0 = 1, so erfc 0 = 1 exactly; tanh(a)/a and, scaled,
 * erf(a)/a are 1 at 0).
 *
 * Method. Lawson's iteratively reweighted least squares: on NPTS Chebyshev
 * nodes the weighted linear least-squares problem is solved, then each
 * node's weight is multiplied by its error, which drives the fit toward the
 * minimax (equioscillating) one. A rational is linearised as in
 * Sanathanan-Koerner: the residual P(t) - g(t)(1 + t Q(t)) is divided by
 * the previous iterate's denominator. The targets are computed with GNU
 * MPFR at 320 bits and the normal equations are formed and solved (Gauss,
 * partial pivoting) at that precision, so the monomial basis's bad
 * conditioning (27.3^17 for erfc) does no harm; tools/fit_math.c's Remez
 * exchange runs in long double, which does not reach sin's 2^-56 nor fit
 * rationals. The best iterate (smallest maximum error) is rounded to double
 * and its error measured again on a dense grid with the double
 * coefficients, exactly (in MPFR). Deterministic: no randomness.
 *
 * Usage: fit_lawson NAME  (sin cos atan erf erfc tanh), or
 *        fit_lawson NAME NP NQ [LO HI] to explore other degrees.
 * Prints the errors and the Horner lines of the template.
 */
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PREC = 320, NPTS = 1500, NDENSE = 40000, ITERS = 80, MAXC = 40 };

/* g(t) and w(t) for one target at t. */
typedef void (*target_fn)(mpfr_t g, mpfr_t w, const mpfr_t t);

/* sin(r) = r + r z S(z), z = r^2: S(z) = (sin(r)/r - 1)/z, relative error
 * of sin is z |dS| / (sin(r)/r). Likewise atan(u) = u + u z A(z). */
static void odd_m1(mpfr_t g, mpfr_t w, const mpfr_t z,
                   int (*f)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t))
{
    mpfr_t r, s;
    mpfr_inits2(PREC, r, s, (mpfr_ptr)0);
    mpfr_sqrt(r, z, MPFR_RNDN);
    f(s, r, MPFR_RNDN);
    mpfr_div(s, s, r, MPFR_RNDN);        /* f(r)/r */
    mpfr_sub_ui(g, s, 1, MPFR_RNDN);
    mpfr_div(g, g, z, MPFR_RNDN);
    mpfr_div(w, z, s, MPFR_RNDN);
    mpfr_clears(r, s, (mpfr_ptr)0);
}

static void t_sin(mpfr_t g, mpfr_t w, const mpfr_t z) { odd_m1(g, w, z, mpfr_sin); }
static void t_atan(mpfr_t g, mpfr_t w, const mpfr_t z) { odd_m1(g, w, z, mpfr_atan); }

/* cos(r) = 1 + z C(z): C(z) = (cos(r) - 1)/z, relative error z |dC| / cos r. */
static void t_cos(mpfr_t g, mpfr_t w, const mpfr_t z)
{
    mpfr_t r, c;
    mpfr_inits2(PREC, r, c, (mpfr_ptr)0);
    mpfr_sqrt(r, z, MPFR_RNDN);
    mpfr_cos(c, r, MPFR_RNDN);
    mpfr_sub_ui(g, c, 1, MPFR_RNDN);
    mpfr_div(g, g, z, MPFR_RNDN);
    mpfr_div(w, z, c, MPFR_RNDN);
    mpfr_clears(r, c, (mpfr_ptr)0);
}

/* erf(a) = (2/sqrt(pi)) a E(z), z = a^2: E(z) = erf(a)/a / (2/sqrt(pi)),
 * E(0) = 1, relative error |dE| / E. The template's P is E's numerator
 * times 2/sqrt(pi) (scalep), so that erf of tiny x is 2x/sqrt(pi) rounded:
 * a P(0) 2^-46 off would miss subnormal results by several ulps. */
static void t_erf(mpfr_t g, mpfr_t w, const mpfr_t z)
{
    mpfr_t a, k;
    mpfr_inits2(PREC, a, k, (mpfr_ptr)0);
    mpfr_const_pi(k, MPFR_RNDN);
    mpfr_sqrt(k, k, MPFR_RNDN);
    mpfr_ui_div(k, 2, k, MPFR_RNDN);
    mpfr_sqrt(a, z, MPFR_RNDN);
    if (mpfr_zero_p(a)) {
        mpfr_set_ui(g, 1, MPFR_RNDN);
    } else {
        mpfr_erf(g, a, MPFR_RNDN);
        mpfr_div(g, g, a, MPFR_RNDN);
        mpfr_div(g, g, k, MPFR_RNDN);
    }
    mpfr_ui_div(w, 1, g, MPFR_RNDN);
    mpfr_clears(a, k, (mpfr_ptr)0);
}

/* tanh(a) = a T(z), z = a^2: T(z) = tanh(a)/a, relative error |dT| / T. */
static void t_tanh(mpfr_t g, mpfr_t w, const mpfr_t z)
{
    mpfr_t a;
    mpfr_init2(a, PREC);
    mpfr_sqrt(a, z, MPFR_RNDN);
    if (mpfr_zero_p(a)) {
        mpfr_set_ui(g, 1, MPFR_RNDN);
    } else {
        mpfr_tanh(g, a, MPFR_RNDN);
        mpfr_div(g, g, a, MPFR_RNDN);
    }
    mpfr_ui_div(w, 1, g, MPFR_RNDN);
    mpfr_clear(a);
}

/* erfc(a) = e^(-a^2) R(a), R = erfcx: relative error of erfc |dR| / R. */
static void t_erfc(mpfr_t g, mpfr_t w, const mpfr_t a)
{
    mpfr_t e;
    mpfr_init2(e, PREC);
    mpfr_erfc(g, a, MPFR_RNDN);
    mpfr_sqr(e, a, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_mul(g, g, e, MPFR_RNDN);
    mpfr_ui_div(w, 1, g, MPFR_RNDN);
    mpfr_clear(e);
}

static const struct target {
    const char *name;
    target_fn f;
    double lo, hi;      /* interval */
    int np, nq, fix0;   /* degrees; P(0) = 1 fixed */
    const char *v;      /* the template's variable names: result, argument */
    int scalep;         /* print P times 2/sqrt(pi) (erf) */
} targets[] = {
    { "sin",  t_sin,  0, 0.6170,  4, 0, 0, "sz", 0 },   /* (pi/4 + 2^-8)^2 */
    { "cos",  t_cos,  0, 0.6170,  5, 0, 0, "cz", 0 },
    { "atan", t_atan, 0, 0.17158, 7, 0, 0, "pz", 0 },   /* tan(pi/8)^2 = 0.171573 */
    { "erf",  t_erf,  0, 31.36,   10, 10, 1, "pz", 1 },  /* z = a^2 <= 5.6^2 */
    { "erfc", t_erfc, 0, 27.3,    8, 9, 1, "pa", 0 },
    { "tanh", t_tanh, 0, 342.25,  8, 8, 1, "pz", 0 },   /* z = a^2 <= 18.5^2 */
};

static int np, nq, nc, off;          /* degrees, unknowns, P(0) fixed */
static target_fn tf;
static mpfr_t tt[NPTS], gg[NPTS], ww[NPTS];
static double lw[NPTS], qold[NPTS];

/* value of P/(1 + t Q) at t with coefficients c[] = p_0..p_np, q_1..q_nq. */
static void eval_mp(mpfr_t v, mpfr_t c[], const mpfr_t t)
{
    mpfr_t p, q;
    mpfr_inits2(PREC, p, q, (mpfr_ptr)0);
    mpfr_set(p, c[np], MPFR_RNDN);
    for (int i = np - 1; i >= 0; i--) {
        mpfr_mul(p, p, t, MPFR_RNDN);
        mpfr_add(p, p, c[i], MPFR_RNDN);
    }
    mpfr_set_ui(q, 0, MPFR_RNDN);
    for (int j = nq; j >= 1; j--) {
        mpfr_add(q, q, c[np + j], MPFR_RNDN);
        mpfr_mul(q, q, t, MPFR_RNDN);
    }
    mpfr_add_ui(q, q, 1, MPFR_RNDN);
    mpfr_div(v, p, q, MPFR_RNDN);
    mpfr_clears(p, q, (mpfr_ptr)0);
}

/* Solve the weighted least-squares problem (normal equations) into c[off..]. */
static void solve(mpfr_t c[])
{
    static mpfr_t a[MAXC][MAXC + 1], row[MAXC + 1], tmp, s;
    static int init;
    if (!init) {
        for (int i = 0; i < MAXC; i++)
            for (int j = 0; j <= MAXC; j++) mpfr_init2(a[i][j], PREC);
        for (int j = 0; j <= MAXC; j++) mpfr_init2(row[j], PREC);
        mpfr_inits2(PREC, tmp, s, (mpfr_ptr)0);
        init = 1;
    }
    for (int i = 0; i < nc; i++)
        for (int j = 0; j <= nc; j++) mpfr_set_ui(a[i][j], 0, MPFR_RNDN);
    for (int k = 0; k < NPTS; k++) {
        /* unknowns p_off..p_np, q_1..q_nq (p_0 = 1 when off = 1): row
         * t^off..t^np, -g t^1..-g t^nq | rhs g - off; all scaled by s */
        mpfr_set_d(s, sqrt(lw[k]) / qold[k], MPFR_RNDN);
        mpfr_mul(s, s, ww[k], MPFR_RNDN);
        if (off) mpfr_mul(row[0], s, tt[k], MPFR_RNDN);
        else mpfr_set(row[0], s, MPFR_RNDN);
        for (int i = 1; i <= np - off; i++) mpfr_mul(row[i], row[i - 1], tt[k], MPFR_RNDN);
        mpfr_sub_ui(tmp, gg[k], off, MPFR_RNDN);
        mpfr_mul(row[nc], tmp, s, MPFR_RNDN);
        mpfr_mul(tmp, s, gg[k], MPFR_RNDN);
        for (int j = 1; j <= nq; j++) {
            mpfr_mul(tmp, tmp, tt[k], MPFR_RNDN);
            mpfr_neg(row[np - off + j], tmp, MPFR_RNDN);
        }
        for (int i = 0; i < nc; i++)
            for (int j = i; j <= nc; j++) {
                mpfr_mul(tmp, row[i], row[j], MPFR_RNDN);
                mpfr_add(a[i][j], a[i][j], tmp, MPFR_RNDN);
            }
    }
    for (int i = 0; i < nc; i++)
        for (int j = 0; j < i; j++) mpfr_set(a[i][j], a[j][i], MPFR_RNDN);
    for (int col = 0; col < nc; col++) {
        int piv = col;
        for (int i = col + 1; i < nc; i++)
            if (mpfr_cmpabs(a[i][col], a[piv][col]) > 0) piv = i;
        for (int j = 0; j <= nc; j++) mpfr_swap(a[col][j], a[piv][j]);
        for (int i = col + 1; i < nc; i++) {
            mpfr_div(s, a[i][col], a[col][col], MPFR_RNDN);
            for (int j = col; j <= nc; j++) {
                mpfr_mul(tmp, s, a[col][j], MPFR_RNDN);
                mpfr_sub(a[i][j], a[i][j], tmp, MPFR_RNDN);
            }
        }
    }
    for (int i = nc - 1; i >= 0; i--) {
        mpfr_set(s, a[i][nc], MPFR_RNDN);
        for (int j = i + 1; j < nc; j++) {
            mpfr_mul(tmp, a[i][j], c[j + off], MPFR_RNDN);
            mpfr_sub(s, s, tmp, MPFR_RNDN);
        }
        mpfr_div(c[i + off], s, a[i][i], MPFR_RNDN);
    }
}

/* Weighted error at t (mpfr) of coefficients c. */
static double werr(mpfr_t c[], const mpfr_t t, const mpfr_t g, const mpfr_t w)
{
    mpfr_t v;
    mpfr_init2(v, PREC);
    eval_mp(v, c, t);
    mpfr_sub(v, v, g, MPFR_RNDN);
    mpfr_mul(v, v, w, MPFR_RNDN);
    double e = mpfr_get_d(v, MPFR_RNDN);
    mpfr_clear(v);
    return e;
}

/* One Horner line: v = v * x + c, the sign folded into the operator. */
static void horner(char v, char x, double c, int first)
{
    if (first) printf("  %c = %a;\n", v, c);
    else printf("  %c = %c * %c %c %a;\n", v, v, x, c < 0 ? '-' : '+', fabs(c));
}

int main(int argc, char **argv)
{
    const struct target *tg = NULL;
    for (size_t i = 0; argc > 1 && i < sizeof targets / sizeof *targets; i++)
        if (!strcmp(argv[1], targets[i].name)) tg = &targets[i];
    if (!tg) {
        fprintf(stderr, "usage: fit_lawson NAME [NP NQ [LO HI]] (sin cos atan erf erfc tanh)\n");
        return 2;
    }
    tf = tg->f;
    off = tg->fix0;
    np = argc > 3 ? atoi(argv[2]) : tg->np;
    nq = argc > 3 ? atoi(argv[3]) : tg->nq;
    double lo = argc > 5 ? strtod(argv[4], NULL) : tg->lo;
    double hi = argc > 5 ? strtod(argv[5], NULL) : tg->hi;
    nc = np + 1 - off + nq;
    if (np < off || nq < 0 || np + nq + 1 > MAXC) return 2;

    mpfr_t c[MAXC], best[MAXC];
    for (int i = 0; i < MAXC; i++) { mpfr_init2(c[i], PREC); mpfr_init2(best[i], PREC); }
    mpfr_set_ui(c[0], 1, MPFR_RNDN);
    for (int k = 0; k < NPTS; k++) {
        mpfr_inits2(PREC, tt[k], gg[k], ww[k], (mpfr_ptr)0);
        double x = 0.5 * (lo + hi) - 0.5 * (hi - lo) * cos(3.14159265358979323846 * (k + 0.5) / NPTS);
        mpfr_set_d(tt[k], x, MPFR_RNDN);
        tf(gg[k], ww[k], tt[k]);
        lw[k] = 1.0 / NPTS;
        qold[k] = 1;
    }
    double bestmax = INFINITY;
    for (int it = 0; it < ITERS; it++) {
        solve(c);
        double mx = 0, sum = 0;
        for (int k = 0; k < NPTS; k++) {
            double e = fabs(werr(c, tt[k], gg[k], ww[k]));
            mpfr_t q;
            if (e > mx) mx = e;
            lw[k] *= e + 1e-300;
            sum += lw[k];
            mpfr_init2(q, PREC);
            mpfr_set_ui(q, 0, MPFR_RNDN);
            for (int j = nq; j >= 1; j--) {
                mpfr_add(q, q, c[np + j], MPFR_RNDN);
                mpfr_mul(q, q, tt[k], MPFR_RNDN);
            }
            mpfr_add_ui(q, q, 1, MPFR_RNDN);
            qold[k] = mpfr_get_d(q, MPFR_RNDN);
            mpfr_clear(q);
        }
        for (int k = 0; k < NPTS; k++) lw[k] /= sum;
        if (mx < bestmax) {
            bestmax = mx;
            for (int i = 0; i <= np + nq; i++) mpfr_set(best[i], c[i], MPFR_RNDN);
        }
    }
    /* round to double and measure on a dense grid, exactly */
    double cd[MAXC];
    mpfr_t k2;
    mpfr_init2(k2, PREC);
    mpfr_const_pi(k2, MPFR_RNDN);
    mpfr_sqrt(k2, k2, MPFR_RNDN);
    mpfr_ui_div(k2, 2, k2, MPFR_RNDN);
    for (int i = 0; i <= np + nq; i++) {
        int sc = tg->scalep && i <= np;
        if (sc) mpfr_mul(best[i], best[i], k2, MPFR_RNDN);
        cd[i] = mpfr_get_d(best[i], MPFR_RNDN);
        mpfr_set_d(c[i], cd[i], MPFR_RNDN);
        if (sc) mpfr_div(c[i], c[i], k2, MPFR_RNDN); /* measured against the unscaled target */
    }
    mpfr_clear(k2);
    double mx = 0, at = lo;
    mpfr_t t, g, w;
    mpfr_inits2(PREC, t, g, w, (mpfr_ptr)0);
    for (int k = 0; k <= NDENSE; k++) {
        double x = lo + (hi - lo) * k / NDENSE;
        if (x == 0) x = 1e-300;  /* the targets are 0/0 at 0 */
        mpfr_set_d(t, x, MPFR_RNDN);
        tf(g, w, t);
        double e = fabs(werr(c, t, g, w));
        if (e > mx) { mx = e; at = x; }
    }
    printf("  /* %s on [%g, %g], degree %d/%d: fit max 2^%.2f,\n"
           "   * with the double coefficients 2^%.2f at %.6g */\n",
           tg->name, lo, hi, np, nq, log2(bestmax), log2(mx), at);
    for (int i = np; i >= 0; i--) horner(tg->v[0], tg->v[1], cd[i], i == np);
    if (nq) {
        for (int j = nq; j >= 1; j--) horner('q', tg->v[1], cd[np + j], j == nq);
        horner('q', tg->v[1], 1.0, 0);
    }
    return 0;
}
