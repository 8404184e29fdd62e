/* kernels.c — the kernel benchmark behind `make bench-kernels` (run by
 * bench/kernels.sh, which also times PyTorch and the OpenMP build):
 *
 *   bench_kernels run [--tag T] [--actgen-only] [--budget S] [N...]
 *       times, at each N (default 2^24 and 2^20), actgen's float forward and
 *       forward+backward of every activation in ACT_TABLE (generated headers,
 *       see tools/act_table.sh), the naive kernel of bench/naive_kernels.c,
 *       and the memory floor; prints rows "ROW impl name N fwd fwdbwd" in
 *       ns/element (impl = T for actgen, default "actgen"; "naive"; "floor").
 *   bench_kernels theta
 *       prints each activation's initial theta for bench/torch_kernels.py.
 *   bench_kernels check
 *       exits 1, saying where, unless each naive kernel computes the same
 *       y, dx and dtheta as actgen's (to about float precision).
 *   bench_kernels values
 *       prints the points of that check and actgen's values there, for
 *       bench/torch_kernels.py --check.
 *   bench_kernels report < ROWS
 *       reads rows from every source (this program, bench/torch_kernels.py
 *       with impl "torch"/"torch*", the OpenMP runs "omp1"/"omp2") and prints
 *       the tables, ratios and the summary against issue 7's targets; "INFO"
 *       lines are echoed as they come.
 *
 * Timing: one warm-up call (which also faults in every page: the arrays are
 * allocated once and written before), then at least 3 timed repetitions and
 * as many more as fit in the budget (0.3 s by default, at most 50); the
 * minimum over repetitions is reported, the least disturbed by other load.
 * A repetition is forward then backward, timed apart: "fwd" is the forward
 * call, "fwdbwd" the pair. Backward computes dx and, for activations with
 * trainable parameters, dtheta. Inputs: x uniform in [-6, 6], dy in [-1, 1],
 * from a fixed seed; theta at its initial values.
 *
 * Floors, in the same units: "copy" reads x and writes y (the forward's
 * traffic), "triad" reads x and dy and writes dx (the backward's), "fwdbwd"
 * reads x and dy and writes y and dx in one loop (the least traffic of one
 * fused pass; the report's forward+backward floor is copy + triad, the two
 * calls that are timed). */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime, posix_memalign */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "act_table.h"
#include "naive_kernels.h"

typedef void (*fwd_fn)(size_t, const float *, float *, const float *);
typedef void (*bwd_fn)(size_t, const float *, const float *, float *, const float *, float *);

struct act { const char *name; fwd_fn fwd; bwd_fn bwd; const float *theta; int ntheta; };
#define ACT_ENTRY(p) { #p, p##_forwardf, p##_backwardf, p##_theta_initf, p##_NTHETA },
static const struct act acts[] = { ACT_TABLE(ACT_ENTRY) };
#define NACTS (sizeof acts / sizeof acts[0])

/* The activation's name without the library prefix act_ (tests/regen.sh). */
static const char *short_name(const struct act *a)
{
  return a->name + (strncmp(a->name, "act_", 4) == 0 ? 4 : 0);
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---------------------------------------------------------------- run */

static float *x, *dy, *y, *dx, dtheta[64];
static double budget = 0.3;
static volatile float one = 1.0f;   /* keeps the floor loops from becoming memcpy */

static void floor_copy(size_t n)
{
  const float s = one;
  for (size_t i = 0; i < n; i++) y[i] = s * x[i];
}
static void floor_triad(size_t n)
{
  const float s = one;
  for (size_t i = 0; i < n; i++) dx[i] = s * x[i] + dy[i];
}
static void floor_fwdbwd(size_t n)
{
  const float s = one;
  for (size_t i = 0; i < n; i++) { y[i] = s * x[i]; dx[i] = x[i] + s * dy[i]; }
}

/* What one repetition runs: a forward and a backward (either may be NULL). */
struct job {
  fwd_fn fwd; bwd_fn bwd;              /* actgen's or naive signature */
  void (*loop1)(size_t), (*loop2)(size_t);  /* or floor loops */
  const float *theta; int ntheta;
};

static void call(const struct job *j, size_t n, int second)
{
  if (!second) {
    if (j->fwd) j->fwd(n, x, y, j->theta);
    if (j->loop1) j->loop1(n);
  } else {
    if (j->bwd) j->bwd(n, x, dy, dx, j->theta, j->ntheta ? dtheta : NULL);
    if (j->loop2) j->loop2(n);
  }
}

/* Minimum ns/element of the first call, of the second and of the pair. */
static void measure(const struct job *j, size_t n, double *first, double *second, double *pair)
{
  double t0 = now();
  call(j, n, 0); call(j, n, 1);
  double warm = now() - t0;
  int reps = warm > 0 ? (int)ceil(budget / warm) : 50;
  if (reps < 3) reps = 3;
  if (reps > 50) reps = 50;
  double b1 = HUGE_VAL, b2 = HUGE_VAL, b12 = HUGE_VAL;
  for (int r = 0; r < reps; r++) {
    double a = now();
    call(j, n, 0);
    double b = now();
    call(j, n, 1);
    double c = now();
    if (b - a < b1) b1 = b - a;
    if (c - b < b2) b2 = c - b;
    if (c - a < b12) b12 = c - a;
  }
  *first = 1e9 * b1 / (double)n;
  *second = 1e9 * b2 / (double)n;
  *pair = 1e9 * b12 / (double)n;
}

static float *array(size_t n)
{
  void *p = NULL;
  if (posix_memalign(&p, 64, (n ? n : 1) * sizeof(float)) != 0) {
    fprintf(stderr, "bench_kernels: out of memory for %zu floats\n", n);
    exit(2);
  }
  return p;
}

static int run(int argc, char **argv)
{
  const char *tag = "actgen";
  int actgen_only = 0;
  size_t sizes[16], nsizes = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--tag") == 0 && i + 1 < argc) tag = argv[++i];
    else if (strcmp(argv[i], "--actgen-only") == 0) actgen_only = 1;
    else if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc) budget = atof(argv[++i]);
    else if (nsizes < 16 && atol(argv[i]) > 0) sizes[nsizes++] = (size_t)atol(argv[i]);
    else { fprintf(stderr, "bench_kernels run: bad argument %s\n", argv[i]); return 2; }
  }
  if (nsizes == 0) { sizes[0] = (size_t)1 << 24; sizes[1] = (size_t)1 << 20; nsizes = 2; }
  size_t max = 0;
  for (size_t s = 0; s < nsizes; s++) if (sizes[s] > max) max = sizes[s];
  x = array(max); dy = array(max); y = array(max); dx = array(max);
  unsigned long long state = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < max; i++) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (float)((double)(state >> 40) * 0x1p-24 * 12.0 - 6.0);
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    dy[i] = (float)((double)(state >> 40) * 0x1p-24 * 2.0 - 1.0);
    y[i] = dx[i] = 0.0f;
  }
  for (size_t s = 0; s < nsizes; s++) {
    const size_t n = sizes[s];
    double f, b, p;
    if (!actgen_only) {
      struct job c = { NULL, NULL, floor_copy, floor_triad, NULL, 0 };
      measure(&c, n, &f, &b, &p);
      printf("ROW floor copy %zu %.4f -\nROW floor triad %zu %.4f -\n", n, f, n, b);
      struct job fb = { NULL, NULL, NULL, floor_fwdbwd, NULL, 0 };
      measure(&fb, n, &f, &b, &p);
      printf("ROW floor fwdbwd %zu - %.4f\n", n, b);
      fflush(stdout);
    }
    for (size_t a = 0; a < NACTS; a++) {
      const char *name = short_name(&acts[a]);
      struct job j = { acts[a].fwd, acts[a].bwd, NULL, NULL, acts[a].theta, acts[a].ntheta };
      measure(&j, n, &f, &b, &p);
      printf("ROW %s %s %zu %.4f %.4f\n", tag, name, n, f, p);
      const struct naive_kernel *k = actgen_only ? NULL : naive_find(name);
      if (k) {
        struct job nj = { k->forward, k->backward, NULL, NULL, acts[a].theta, acts[a].ntheta };
        measure(&nj, n, &f, &b, &p);
        printf("ROW naive %s %zu %.4f %.4f\n", name, n, f, p);
      }
      fflush(stdout);
    }
  }
  return 0;
}

int kernels_report(FILE *in, FILE *out);   /* kernels_report.c */

/* Does b agree with a to about float precision, relative to max(1, |a|)?
 * Loose enough for the naive kernels' float cancellations, tight enough to
 * catch a wrong formula. */
static int close_to(double a, double b)
{
  return fabs(a - b) <= 1e-3 * fmax(1.0, fabs(a)) || (isnan(a) && isnan(b));
}

/* The points where the references are checked against actgen: 1001 points
 * of [-6, 6], dy in [-1, 1]. */
enum { NCHECK = 1001 };
static float cx[NCHECK], cdy[NCHECK], cy[NCHECK], cdx[NCHECK], cdt[64];

static void check_grid(void)
{
  for (size_t i = 0; i < NCHECK; i++) {
    cx[i] = (float)(-6.0 + 12.0 * (double)i / (NCHECK - 1));
    cdy[i] = (float)(1.0 - 0.002 * (double)(i % 1000));
  }
}

/* actgen's y, dx and dtheta on the check grid, into cy, cdx, cdt. */
static void check_values(const struct act *a)
{
  a->fwd(NCHECK, cx, cy, a->theta);
  a->bwd(NCHECK, cx, cdy, cdx, a->theta, cdt);
}

/* The naive kernels compute the same functions as actgen's: y, dx and
 * dtheta agree on the check grid (1 on mismatch). */
static int check(void)
{
  static float y2[NCHECK], dx2[NCHECK];
  float dt2[64];
  int bad = 0;
  check_grid();
  for (size_t a = 0; a < NACTS; a++) {
    const char *name = short_name(&acts[a]);
    const struct naive_kernel *k = naive_find(name);
    if (!k) { printf("%s: no naive kernel\n", name); bad = 1; continue; }
    check_values(&acts[a]);
    k->forward(NCHECK, cx, y2, acts[a].theta);
    k->backward(NCHECK, cx, cdy, dx2, acts[a].theta, dt2);
    for (size_t i = 0; i < NCHECK; i++) {
      if (!close_to(cy[i], y2[i]) || !close_to(cdx[i], dx2[i])) {
        printf("%s at x = %g: actgen y %.9g dx %.9g, naive y %.9g dx %.9g\n", name,
               (double)cx[i], (double)cy[i], (double)cdx[i], (double)y2[i], (double)dx2[i]);
        bad = 1;
        break;
      }
    }
    for (int t = 0; t < acts[a].ntheta; t++)
      if (!close_to(cdt[t], dt2[t])) {
        printf("%s: dtheta[%d] actgen %.9g, naive %.9g\n", name, t, (double)cdt[t], (double)dt2[t]);
        bad = 1;
      }
  }
  return bad;
}

/* The check grid and actgen's values on it, for torch_kernels.py --check:
 * lines "X v...", "DY v...", then per activation "Y name v...",
 * "DX name v..." and "DT name v..." (empty without theta). */
static void print_floats(const char *tag, const char *name, const float *v, size_t n)
{
  printf("%s%s%s", tag, name ? " " : "", name ? name : "");
  for (size_t i = 0; i < n; i++) printf(" %.9g", (double)v[i]);
  putchar('\n');
}
static int values(void)
{
  check_grid();
  print_floats("X", NULL, cx, NCHECK);
  print_floats("DY", NULL, cdy, NCHECK);
  for (size_t a = 0; a < NACTS; a++) {
    check_values(&acts[a]);
    print_floats("Y", short_name(&acts[a]), cy, NCHECK);
    print_floats("DX", short_name(&acts[a]), cdx, NCHECK);
    print_floats("DT", short_name(&acts[a]), cdt, (size_t)acts[a].ntheta);
  }
  return 0;
}

/* "THETA name theta..." for bench/torch_kernels.py: the same parameters. */
static int theta(void)
{
  for (size_t a = 0; a < NACTS; a++) {
    printf("THETA %s", short_name(&acts[a]));
    for (int k = 0; k < acts[a].ntheta; k++) printf(" %.9g", (double)acts[a].theta[k]);
    putchar('\n');
  }
  return 0;
}

int main(int argc, char **argv)
{
  if (argc >= 2 && strcmp(argv[1], "run") == 0) return run(argc - 2, argv + 2);
  if (argc == 2 && strcmp(argv[1], "theta") == 0) return theta();
  if (argc == 2 && strcmp(argv[1], "check") == 0) return check();
  if (argc == 2 && strcmp(argv[1], "values") == 0) return values();
  if (argc == 2 && strcmp(argv[1], "report") == 0) return kernels_report(stdin, stdout);
  fprintf(stderr, "usage: bench_kernels run [--tag T] [--actgen-only] [--budget S] [N...]\n"
                  "       bench_kernels theta\n       bench_kernels check\n       bench_kernels values\n       bench_kernels report < ROWS\n");
  return 2;
}
