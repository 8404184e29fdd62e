/* fit_math.c — the polynomial coefficients of actgen's math layer
 * (templates/math/NAME.c), fitted here and pasted there.
 *
 * Each fit is a weighted minimax problem: find c_0..c_{n-1} that minimise
 * max |w(t) (F(t) - sum c_j t^j)| over t in [a, b].  F is evaluated with
 * MPFR at 160 bits (from its defining formula, e.g. (e^r - 1 - r)/r^2) and
 * rounded to long double; the Remez exchange runs in long double (64-bit
 * significand, far beyond the 2^-50 the layer needs) on a grid of 20000
 * Chebyshev-spaced points: solve for the n coefficients and the levelled
 * error E on n+1 reference points, move the reference to the alternating
 * extrema of the new error curve, repeat until the extrema are level.
 * The coefficients are then rounded to double and the weighted error is
 * measured again with the rounded ones (printed as "rounded").
 *
 * Usage: fit_math [NAME [N]]   (every fit without NAME; N coefficients
 * instead of the committed number, to explore)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpfr.h>

#define GRID 20000
#define MAXN 24
#define PREC 160

typedef void (*target_fn)(mpfr_t f, const mpfr_t t); /* f = F(t), t != 0 */

/* (e^r - 1 - r) / r^2: expm1(r) = r + r^2 P(r) */
static void t_expm1(mpfr_t f, const mpfr_t r)
{
  mpfr_t u;
  mpfr_init2(u, PREC);
  mpfr_expm1(f, r, MPFR_RNDN);
  mpfr_sub(f, f, r, MPFR_RNDN);
  mpfr_sqr(u, r, MPFR_RNDN);
  mpfr_div(f, f, u, MPFR_RNDN);
  mpfr_clear(u);
}

/* (log((1+s)/(1-s)) - 2s) / s^3 with s = sqrt(z): log m = 2s + s^3 R(s^2) */
static void t_log(mpfr_t f, const mpfr_t z)
{
  mpfr_t s, u;
  mpfr_inits2(PREC, s, u, (mpfr_ptr)0);
  mpfr_sqrt(s, z, MPFR_RNDN);
  mpfr_atanh(f, s, MPFR_RNDN);
  mpfr_mul_2ui(f, f, 1, MPFR_RNDN);
  mpfr_mul_2ui(u, s, 1, MPFR_RNDN);
  mpfr_sub(f, f, u, MPFR_RNDN);
  mpfr_mul(u, z, s, MPFR_RNDN);
  mpfr_div(f, f, u, MPFR_RNDN);
  mpfr_clears(s, u, (mpfr_ptr)0);
}

/* m^(-1/3), the start of cbrt's Newton step */
static void t_rcbrt(mpfr_t f, const mpfr_t m)
{
  mpfr_cbrt(f, m, MPFR_RNDN);
  mpfr_ui_div(f, 1, f, MPFR_RNDN);
}

struct fit {
  const char *name, *what;
  target_fn F;
  long double a, b;     /* interval */
  int n;                /* number of coefficients (degree n-1) */
  int wkind;            /* weight: 0 relative 1/|F|; 1 t/|F| */
  long double f0;       /* F(0) where the formula is 0/0 */
};

static const struct fit fits[] = {
  { "expm1", "P(r) ~ (e^r-1-r)/r^2, |r| <= ln2/2, relative", t_expm1, -0.34660L, 0.34660L, 10, 0, 0.5L },
  { "log", "R(z) ~ (2atanh(s)-2s)/s^3, z = s^2 <= ((sqrt2-1)/(sqrt2+1))^2, weight z/R", t_log, 0.0L,
    0.02944L, 7, 1, 2.0L / 3.0L },
  { "log1p2s", "R(z) ~ (2atanh(s)-2s)/s^3, s = E/(2+E) <= 1/3 (softplus's log1p(E), E <= 1), weight z/R",
    t_log, 0.0L, 0.111112L, 8, 1, 2.0L / 3.0L },
  { "rcbrt", "m^(-1/3) on [1, 2], relative", t_rcbrt, 1.0L, 2.0L, 6, 0, 0.0L },
};

static long double grid[GRID], fval[GRID], wval[GRID];

static void tabulate(const struct fit *fi)
{
  mpfr_t t, f;
  int i;
  mpfr_inits2(PREC, t, f, (mpfr_ptr)0);
  for (i = 0; i < GRID; i++) {
    long double th = 3.14159265358979323846264338327950288L * (long double)i / (GRID - 1);
    long double x = fi->a + (fi->b - fi->a) * (1.0L - cosl(th)) / 2.0L;
    if (i == 0)
      x = fi->a;
    if (i == GRID - 1)
      x = fi->b;
    grid[i] = x;
    if (x == 0.0L) {
      fval[i] = fi->f0;
    } else {
      mpfr_set_ld(t, x, MPFR_RNDN);
      fi->F(f, t);
      fval[i] = mpfr_get_ld(f, MPFR_RNDN);
    }
    wval[i] = (fi->wkind == 1 ? x + (fi->b - fi->a) * 1e-6L : 1.0L) / fabsl(fval[i]);
  }
  mpfr_clears(t, f, (mpfr_ptr)0);
}

static long double poly(const long double *c, int n, long double x)
{
  long double p = 0.0L;
  int j;
  for (j = n - 1; j >= 0; j--)
    p = p * x + c[j];
  return p;
}

/* Gaussian elimination with partial pivoting on an m x m system. */
static int solve(long double A[MAXN + 1][MAXN + 2], int m, long double *x)
{
  int i, j, k;
  for (k = 0; k < m; k++) {
    int piv = k;
    for (i = k + 1; i < m; i++)
      if (fabsl(A[i][k]) > fabsl(A[piv][k]))
        piv = i;
    if (A[piv][k] == 0.0L)
      return -1;
    if (piv != k)
      for (j = 0; j <= m; j++) {
        long double tmp = A[k][j];
        A[k][j] = A[piv][j];
        A[piv][j] = tmp;
      }
    for (i = k + 1; i < m; i++) {
      long double q = A[i][k] / A[k][k];
      for (j = k; j <= m; j++)
        A[i][j] -= q * A[k][j];
    }
  }
  for (i = m - 1; i >= 0; i--) {
    long double s = A[i][m];
    for (j = i + 1; j < m; j++)
      s -= A[i][j] * x[j];
    x[i] = s / A[i][i];
  }
  return 0;
}

static long double werr(const long double *c, int n, int i)
{
  return wval[i] * (fval[i] - poly(c, n, grid[i]));
}

static long double maxerr(const long double *c, int n, int *at)
{
  long double m = 0.0L;
  int i;
  for (i = 0; i < GRID; i++) {
    long double e = fabsl(werr(c, n, i));
    if (e > m) {
      m = e;
      if (at)
        *at = i;
    }
  }
  return m;
}

static void remez(const struct fit *fi, long double *c)
{
  int n = fi->n, ref[MAXN + 1], iter, i, j;
  long double A[MAXN + 1][MAXN + 2], sol[MAXN + 1];
  for (i = 0; i <= n; i++) { /* Chebyshev extrema as the first reference */
    long double th = 3.14159265358979323846264338327950288L * (long double)i / n;
    ref[i] = (int)((1.0L - cosl(th)) / 2.0L * (GRID - 1) + 0.5L);
  }
  for (iter = 0; iter < 40; iter++) {
    int cand[GRID], nc = 0;
    long double E, emax;
    for (i = 0; i <= n; i++) {
      long double x = grid[ref[i]], p = 1.0L;
      for (j = 0; j < n; j++, p *= x)
        A[i][j] = p;
      A[i][n] = ((i & 1) ? -1.0L : 1.0L) / wval[ref[i]];
      A[i][n + 1] = fval[ref[i]];
    }
    if (solve(A, n + 1, sol) != 0) {
      fprintf(stderr, "fit_math: singular system for %s\n", fi->name);
      exit(1);
    }
    memcpy(c, sol, sizeof(long double) * (size_t)n);
    E = fabsl(sol[n]);
    /* alternating extrema: the largest |error| of each run of one sign */
    for (i = 0; i < GRID; i++) {
      long double e = werr(c, n, i);
      if (nc > 0 && (e >= 0) == (werr(c, n, cand[nc - 1]) >= 0)) {
        if (fabsl(e) > fabsl(werr(c, n, cand[nc - 1])))
          cand[nc - 1] = i;
      } else {
        cand[nc++] = i;
      }
    }
    while (nc > n + 1) { /* drop the smaller end until n+1 remain */
      if (fabsl(werr(c, n, cand[0])) < fabsl(werr(c, n, cand[nc - 1])))
        memmove(cand, cand + 1, sizeof(int) * (size_t)--nc);
      else
        nc--;
    }
    emax = maxerr(c, n, NULL);
    if (nc < n + 1 || emax <= E * (1.0L + 1e-9L))
      break;
    memcpy(ref, cand, sizeof(int) * (size_t)(n + 1));
  }
}

int main(int argc, char **argv)
{
  size_t k;
  for (k = 0; k < sizeof fits / sizeof fits[0]; k++) {
    struct fit f = fits[k], *fi = &f;
    long double c[MAXN], cr[MAXN];
    int j, at = 0;
    long double e, er;
    if (argc > 1 && strcmp(argv[1], fi->name) != 0)
      continue;
    if (argc > 2)
      fi->n = atoi(argv[2]) < 1 ? 1 : atoi(argv[2]) > MAXN ? MAXN : atoi(argv[2]);
    tabulate(fi);
    remez(fi, c);
    e = maxerr(c, fi->n, NULL);
    for (j = 0; j < fi->n; j++)
      cr[j] = (double)c[j];
    er = maxerr(cr, fi->n, &at);
    printf("%s: %s; %d coefficients; max weighted error 2^%.2f, rounded 2^%.2f at %Lg\n", fi->name, fi->what,
           fi->n, (double)log2l(e), (double)log2l(er), grid[at]);
    for (j = 0; j < fi->n; j++)
      printf("  %a,\n", (double)c[j]);
  }
  return 0;
}
