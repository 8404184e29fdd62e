/* fit_rational.c — the rational R(a) = P(a)/Q(a) ~ erfcx(a) = e^(a^2) erfc(a)
 * of templates/math/erfc.c (and so erf.c), on [0, 27.3].
 *
 * P has degree NP with P(0) = 1 fixed (erfcx 0 = 1, so erfc 0 = 1 exactly),
 * Q = 1 + a Q1(a) degree NQ; the weight 1/erfcx(a) makes the error relative.
 * (The layer's polynomials are fitted by tools/fit_math.c, a Remez exchange;
 * this one is a rational, which that exchange does not do.)
 *
 * Method. Lawson's iteratively reweighted least squares: on NPTS Chebyshev
 * nodes the weighted linear least-squares problem is solved, then each
 * node's weight is multiplied by its error, which drives the fit toward the
 * minimax (equioscillating) one. The rational is linearised as in
 * Sanathanan-Koerner: the residual P(a) - g(a) Q(a) is divided by the
 * previous iterate's Q. The target is computed with GNU MPFR at 320 bits
 * and the normal equations are formed and solved (Gauss, partial pivoting)
 * at that precision, so the monomial basis's bad conditioning (27.3^17) does
 * no harm. The best iterate (smallest maximum error) is rounded to double
 * and its error measured again on a dense grid with the double
 * coefficients, exactly (in MPFR). Deterministic: no randomness.
 *
 * Usage: fit_rational [NP NQ [LO HI]]  (default 8 9 0 27.3, the committed
 * fit). Prints the error and the Horner lines of templates/math/erfc.c.
 */
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PREC = 320, NPTS = 1500, NDENSE = 40000, ITERS = 80, MAXC = 40 };

/* g(t) and w(t) for one target at t. */
typedef void (*target_fn)(mpfr_t g, mpfr_t w, const mpfr_t t);

/* erfc(a) = exp(-a^2) R(a): R(a) = erfcx(a), relative error |dR| / R. */
static int for_erf; /* weight for erf.c instead of erfc.c */

static void t_erfcx(mpfr_t g, mpfr_t w, const mpfr_t a)
{
    mpfr_t e;
    mpfr_init2(e, PREC);
    mpfr_erfc(g, a, MPFR_RNDN);
    mpfr_sqr(e, a, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_mul(g, g, e, MPFR_RNDN);
    if (for_erf) { /* error of erf = 1 - e^(-a^2) R: e^(-a^2) |dR| / erf a */
        mpfr_erf(w, a, MPFR_RNDN);
        mpfr_mul(w, w, e, MPFR_RNDN);
        mpfr_ui_div(w, 1, w, MPFR_RNDN);
    } else {
        mpfr_ui_div(w, 1, g, MPFR_RNDN);
    }
    mpfr_clear(e);
}

static int np, nq, nc;               /* degrees, number of unknowns */
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

/* Solve the weighted least-squares problem (normal equations) into c[1..]. */
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
        /* unknowns p_1..p_np, q_1..q_nq (p_0 = 1): row t^1..t^np,
         * -g t^1..-g t^nq | rhs g - 1; all scaled by s */
        mpfr_set_d(s, sqrt(lw[k]) / qold[k], MPFR_RNDN);
        mpfr_mul(s, s, ww[k], MPFR_RNDN);
        mpfr_mul(row[0], s, tt[k], MPFR_RNDN);
        for (int i = 1; i < np; i++) mpfr_mul(row[i], row[i - 1], tt[k], MPFR_RNDN);
        mpfr_sub_ui(tmp, gg[k], 1, MPFR_RNDN);
        mpfr_mul(row[nc], tmp, s, MPFR_RNDN);
        mpfr_mul(tmp, s, gg[k], MPFR_RNDN);
        for (int j = 1; j <= nq; j++) {
            mpfr_mul(tmp, tmp, tt[k], MPFR_RNDN);
            mpfr_neg(row[np + j - 1], tmp, MPFR_RNDN);
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
            mpfr_mul(tmp, a[i][j], c[j + 1], MPFR_RNDN);
            mpfr_sub(s, s, tmp, MPFR_RNDN);
        }
        mpfr_div(c[i + 1], s, a[i][i], MPFR_RNDN);
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

int main(int argc, char **argv)
{
    for_erf = argc > 1 && !strcmp(argv[1], "erf");
    if (for_erf) { argv++; argc--; }
    np = argc > 2 ? atoi(argv[1]) : for_erf ? 6 : 8;
    nq = argc > 2 ? atoi(argv[2]) : for_erf ? 7 : 9;
    double lo = argc > 4 ? strtod(argv[3], NULL) : for_erf ? 0.5 : 0.0;
    double hi = argc > 4 ? strtod(argv[4], NULL) : for_erf ? 6.0 : 27.3;
    nc = np + nq;
    if (np < 1 || nq < 1 || nc + 1 > MAXC) {
        fprintf(stderr, "usage: fit_rational [erf] [NP NQ [LO HI]]\n");
        return 2;
    }

    mpfr_t c[MAXC], best[MAXC];
    for (int i = 0; i < MAXC; i++) { mpfr_init2(c[i], PREC); mpfr_init2(best[i], PREC); }
    mpfr_set_ui(c[0], 1, MPFR_RNDN);
    for (int k = 0; k < NPTS; k++) {
        mpfr_inits2(PREC, tt[k], gg[k], ww[k], (mpfr_ptr)0);
        double x = 0.5 * (lo + hi) - 0.5 * (hi - lo) * cos(3.14159265358979323846 * (k + 0.5) / NPTS);
        mpfr_set_d(tt[k], x, MPFR_RNDN);
        t_erfcx(gg[k], ww[k], tt[k]);
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
            for (int i = 0; i <= nc; i++) mpfr_set(best[i], c[i], MPFR_RNDN);
        }
    }
    /* round to double and measure on a dense grid, exactly */
    double cd[MAXC];
    for (int i = 0; i <= nc; i++) {
        cd[i] = mpfr_get_d(best[i], MPFR_RNDN);
        mpfr_set_d(c[i], cd[i], MPFR_RNDN);
    }
    double mx = 0, at = lo;
    mpfr_t t, g, w;
    mpfr_inits2(PREC, t, g, w, (mpfr_ptr)0);
    for (int k = 0; k <= NDENSE; k++) {
        double x = lo + (hi - lo) * k / NDENSE;
        mpfr_set_d(t, x, MPFR_RNDN);
        t_erfcx(g, w, t);
        double e = fabs(werr(c, t, g, w));
        if (e > mx) { mx = e; at = x; }
    }
    printf("  /* erfcx for %s on [%g, %g], degree %d/%d: fit max 2^%.2f,\n"
           "   * with the double coefficients 2^%.2f at %.6g */\n", for_erf ? "erf" : "erfc", lo, hi, np, nq, log2(bestmax), log2(mx), at);
    printf("  p = %a;\n", cd[np]);
    for (int i = np - 1; i >= 0; i--) printf("  p = p * a + %a;\n", cd[i]);
    printf("  q = %a;\n", cd[np + nq]);
    for (int j = nq - 1; j >= 1; j--) printf("  q = q * a + %a;\n", cd[np + j]);
    printf("  q = q * a + 1.0;\n");
    return 0;
}
