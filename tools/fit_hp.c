/* fit_hp.c — initial coefficients of hp1 and hp2, fitted to leaky ReLU.
 *
 * hp(x) = sum_{i=0..5} c_i f_i(x) / (1 + sum_{j=1..4} |d_j| |f_j(x)|), with f
 * the physicists' Hermite polynomials H_n (hp1) or the probabilists' He_n
 * (hp2), is fitted by least squares to leaky ReLU (x for x >= 0, 0.01 x
 * below) on the 6001 equally spaced points x_k = -3 + k/1000 of [-3, 3]:
 * it minimises the sum of squared errors of the safe form itself.
 *
 * Method. Only |d_j| enters the function, so the fit works with e_j = |d_j|
 * under the bound e_j >= DMIN; the function is smooth in e_j there, with
 * the Jacobian  df/dc_i = f_i / D,  df/de_j = -(N / D^2) |f_j|.  (Fitting
 * d_j itself through |d_j| stalls where some d_j wants to be 0: the
 * Jacobian flips sign there and the iteration zig-zags across the kink.)
 * Each start solves the linear least-squares problem for c with e = 0,
 * sets every e_j to one of a few fixed values, and runs a projected
 * Levenberg-Marquardt: a bound that holds with the gradient pushing into
 * it is left out of the step, and a step that crosses a bound is clipped
 * to it. Normal equations are accumulated and solved in long double. The
 * best end point is kept; all starts reach the same minimum (a sweep over
 * 6^4 start vectors found no other). There is no randomness, so the output
 * is the same bit for bit on every run of the same build.
 *
 * DMIN = 2^-20 (about 9.5e-7, exact in float and double) and not 0: under
 * SPEC §1's abs'(0) = 0, a d_j that starts at exactly 0 gets a zero
 * gradient and could never be trained. For hp2 the bound is active on
 * d_3 and d_4 (the unconstrained optimum has them at 0).
 *
 * Output: the coefficients as `learn` lines to paste into
 * activations/hp.act (17 significant digits), and, above each pair, the
 * fit's RMS error, its largest error and where that occurs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

enum { NPTS = 6001, NC = 6, ND = 4, NP = NC + ND };
static const double DMIN = 0x1p-20;

static double xs[NPTS], ys[NPTS], basis[NPTS][NC];

static void make_basis(int physicists) {
  for (int k = 0; k < NPTS; k++) {
    double x = -3.0 + 6.0 * k / (NPTS - 1), *b = basis[k];
    xs[k] = x;
    ys[k] = x >= 0 ? x : 0.01 * x;
    b[0] = 1;
    b[1] = physicists ? 2 * x : x;
    for (int n = 1; n + 1 < NC; n++)
      b[n + 1] = physicists ? 2 * x * b[n] - 2 * n * b[n - 1] : x * b[n] - n * b[n - 1];
  }
}

/* p = c_0..c_5, e_1..e_4 (e_j = |d_j|, never negative). */
static double model(const double *p, int k, double *num, double *den) {
  double n = 0, d = 1;
  for (int i = 0; i < NC; i++) n += p[i] * basis[k][i];
  for (int j = 1; j <= ND; j++) d += p[NC + j - 1] * fabs(basis[k][j]);
  *num = n;
  *den = d;
  return n / d;
}

/* In long double, so that accepting or rejecting a step near the minimum
 * is decided by the cost and not by the rounding of its sum. */
static long double cost(const double *p) {
  long double s = 0;
  double n, d;
  for (int k = 0; k < NPTS; k++) {
    double r = model(p, k, &n, &d) - ys[k];
    s += (long double)r * r;
  }
  return s;
}

/* Solve A x = b (n x n) by Gaussian elimination with partial pivoting. */
static int solve(int n, long double A[NP][NP], long double *b, long double *x) {
  for (int c = 0; c < n; c++) {
    int piv = c;
    for (int r = c + 1; r < n; r++)
      if (fabsl(A[r][c]) > fabsl(A[piv][c])) piv = r;
    if (A[piv][c] == 0) return 0;
    for (int j = 0; j < n; j++) { long double t = A[c][j]; A[c][j] = A[piv][j]; A[piv][j] = t; }
    long double t = b[c]; b[c] = b[piv]; b[piv] = t;
    for (int r = c + 1; r < n; r++) {
      long double f = A[r][c] / A[c][c];
      for (int j = c; j < n; j++) A[r][j] -= f * A[c][j];
      b[r] -= f * b[c];
    }
  }
  for (int c = n - 1; c >= 0; c--) {
    long double s = b[c];
    for (int j = c + 1; j < n; j++) s -= A[c][j] * x[j];
    x[c] = s / A[c][c];
  }
  return 1;
}

/* Gauss-Newton normal equations over the first np parameters:
 * A = J^T J and g = J^T r, where r = model - target. */
static void normal_equations(const double *p, int np, long double A[NP][NP], long double *g) {
  memset(A, 0, sizeof(long double) * NP * NP);
  memset(g, 0, sizeof(long double) * NP);
  for (int k = 0; k < NPTS; k++) {
    double n, d, J[NP];
    double r = model(p, k, &n, &d) - ys[k];
    for (int i = 0; i < NC; i++) J[i] = basis[k][i] / d;
    for (int j = 1; j <= ND; j++) J[NC + j - 1] = -(n / (d * d)) * fabs(basis[k][j]);
    for (int a = 0; a < np; a++) {
      g[a] += (long double)J[a] * r;
      for (int b = 0; b <= a; b++) A[a][b] += (long double)J[a] * J[b];
    }
  }
  for (int a = 0; a < np; a++)
    for (int b = a + 1; b < np; b++) A[a][b] = A[b][a];
}

/* Projected Levenberg-Marquardt from p; returns the final cost. It stops
 * when no step lowers the cost even at a huge damping: the minimum is then
 * found to the rounding of the cost. */
static long double levenberg_marquardt(double *p) {
  long double lambda = 1e-3L, c = cost(p);
  for (int it = 0; it < 5000; it++) {
    long double A[NP][NP], g[NP], As[NP][NP], b[NP], step[NP];
    int var[NP], nv = 0;
    normal_equations(p, NP, A, g);
    /* The step is -g direction-wise; an e_j at its bound with g_j > 0
     * would be pushed below it, so it stays fixed for this step. */
    for (int a = 0; a < NP; a++)
      if (!(a >= NC && p[a] <= DMIN && g[a] > 0)) var[nv++] = a;
    for (int u = 0; u < nv; u++) {
      for (int v = 0; v < nv; v++) As[u][v] = A[var[u]][var[v]];
      As[u][u] *= 1 + lambda;   /* Marquardt's scaling: damping per parameter */
      b[u] = -g[var[u]];
    }
    if (!solve(nv, As, b, step)) break;
    double trial[NP];
    memcpy(trial, p, sizeof trial);
    for (int u = 0; u < nv; u++) {
      int a = var[u];
      trial[a] = (double)(p[a] + step[u]);
      if (a >= NC && trial[a] < DMIN) trial[a] = DMIN;
    }
    long double ct = cost(trial);
    if (ct < c) {
      memcpy(p, trial, sizeof trial);
      c = ct;
      lambda = lambda / 3 > 1e-15L ? lambda / 3 : 1e-15L;
    } else if ((lambda *= 4) > 1e15L) {
      break;
    }
  }
  return c;
}

static void fit(int physicists, const char *name, const char *cname, const char *dname) {
  make_basis(physicists);
  /* Every e_j starts at the same value, one run per value. */
  static const double starts[] = {0.001, 0.03, 0.3, 1.0, 3.0, 10.0};
  double best[NP];
  long double bestc = INFINITY;
  for (size_t s = 0; s < sizeof starts / sizeof *starts; s++) {
    double p[NP] = {0};
    long double A[NP][NP], g[NP], c[NP];
    normal_equations(p, NC, A, g);   /* e = 0: linear least squares for c */
    for (int a = 0; a < NC; a++) g[a] = -g[a];
    if (!solve(NC, A, g, c)) continue;
    for (int a = 0; a < NC; a++) p[a] = (double)c[a];
    for (int j = 0; j < ND; j++) p[NC + j] = starts[s];
    long double cs = levenberg_marquardt(p);
    if (cs < bestc) { bestc = cs; memcpy(best, p, sizeof p); }
  }
  /* Report the fit as a double evaluation on the grid sees it. */
  double sum = 0, maxe = 0, at = 0, n, d;
  for (int k = 0; k < NPTS; k++) {
    double e = fabs(model(best, k, &n, &d) - ys[k]);
    sum += e * e;
    if (e > maxe) { maxe = e; at = xs[k]; }
  }
  printf("# %s: rms %.10e max %.10e at x = %.4f\n", name, sqrt(sum / NPTS), maxe, at);
  printf("learn %s[%d] = {", cname, NC);
  for (int i = 0; i < NC; i++) printf("%s%.17g", i ? ", " : "", best[i]);
  printf("}\nlearn %s[%d] = {", dname, ND);
  for (int j = 0; j < ND; j++) printf("%s%.17g", j ? ", " : "", best[NC + j]);
  printf("}\n");
}

int main(void) {
  fit(1, "hp1", "c1", "d1");
  fit(0, "hp2", "c2", "d2");
  return 0;
}
