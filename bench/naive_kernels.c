/* naive_kernels.c — for every shipped activation, the float kernel a user
 * would write by hand: the textbook formula and its derivative in float on
 * the float C library (expf, erff, tanhf, log1pf, sqrtf), one loop each, the
 * sums for trainable parameters in a float accumulator. No care for the
 * tails (expf(-x) may overflow, 1 - s cancels), no tricks: this is the
 * baseline that `make bench-kernels` compares actgen's kernels against.
 * theta has the layout of actgen's (the learn items in declaration order),
 * and the constants are those of activations/ rounded to float. */
#include <math.h>
#include <string.h>
#include "naive_kernels.h"

/* An activation without trainable parameters: the loops around a forward
 * expression F and a derivative expression D of the float x. */
#define PLAIN(name, F, D)                                                   \
  static void name##_fwd(size_t n, const float *xs, float *y, const float *th) \
  {                                                                         \
    (void)th;                                                               \
    for (size_t i = 0; i < n; i++) { const float x = xs[i]; y[i] = (F); }   \
  }                                                                         \
  static void name##_bwd(size_t n, const float *xs, const float *dy, float *dx, \
                         const float *th, float *dth)                       \
  {                                                                         \
    (void)th; (void)dth;                                                    \
    for (size_t i = 0; i < n; i++) { const float x = xs[i]; dx[i] = dy[i] * (D); } \
  }

/* An activation with one trainable parameter p = theta[0]: forward F; the
 * backward runs the statements SHARED (locals the user keeps for both), then
 * df/dx D and df/dp P, summing dy * P in a float. */
#define ONE_PARAM(name, F, SHARED, D, P)                                    \
  static void name##_fwd(size_t n, const float *xs, float *y, const float *th) \
  {                                                                         \
    const float p = th[0];                                                  \
    for (size_t i = 0; i < n; i++) { const float x = xs[i]; y[i] = (F); }   \
  }                                                                         \
  static void name##_bwd(size_t n, const float *xs, const float *dy, float *dx, \
                         const float *th, float *dth)                       \
  {                                                                         \
    const float p = th[0];                                                  \
    float dp = 0.0f;                                                        \
    for (size_t i = 0; i < n; i++) {                                        \
      const float x = xs[i];                                                \
      SHARED                                                                \
      dp += dy[i] * (P);                                                    \
      if (dx) dx[i] = dy[i] * (D);                                          \
    }                                                                       \
    if (dth) dth[0] = dp;                                                   \
  }

#define SQRT1_2 0.70710678f     /* 1/sqrt(2) */
#define INV_SQRT_2PI 0.39894228f
#define TWO_SQRTPI 1.1283792f   /* 2/sqrt(pi), erf' */
#define SQRT_2_PI 0.79788456f   /* sqrt(2/pi) */
#define SELU_L 1.0507009873554804934f
#define SELU_A 1.6732632423543772848f

PLAIN(relu, x > 0 ? x : 0.0f, x > 0 ? 1.0f : 0.0f)
PLAIN(leaky_relu, x >= 0 ? x : 0.01f * x, x >= 0 ? 1.0f : 0.01f)
PLAIN(elu, x > 0 ? x : expf(x) - 1.0f, x > 0 ? 1.0f : expf(x))
PLAIN(selu, SELU_L * (x > 0 ? x : SELU_A * (expf(x) - 1.0f)),
      SELU_L * (x > 0 ? 1.0f : SELU_A * expf(x)))
PLAIN(celu, fmaxf(0.0f, x) + fminf(0.0f, expf(x) - 1.0f), x > 0 ? 1.0f : expf(x))
PLAIN(tanh, tanhf(x), 1.0f - tanhf(x) * tanhf(x))
PLAIN(softplus, log1pf(expf(x)), 1.0f / (1.0f + expf(-x)))
PLAIN(gelu, 0.5f * x * (1.0f + erff(x * SQRT1_2)),
      0.5f * (1.0f + erff(x * SQRT1_2)) + x * INV_SQRT_2PI * expf(-0.5f * x * x))
PLAIN(squareplus, 0.5f * (x + sqrtf(x * x + 4.0f)), 0.5f * (1.0f + x / sqrtf(x * x + 4.0f)))

/* The ones below share a subexpression between value and derivative, as a
 * user would keep it in a local. */
static void sigmoid_fwd(size_t n, const float *x, float *y, const float *th)
{
  (void)th;
  for (size_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + expf(-x[i]));
}
static void sigmoid_bwd(size_t n, const float *x, const float *dy, float *dx,
                        const float *th, float *dth)
{
  (void)th; (void)dth;
  for (size_t i = 0; i < n; i++) {
    const float s = 1.0f / (1.0f + expf(-x[i]));
    dx[i] = dy[i] * s * (1.0f - s);
  }
}

static void silu_fwd(size_t n, const float *x, float *y, const float *th)
{
  (void)th;
  for (size_t i = 0; i < n; i++) y[i] = x[i] / (1.0f + expf(-x[i]));
}
static void silu_bwd(size_t n, const float *x, const float *dy, float *dx,
                     const float *th, float *dth)
{
  (void)th; (void)dth;
  for (size_t i = 0; i < n; i++) {
    const float s = 1.0f / (1.0f + expf(-x[i]));
    dx[i] = dy[i] * s * (1.0f + x[i] * (1.0f - s));
  }
}

static void gelu_tanh_fwd(size_t n, const float *x, float *y, const float *th)
{
  (void)th;
  for (size_t i = 0; i < n; i++)
    y[i] = 0.5f * x[i] * (1.0f + tanhf(SQRT_2_PI * (x[i] + 0.044715f * x[i] * x[i] * x[i])));
}
static void gelu_tanh_bwd(size_t n, const float *x, const float *dy, float *dx,
                          const float *th, float *dth)
{
  (void)th; (void)dth;
  for (size_t i = 0; i < n; i++) {
    const float t = tanhf(SQRT_2_PI * (x[i] + 0.044715f * x[i] * x[i] * x[i]));
    dx[i] = dy[i] * (0.5f * (1.0f + t)
                     + 0.5f * x[i] * (1.0f - t * t) * SQRT_2_PI * (1.0f + 3.0f * 0.044715f * x[i] * x[i]));
  }
}

static void mish_fwd(size_t n, const float *x, float *y, const float *th)
{
  (void)th;
  for (size_t i = 0; i < n; i++) y[i] = x[i] * tanhf(log1pf(expf(x[i])));
}
static void mish_bwd(size_t n, const float *x, const float *dy, float *dx,
                     const float *th, float *dth)
{
  (void)th; (void)dth;
  for (size_t i = 0; i < n; i++) {
    const float t = tanhf(log1pf(expf(x[i])));
    const float s = 1.0f / (1.0f + expf(-x[i]));
    dx[i] = dy[i] * (t + x[i] * (1.0f - t * t) * s);
  }
}

/* swish: theta = {beta}; prelu: {alpha}; smu and smu1 (alpha = 0.25,
 * z = (1 - alpha) x): {mu}. */
ONE_PARAM(swish, x / (1.0f + expf(-p * x)),
          const float s = 1.0f / (1.0f + expf(-p * x)); const float ds = s * (1.0f - s);,
          s + p * x * ds, x * x * ds)
ONE_PARAM(prelu, x >= 0 ? x : p * x, ;, x >= 0 ? 1.0f : p, x >= 0 ? 0.0f : x)
ONE_PARAM(smu, 0.5f * (1.25f * x + 0.75f * x * erff(p * 0.75f * x)),
          const float z = 0.75f * x; const float g = TWO_SQRTPI * expf(-(p * z) * (p * z));,
          0.5f * (1.25f + 0.75f * erff(p * z) + 0.75f * z * p * g), 0.5f * z * z * g)
ONE_PARAM(smu1, 0.5f * (1.25f * x + sqrtf(0.5625f * x * x + p * p)),
          const float z = 0.75f * x; const float r = sqrtf(z * z + p * p);,
          0.5f * (1.25f + 0.75f * z / r), 0.5f * p / r)

/* ErfAct: x erf(a exp(b x)); theta = {a, b}. */
static void erfact_fwd(size_t n, const float *x, float *y, const float *th)
{
  const float a = th[0], b = th[1];
  for (size_t i = 0; i < n; i++) y[i] = x[i] * erff(a * expf(b * x[i]));
}
static void erfact_bwd(size_t n, const float *x, const float *dy, float *dx,
                       const float *th, float *dth)
{
  const float a = th[0], b = th[1];
  float da = 0.0f, db = 0.0f;
  for (size_t i = 0; i < n; i++) {
    const float e = expf(b * x[i]);
    const float u = a * e;
    const float g = TWO_SQRTPI * expf(-u * u);   /* erf'(u) */
    da += dy[i] * x[i] * g * e;
    db += dy[i] * x[i] * g * u * x[i];
    if (dx) dx[i] = dy[i] * (erff(u) + x[i] * g * u * b);
  }
  if (dth) { dth[0] = da; dth[1] = db; }
}

/* The rational units P(x) / Q(x), Q = 1 + sum_j |d_j| |B_j(x)|, over a basis
 * B_0..B_5 (powers for PAU, Hermite polynomials for hp1 and hp2) with its
 * derivatives; theta = {c[6], d[4]}. */
typedef void (*basis_fn)(float x, float *b, float *db);

static void powers(float x, float *b, float *db)
{
  b[0] = 1.0f; db[0] = 0.0f;
  for (int k = 1; k < 6; k++) { b[k] = b[k - 1] * x; db[k] = (float)k * b[k - 1]; }
}
static void hermite_phys(float x, float *b, float *db)   /* H_{k+1} = 2x H_k - 2k H_{k-1} */
{
  b[0] = 1.0f; b[1] = 2.0f * x; db[0] = 0.0f;
  for (int k = 1; k < 5; k++) b[k + 1] = 2.0f * x * b[k] - 2.0f * (float)k * b[k - 1];
  for (int k = 1; k < 6; k++) db[k] = 2.0f * (float)k * b[k - 1];
}
static void hermite_prob(float x, float *b, float *db)   /* He_{k+1} = x He_k - k He_{k-1} */
{
  b[0] = 1.0f; b[1] = x; db[0] = 0.0f;
  for (int k = 1; k < 5; k++) b[k + 1] = x * b[k] - (float)k * b[k - 1];
  for (int k = 1; k < 6; k++) db[k] = (float)k * b[k - 1];
}

static void rational_fwd(basis_fn basis, size_t n, const float *x, float *y, const float *th)
{
  float b[6], db[6];
  for (size_t i = 0; i < n; i++) {
    basis(x[i], b, db);
    float p = 0.0f, q = 1.0f;
    for (int k = 0; k < 6; k++) p += th[k] * b[k];
    for (int j = 1; j < 5; j++) q += fabsf(th[5 + j]) * fabsf(b[j]);
    y[i] = p / q;
  }
}
static void rational_bwd(basis_fn basis, size_t n, const float *x, const float *dy, float *dx,
                         const float *th, float *dth)
{
  float b[6], db[6], acc[10] = {0};
  for (size_t i = 0; i < n; i++) {
    basis(x[i], b, db);
    float p = 0.0f, dp = 0.0f, q = 1.0f, dq = 0.0f;
    for (int k = 0; k < 6; k++) { p += th[k] * b[k]; dp += th[k] * db[k]; }
    for (int j = 1; j < 5; j++) {
      q += fabsf(th[5 + j]) * fabsf(b[j]);
      dq += fabsf(th[5 + j]) * (b[j] > 0 ? db[j] : b[j] < 0 ? -db[j] : 0.0f);
    }
    for (int k = 0; k < 6; k++) acc[k] += dy[i] * b[k] / q;
    for (int j = 1; j < 5; j++) {
      const float sd = th[5 + j] > 0 ? 1.0f : th[5 + j] < 0 ? -1.0f : 0.0f;
      acc[5 + j] -= dy[i] * p / (q * q) * sd * fabsf(b[j]);
    }
    if (dx) dx[i] = dy[i] * (dp * q - p * dq) / (q * q);
  }
  if (dth) memcpy(dth, acc, sizeof acc);
}

#define RATIONAL(name, basis)                                                 \
  static void name##_fwd(size_t n, const float *x, float *y, const float *th) \
  { rational_fwd(basis, n, x, y, th); }                                       \
  static void name##_bwd(size_t n, const float *x, const float *dy, float *dx, \
                         const float *th, float *dth)                         \
  { rational_bwd(basis, n, x, dy, dx, th, dth); }
RATIONAL(pau, powers)
RATIONAL(hp1, hermite_phys)
RATIONAL(hp2, hermite_prob)

#define K(name) { #name, name##_fwd, name##_bwd }
static const struct naive_kernel table[] = {
  K(relu), K(leaky_relu), K(prelu), K(elu), K(selu), K(celu), K(sigmoid), K(tanh),
  K(softplus), K(silu), K(swish), K(gelu), K(gelu_tanh), K(mish), K(squareplus),
  K(smu), K(smu1), K(erfact), K(pau), K(hp1), K(hp2),
};

const struct naive_kernel *naive_find(const char *name)
{
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(table[i].name, name) == 0) return &table[i];
  return NULL;
}
