/* fit_hp.c — initial coefficients of hp1 and hp2, fitted to leaky ReLU.
 *
 * hp(x) = sum_{i=0..5} c_i f_i(x) / (1 + sum_{j=1..4} |d_j| |f_j(x)|), with f
 * the physicists' Hermite polynomials H_n (hp1) or the probabilists' He_n
 * (hp2), is fitted by least squares to leaky ReLU (slope 0.01 below 0) on
 * 6001 equally spaced points of [-3, 3].
 *
 * Method: the numerator alone is first a linear least-squares problem
 * (d = 0). From there, Levenberg-Marquardt minimises the true sum of
 * squares over all ten parameters, with the analytic Jacobian
 *   df/dc_i = f_i / D,   df/dd_j = -(N / D^2) sign(d_j) |f_j|,
 * started with every d_j at each of a few fixed values; the best result is
 * kept. Everything is deterministic, so the output is the same bit for bit
 * on every run. It prints the coefficients as `learn` lines for
 * activations/hp.act and the fit's RMS and largest error.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

enum { NPTS = 6001, NC = 6, ND = 4, NP = NC + ND };

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

static double model(const double *p, int k, double *num, double *den) {
  double n = 0, d = 1;
  for (int i = 0; i < NC; i++) n += p[i] * basis[k][i];
  for (int j = 1; j <= ND; j++) d += fabs(p[NC + j - 1]) * fabs(basis[k][j]);
  *num = n;
  *den = d;
  return n / d;
}

static double cost(const double *p) {
  double s = 0, n, d;
  for (int k = 0; k < NPTS; k++) {
    double r = model(p, k, &n, &d) - ys[k];
    s += r * r;
  }
  return s;
}

/* Solve A x = b (n x n, symmetric positive definite) by Gaussian
 * elimination with partial pivoting, in long double. */
static int solve(int n, long double A[NP][NP], long double *b, double *x) {
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
    x[c] = (double)(s / A[c][c]);
  }
  return 1;
}

/* Gauss-Newton normal equations J^T J (+ lambda diag) and J^T r. */
static void normal_equations(const double *p, int np, long double A[NP][NP], long double *g) {
  memset(A, 0, sizeof(long double) * NP * NP);
  memset(g, 0, sizeof(long double) * NP);
  for (int k = 0; k < NPTS; k++) {
    double n, d, J[NP];
    double r = model(p, k, &n, &d) - ys[k];
    for (int i = 0; i < NC; i++) J[i] = basis[k][i] / d;
    for (int j = 1; j <= ND && np > NC; j++) {
      double dj = p[NC + j - 1];
      J[NC + j - 1] = -(n / (d * d)) * (dj >= 0 ? 1 : -1) * fabs(basis[k][j]);
    }
    for (int a = 0; a < np; a++) {
      g[a] += (long double)J[a] * r;
      for (int b = 0; b < np; b++) A[a][b] += (long double)J[a] * J[b];
    }
  }
}

static double levenberg_marquardt(double *p) {
  double lambda = 1e-3, c = cost(p);
  for (int it = 0; it < 500; it++) {
    long double A[NP][NP], g[NP];
    normal_equations(p, NP, A, g);
    double step[NP], trial[NP];
    for (int a = 0; a < NP; a++) { A[a][a] *= 1 + lambda; g[a] = -g[a]; }
    if (!solve(NP, A, g, step)) break;
    for (int a = 0; a < NP; a++) trial[a] = p[a] + step[a];
    double ct = cost(trial);
    if (ct < c) {
      double gain = (c - ct) / c;
      memcpy(p, trial, sizeof trial);
      c = ct;
      lambda = lambda / 3 > 1e-12 ? lambda / 3 : 1e-12;
      if (gain < 1e-15) break;
    } else {
      lambda *= 4;
      if (lambda > 1e12) break;
    }
  }
  return c;
}

static void fit(int physicists, const char *name, const char *cname, const char *dname) {
  make_basis(physicists);
  double best[NP], bestc = INFINITY;
  const double starts[] = {0.01, 0.1, 0.5, 1.0, 2.0};
  for (size_t s = 0; s < sizeof starts / sizeof *starts; s++) {
    double p[NP] = {0};
    long double A[NP][NP], g[NP];
    normal_equations(p, NC, A, g);   /* d = 0: linear least squares for c */
    for (int a = 0; a < NC; a++) g[a] = -g[a];
    solve(NC, A, g, p);
    for (int j = 0; j < ND; j++) p[NC + j] = starts[s];
    double c = levenberg_marquardt(p);
    if (c < bestc) { bestc = c; memcpy(best, p, sizeof p); }
  }
  double maxe = 0, at = 0, n, d;
  for (int k = 0; k < NPTS; k++) {
    double e = fabs(model(best, k, &n, &d) - ys[k]);
    if (e > maxe) { maxe = e; at = xs[k]; }
  }
  printf("# %s: rms %.10e max %.10e at x = %.4f\n", name, sqrt(bestc / NPTS), maxe, at);
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
