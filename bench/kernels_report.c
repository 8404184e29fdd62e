/* kernels_report.c — `bench_kernels report`: reads the benchmark's rows
 *
 *   ROW impl name N fwd fwdbwd      (ns/element, "-" when not measured)
 *   INFO text                       (echoed)
 *
 * with impl one of actgen, naive, torch (PyTorch's own kernel), torch*
 * (PyTorch eager composite, autograd for the backward), omp1/omp2 (actgen's
 * -fopenmp build with one and two threads) and floor (names copy, triad,
 * fwdbwd), and prints per N a table of ns/element with the ratios
 * actgen/floor, actgen/naive, actgen/torch for forward and forward+backward,
 * the two-thread table, and the summary against issue 7's targets at the
 * largest N. The floor of forward is the copy. Forward+backward times two
 * calls, the forward's (x -> y) and the backward's (x, dy -> dx), and
 * each streams its own arrays (x, 64 MiB at 2^24, is read twice: it does
 * not stay in cache between them), so its floor is copy + triad, the
 * issue's "copy and three-stream loop". The four-stream loop (x, dy ->
 * y, dx in one pass) is the floor of a fused call that the API does not
 * have; its ratio is printed beside, the stricter figure. Also prints the
 * vector width the compiler targets (this file is built with the kernels'
 * flags). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row { char impl[16], name[40]; size_t n; double f, p; };
static struct row *rows;
static size_t nrows;
static const char *names[256];   /* activations, in the order actgen's rows came */
static size_t nnames, sizes[16], nsizes;

static double field(const char *s) { return strcmp(s, "-") == 0 ? NAN : atof(s); }

static void add_name(const char *name)
{
  for (size_t i = 0; i < nnames; i++) if (strcmp(names[i], name) == 0) return;
  if (nnames < 256) names[nnames++] = name;
}
static void add_size(size_t n)
{
  for (size_t i = 0; i < nsizes; i++) if (sizes[i] == n) return;
  if (nsizes < 16) sizes[nsizes++] = n;
}

/* The value (0: forward, 1: forward+backward) of impl on name at n, or NaN:
 * the smallest of its rows, one per round of kernels.sh (the rounds
 * alternate actgen and PyTorch, so that a slow spell of the machine does
 * not fall on one of them only). impl "torch" also finds "torch*" and then
 * sets *composite. */
static double get(const char *impl, const char *name, size_t n, int which, int *composite)
{
  double best = NAN;
  for (size_t i = 0; i < nrows; i++) {
    const struct row *r = &rows[i];
    if (r->n != n || strcmp(r->name, name) != 0) continue;
    int star = strcmp(impl, "torch") == 0 && strcmp(r->impl, "torch*") == 0;
    if (strcmp(r->impl, impl) != 0 && !star) continue;
    if (composite) *composite = star;
    double v = which ? r->p : r->f;
    if (isnan(best) || v < best) best = v;
  }
  return best;
}

static const char *size_label(size_t n)
{
  static char buf[4][32];
  static int k;
  char *b = buf[k++ & 3];
  int e = 0;
  while (e < 63 && ((size_t)1 << e) < n) e++;
  if (((size_t)1 << e) == n) snprintf(b, 32, "2^%d", e);
  else snprintf(b, 32, "%zu", n);
  return b;
}

static void num(FILE *out, double v, int width)
{
  if (isnan(v)) fprintf(out, " %*s", width, "-");
  else fprintf(out, " %*.*f", width, v >= 100 ? 1 : 2, v);
}

static void vector_width(FILE *out)
{
#if defined(__AVX512F__)
  const char *w = "512-bit (AVX-512F)";
#elif defined(__AVX2__)
  const char *w = "256-bit (AVX2)";
#elif defined(__AVX__)
  const char *w = "256-bit (AVX, no AVX2)";
#elif defined(__ARM_FEATURE_SVE)
  const char *w = "scalable (SVE)";
#elif defined(__SSE2__) || defined(__ARM_NEON)
  const char *w = "128-bit (SSE2/NEON)";
#else
  const char *w = "unknown (no vector macro defined)";
#endif
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  const char *fma = ", with FMA";
#else
  const char *fma = ", without FMA";
#endif
  fprintf(out, "vector width the kernels were compiled for: %s%s\n", w, fma);
}

/* The floor of forward (w = 0: the copy) or of forward+backward (w = 1:
 * copy + triad, the two calls' traffic) at n. */
static double floor_of(size_t n, int w)
{
  const double copy = get("floor", "copy", n, 0, NULL);
  return w ? copy + get("floor", "triad", n, 0, NULL) : copy;
}

static void table(FILE *out, size_t n)
{
  const double copy = floor_of(n, 0), triad = get("floor", "triad", n, 0, NULL), fb = floor_of(n, 1);
  fprintf(out, "\nN = %zu (%s), float32, one thread, ns/element\n", n, size_label(n));
  fprintf(out, "floor: copy (x -> y) %.3f, triad (x, dy -> dx) %.3f; forward+backward copy + triad %.3f "
          "(four-stream x, dy -> y, dx in one pass: %.3f)\n", copy, triad, fb, get("floor", "fwdbwd", n, 1, NULL));
  fprintf(out, "%-12s %-47s | %s\n", "", "forward", "forward+backward");
  fprintf(out, "%-12s", "activation");
  for (int w = 0; w < 2; w++)
    fprintf(out, " %7s %7s %7s %7s %7s %7s%s", "actgen", "naive", "torch", "/floor", "/naive",
            "/torch", w ? "\n" : " |");
  for (size_t a = 0; a < nnames; a++) {
    fprintf(out, "%-12s", names[a]);
    for (int w = 0; w < 2; w++) {
      int comp = 0;
      const double g = get("actgen", names[a], n, w, NULL), nv = get("naive", names[a], n, w, NULL);
      const double t = get("torch", names[a], n, w, &comp);
      num(out, g, 7); num(out, nv, 7); num(out, t, 6);
      fputc(!isnan(t) && comp ? '*' : ' ', out);
      num(out, g / (w ? fb : copy), 7); num(out, g / nv, 7); num(out, g / t, 7);
      fputs(w ? "\n" : " |", out);
    }
  }
}

static void threads(FILE *out)
{
  fprintf(out, "\ntwo threads: actgen built with -fopenmp, OMP_NUM_THREADS=1 vs 2, "
               "forward+backward ns/element\n%-12s", "activation");
  for (size_t s = 0; s < nsizes; s++)
    fprintf(out, " | %-6s %6s %6s %5s", size_label(sizes[s]), "1 thr", "2 thr", "1/2");
  fputc('\n', out);
  for (size_t a = 0; a < nnames; a++) {
    fprintf(out, "%-12s", names[a]);
    for (size_t s = 0; s < nsizes; s++) {
      const double t1 = get("omp1", names[a], sizes[s], 1, NULL);
      const double t2 = get("omp2", names[a], sizes[s], 1, NULL);
      fprintf(out, " | %-6s", "");
      num(out, t1, 6); num(out, t2, 6); num(out, t1 / t2, 5);
    }
    fputc('\n', out);
  }
}

static const char *verdict(int ok, double v) { return isnan(v) ? "n/a" : ok ? "met" : "NOT MET"; }

static void summary(FILE *out)
{
  static const char *native[] = { "gelu", "silu", "sigmoid", "elu", "selu", "tanh", "softplus",
                                  "mish", "leaky_relu" };
  static const char *composite[] = { "smu", "smu1", "pau", "hp1", "hp2", "erfact" };
  size_t big = sizes[0], small = sizes[0];
  for (size_t s = 1; s < nsizes; s++) {
    if (sizes[s] > big) big = sizes[s];
    if (sizes[s] < small) small = sizes[s];
  }
  fprintf(out, "\nsummary against issue 7's targets at N = %s (forward+backward unless said)\n",
          size_label(big));
  double lg = 0, mx = NAN;
  const char *mxname = "";
  int cnt = 0;
  for (size_t i = 0; i < sizeof native / sizeof native[0]; i++) {
    const double r = get("actgen", native[i], big, 1, NULL) / get("torch", native[i], big, 1, NULL);
    if (isnan(r)) continue;
    lg += log(r); cnt++;
    if (!(r <= mx)) { mx = r; mxname = native[i]; }
  }
  const double gm = cnt ? exp(lg / cnt) : NAN;
  fprintf(out, "  actgen/torch over gelu silu sigmoid elu selu tanh softplus mish leaky_relu:\n"
               "    geomean %.2f (target <= 1): %s; max %.2f, %s (target <= 1.5): %s\n",
          gm, verdict(gm <= 1, gm), mx, mxname, verdict(mx <= 1.5, mx));
  fprintf(out, "  torch composite/actgen (target >= 4 each):");
  double mn = NAN;
  for (size_t i = 0; i < sizeof composite / sizeof composite[0]; i++) {
    const double r = get("torch", composite[i], big, 1, NULL) / get("actgen", composite[i], big, 1, NULL);
    fprintf(out, " %s %.1f", composite[i], r);
    if (!(r >= mn)) mn = r;
  }
  fprintf(out, ": %s\n", verdict(mn >= 4, mn));
  for (int w = 0; w < 3; w++) {   /* w = 2: the four-stream loop, the stricter figure */
    const double fl = w < 2 ? floor_of(big, w) : get("floor", "fwdbwd", big, 1, NULL);
    double worst = NAN;
    const char *wname = "";
    int over = 0;
    for (size_t a = 0; a < nnames; a++) {
      const double r = get("actgen", names[a], big, w > 0, NULL) / fl;
      over += r > 3;
      if (!(r <= worst)) { worst = r; wname = names[a]; }
    }
    if (w < 2)
      fprintf(out, "  actgen/floor, %s, every activation: max %.2f, %s; %d over 3 (target <= 3): %s\n",
              w ? "forward+backward (copy + triad)" : "forward", worst, wname, over, verdict(worst <= 3, worst));
    else
      fprintf(out, "    (against the four-stream loop of one fused pass: max %.2f, %s; %d over 3)\n", worst, wname, over);
  }
  for (int k = 0; k < 2; k++) {
    const size_t n = k ? big : small;
    if (k && big == small) break;
    double worst = NAN, l = 0;
    int c = 0;
    const char *wname = "";
    for (size_t a = 0; a < nnames; a++) {
      const double r = get("omp1", names[a], n, 1, NULL) / get("omp2", names[a], n, 1, NULL);
      if (isnan(r)) continue;
      l += log(r); c++;
      if (!(r >= worst)) { worst = r; wname = names[a]; }
    }
    const double target = k ? 1.0 : 1.7;
    fprintf(out, "  two-thread speedup at %s: geomean %.2f, min %.2f, %s (target >= %.1f): %s\n",
            size_label(n), c ? exp(l / c) : NAN, worst, wname, target, verdict(worst >= target, worst));
  }
}

int kernels_report(FILE *in, FILE *out)
{
  char line[1024];
  size_t cap = 0;
  while (fgets(line, sizeof line, in)) {
    if (strncmp(line, "INFO ", 5) == 0) { fputs(line + 5, out); continue; }
    char impl[16], name[40], f[32], p[32];
    size_t n;
    if (sscanf(line, "ROW %15s %39s %zu %31s %31s", impl, name, &n, f, p) != 5) continue;
    if (nrows == cap) {
      cap = cap ? 2 * cap : 256;
      rows = realloc(rows, cap * sizeof *rows);
      if (!rows) return 2;
    }
    struct row *r = &rows[nrows++];
    strcpy(r->impl, impl); strcpy(r->name, name);
    r->n = n; r->f = field(f); r->p = field(p);
  }
  for (size_t i = 0; i < nrows; i++)
    if (strcmp(rows[i].impl, "actgen") == 0) { add_name(rows[i].name); add_size(rows[i].n); }
  if (nnames == 0) { fprintf(stderr, "bench_kernels report: no actgen rows\n"); return 1; }
  vector_width(out);
  for (size_t s = 0; s < nsizes; s++) table(out, sizes[s]);
  fprintf(out, "(torch* = PyTorch eager composite of the same formula, autograd for the backward)\n");
  threads(out);
  summary(out);
  return 0;
}
