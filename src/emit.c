/* emit.c — print a Module as self-contained C99 (SPEC §3).
 *
 * The C that is the same for every activation — the file frame, the public
 * functions with their blocked array loops and dtheta reductions, the
 * header, the helper functions C lacks, the math layer — lives in
 * templates/ (embedded as strings into build/templates.h) and is filled in
 * through textbuf.h.
 *
 * What is particular to an activation is written here: static bodies
 * computed straight-line from the DAGs, in double,
 *     actgen_pre_NAME   the theta-only values, once per call, into p[K..]
 *     actgen_f_NAME     f(x)
 *     actgen_dx_NAME    df/dx
 *     actgen_dall_NAME  df/dx, storing every df/dtheta_k (only when K > 0)
 * The bodies read p[]: theta widened to double (p[0..K-1]) and the hoisted
 * theta-only values, a local array of the caller, so nothing they read can
 * alias what the array loops write. The double API calls <math.h>; when an
 * activation uses a function of the math layer (templates/math/, ops.h
 * column V), the float API gets bodies of its own (actgen_fv_NAME ...)
 * that call the layer's vectorizable functions instead, accurate enough
 * that a float result rounded once from them stays correctly rounded; where
 * those call `_fast` forms (ops.h, FAST), write calls as their constants
 * beyond a bound (ops.h, SAT) or leave rare regions out
 * (lower.c), bodies with the whole layer and every region (actgen_fr_NAME
 * ...) redo the blocks or elements concerned.
 *
 * schedule.c orders each body's nodes and chooses its temporaries; an `if`
 * reads both branches from temporaries, so the select needs no branch.
 * print_expr() writes an expression with the fewest parentheses that keep
 * the DAG's exact order of operations (floating-point + and * do not
 * reassociate).
 *
 * Constants: a constant sub-DAG (no x, no theta) is printed as one literal,
 * its exact value correctly rounded to double (the shortest decimal that
 * reads back as that double), so that the compiler's rounding never enters.
 *
 * Everything is built in memory first (the banner lists the operation
 * counts and the helpers needed, known only after scheduling), then written
 * at once. Iteration follows the schedule (which depends only on the shape
 * of the DAG) and the source order, never pointer values or hash order: the
 * output is byte-for-byte deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "emit.h"
#include "emit_body.h"
#include "input_limits.h"
#include "templates.h"
#include "textbuf.h"
#include "version.h"

/* ---- per-activation text ---- */

static char *prefixed(const EmitOptions *o, const char *name) { return xprintf("%s%s", o->prefix, name); }

/* The block comment above an activation: its name, its ## documentation,
 * and the layout of theta. */
static void print_doc(Buf *out, const ActInfo *ai) {
  const Activation *a = ai->act;
  buf_puts(out, "\n/* ---- ");
  put_comment_str(out, ai->name);
  if (!a->doc && !a->nlearn) {
    buf_puts(out, " ---- */\n");
    return;
  }
  buf_puts(out, " ----\n");
  if (a->doc) {
    for (const char *p = a->doc; *p;) {
      const char *eol = strchr(p, '\n');
      size_t n = eol ? (size_t)(eol - p) : strlen(p);
      size_t m = n;
      while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\r')) m--;
      buf_puts(out, m ? " * " : " *");
      put_comment_text(out, p, m);
      buf_puts(out, "\n");
      p += n + (eol != NULL);
    }
  }
  if (a->nlearn) {
    buf_puts(out, " * theta:");
    for (int l = 0; l < a->nlearn; l++) {
      const Learn *le = &a->learn[l];
      buf_puts(out, l ? ", " : " ");
      put_comment_str(out, le->name);
      if (le->is_vector) buf_printf(out, "[%d] = theta[%d..%d]", le->size, le->offset, le->offset + le->size - 1);
      else buf_printf(out, " = theta[%d]", le->offset);
    }
    buf_puts(out, "\n");
  }
  buf_puts(out, " */\n");
}

/* The #defines and the declarations of the public API (decls.h.in). */
static void print_decls(Buf *out, const ActInfo *ai, const EmitOptions *o) {
  const Activation *a = ai->act;
  Buf theta = {0};
  for (int l = 0; l < a->nlearn; l++) {
    const Learn *le = &a->learn[l];
    buf_printf(&theta, "#define %s_THETA_%s %d\n", ai->name, le->name, le->offset);
    if (le->is_vector) buf_printf(&theta, "#define %s_THETA_%s_SIZE %d\n", ai->name, le->name, le->size);
  }
  char k[16];
  snprintf(k, sizeof k, "%d", a->ntheta);
  Subst subs[] = {{"NAME", ai->name}, {"K", k}, {"THETA", buf_str(&theta)}};
  int n = (int)(sizeof subs / sizeof *subs);
  fill_section(out, tpl_decls_h_in, "defines", subs, n);
  if (o->want_double) fill_section(out, tpl_decls_h_in, "double", subs, n);
  if (o->want_float) fill_section(out, tpl_decls_h_in, "float", subs, n);
  buf_free(&theta);
}

/* The K initial values, the insides of a brace-enclosed list: on one line
 * when short, else on lines of their own, as many per line as fit in 78
 * columns. */
static char *init_list(const Activation *a, int is_float) {
  int K = a->ntheta;
  const Node **init = xalloc(sizeof(Node *) * (size_t)(K + 1));
  for (int l = 0; l < a->nlearn; l++)
    for (int j = 0; j < a->learn[l].size; j++) init[a->learn[l].offset + j] = a->learn[l].init[j];
  char **lit = xalloc(sizeof(char *) * (size_t)(K + 1));
  size_t total = 0;
  for (int k = 0; k < K; k++) {
    if (!init[k]) die("activation '%s': theta[%d] has no initial value", a->name, k);
    char s[LIT_MAX];
    if (is_float) literal_float(s, const_float(init[k]));
    else literal_double(s, const_double(init[k]));
    lit[k] = xstrdup(s);
    total += strlen(s) + 2;
  }
  Buf b = {0};
  if (total <= 40) {
    for (int k = 0; k < K; k++) buf_printf(&b, "%s%s", k ? ", " : "", lit[k]);
  } else {
    size_t col = 78;   /* forces a new line before the first item */
    for (int k = 0; k < K; k++) {
      if (col + strlen(lit[k]) + 2 > 78) {
        buf_puts(&b, "\n ");
        col = 1;
      }
      buf_printf(&b, " %s%s", lit[k], k + 1 < K ? "," : "\n");
      col += strlen(lit[k]) + 2;
    }
  }
  char *s = xstrdup(buf_str(&b));
  buf_free(&b);
  return s;
}

/* Elements per block of the array loops: a block of dtheta terms holds
 * K * B doubles, kept within 10 KiB; a multiple of 8 (the sum lanes).
 * With 20 KiB (pau and hp, K = 10, B = 256) their float forward+backward
 * at 2^24 elements took 16-24% longer than with B = 128 (and 7-12% in
 * cache), as if the block pushed the streamed x, dy and dx out of a
 * 48 KiB L1; B = 64 was slower again in cache (loop overheads). */
static int block_size(int K) {
  int b = K > 0 ? 1280 / K : 256;
  b = b > 256 ? 256 : b < 8 ? 8 : b;
  return b - b % 8;
}

/* The lines that redo a block whose vector float bodies took the `_fast`
 * form of a layer function beyond its bound, or its saturated constant
 * within the bound (they set `fast`; ops.h, FAST and SAT), with the whole
 * float form, every element of it (the same bits where the forms agree);
 * then those that redo the elements whose float bodies returned NaN (a
 * rare lane, see api.c.in): with the whole float form
 * where the vector bodies leave rare regions out (lower.c), then with the
 * double bodies where a layer function is bounded (sin, cos): FIX[0..2]
 * for the array loops, FIX[3..5] for one x; all empty when there are none. */
static void fix_lines(const ActInfo *ai, int layer, const char **fix) {
  const char *p = ai->act->ntheta > 0 ? ", p" : "";
  for (int i = 0; i < 6; i++) fix[i] = "";
  if (layer && ai->fast) {
    const char *loop = "if (fast >> 63)\n  for (size_t j = 0; j < m; j++) t[j] = ";
    if (ai->nfast[BODY_F]) {
      fix[0] = xprintf("%sactgen_fr_%s((double)x[i + j]%s);", loop, ai->name, p);
      fix[3] = xprintf("if (fast >> 63) v = actgen_fr_%s((double)x%s);", ai->name, p);
    }
    if (ai->nfast[BODY_DX]) {
      fix[1] = xprintf("%s(double)dy[i + j] * actgen_dxr_%s((double)x[i + j]%s);", loop, ai->name, p);
      fix[4] = xprintf("if (fast >> 63) v = actgen_dxr_%s((double)x%s);", ai->name, p);
    }
    if (ai->nfast[BODY_DALL]) {
      fix[2] = xprintf("%sw[j] * actgen_dallr_%s((double)x[i + j]%s, d + j, %d);", loop, ai->name, p,
                       block_size(ai->act->ntheta));
      fix[5] = xprintf("if (fast >> 63) g = actgen_dallr_%s((double)x%s, d, 1);", ai->name, p);
    }
  }
  /* A first pass finds whether the block has a NaN at all (a vectorized
   * OR): the second computes the whole form per element, and a compiler
   * that vectorizes it (gcc with AVX-512's masked gathers) would do so for
   * every element of every block (erfact's forward 2.7 -> 7.1 ns). */
  const char *loop = "{\n  int rare = 0;\n  for (size_t j = 0; j < m; j++) rare |= t[j] != t[j];\n"
                     "  if (rare)\n    for (size_t j = 0; j < m; j++)\n      if (t[j] != t[j]) t[j] = ";
  for (int pass = 0; pass < 2 && layer; pass++) {
    if (!(pass == 0 ? ai->regions : ai->rare)) continue;
    const char *v = pass == 0 ? "r" : "";
#define NL(i) (fix[i][0] ? "\n" : "")
    fix[0] = xprintf("%s%s%sactgen_f%s_%s((double)x[i + j]%s);\n}", fix[0], NL(0), loop, v, ai->name, p);
    fix[1] = xprintf("%s%s%s(double)dy[i + j] * actgen_dx%s_%s((double)x[i + j]%s);\n}", fix[1], NL(1), loop, v, ai->name, p);
    fix[2] = xprintf("%s%s%sw[j] * actgen_dall%s_%s((double)x[i + j]%s, d + j, %d);\n}", fix[2], NL(2), loop, v, ai->name, p,
                     block_size(ai->act->ntheta));
    fix[3] = xprintf("%s%sif (v != v) v = actgen_f%s_%s((double)x%s);", fix[3], NL(3), v, ai->name, p);
    fix[4] = xprintf("%s%sif (v != v) v = actgen_dx%s_%s((double)x%s);", fix[4], NL(4), v, ai->name, p);
    fix[5] = xprintf("%s%sif (g != g) g = actgen_dall%s_%s((double)x%s, d, 1);", fix[5], NL(5), v, ai->name, p);
#undef NL
  }
}

static void print_api(Buf *out, ActInfo *ai, int is_float, int layer) {
  const Activation *a = ai->act;
  int K = a->ntheta;
  const char *fix[6];
  fix_lines(ai, layer, fix);
  char k[16], p[16], bsz[16];
  snprintf(k, sizeof k, "%d", K);
  snprintf(p, sizeof p, "%d", K + ai->nhoisted);
  snprintf(bsz, sizeof bsz, "%d", block_size(K));
  const char *v = layer ? "v" : "";
  /* dtheta from the per-element values d[k] and from the sums: times the
   * factors that the float bodies leave out (lower.c, factor_theta). A sum
   * of the terms t g, each +-0 with t = 0, is +0: + 0.0 makes the product
   * of their sum and t so too (-0 + 0 = +0; exact otherwise). */
  Buf d1 = {0}, dsum = {0};
  int factored = 0;
  for (int j = 0; j < K && is_float && layer; j++) factored |= ai->dfactor[j] != NULL;
  for (int j = 0; j < K && factored; j++) {
    char *t = dfactor_ref(ai, j);
    const char *sep = j ? "\n" : "";
    if (t) {
      buf_printf(&d1, "%sdtheta[%d] = (float)(d[%d] * %s);", sep, j, j, t);
      buf_printf(&dsum, "%sdtheta[%d] = (float)(actgen_sum_get(acc[%d], acc[%d]) * %s + 0.0);", sep, j, 2 * j, 2 * j + 1, t);
    } else {
      buf_printf(&d1, "%sdtheta[%d] = (float)d[%d];", sep, j, j);
      buf_printf(&dsum, "%sdtheta[%d] = (float)actgen_sum_get(acc[%d], acc[%d]);", sep, j, 2 * j, 2 * j + 1);
    }
  }
  /* The dtheta terms of a block: in one pass for all K parameters, or one
   * pass per parameter for K = 2, where gcc 12's code for erfact's
   * backward was 7% slower with the shared pass on Zen 4, 8-11% on Zen 5
   * (K = 10, pau and hp: 7-11% faster). The same additions in the same
   * order either way. */
  const char *T = is_float ? "float" : "double";
  const char *dsum_loop = is_float ? "dtheta[k] = (float)actgen_sum_get(acc[2 * k], acc[2 * k + 1]);"
                                   : "dtheta[k] = (double)actgen_sum_get(acc[2 * k], acc[2 * k + 1]);";
  const char *sum = is_float ? "actgen_sum_block_float" : "actgen_sum_block";
  const char *sumblock =
      K == 2 ? xprintf("for (int k = 0; k < 2; k++) %s(s + 8 * k, e + 8 * k, u, d + k * %s, w, m, %s, 1);", sum, bsz, bsz)
             : xprintf("%s(s, e, u, d, w, m, %s, %d);", sum, bsz, K);
  Subst subs[] = {{"T", T},
                  {"S", is_float ? "f" : ""},
                  {"NAME", ai->name},
                  {"K", k},
                  {"P", p},
                  {"PRE", ai->nhoisted ? xprintf("  actgen_pre_%s(p);", ai->name) : ""},
                  {"INIT", K > 0 ? init_list(a, is_float) : ""},
                  {"F", xprintf("actgen_f%s_%s", v, ai->name)},
                  {"DX", xprintf("actgen_dx%s_%s", v, ai->name)},
                  {"DALL", xprintf("actgen_dall%s_%s", v, ai->name)},
                  {"B", bsz},
                  {"CHUNK", "8192"},
                  {"SUMBLOCK", sumblock},
                  {"FIXF", fix[0]}, {"FIXDX", fix[1]}, {"FIXDALL", fix[2]},
                  {"FIXF1", fix[3]}, {"FIXDX1", fix[4]}, {"FIXDALL1", fix[5]},
                  {"PARG", K > 0 ? ", p" : ""},
                  {"RARG", layer && ai->fast ? ", &fast" : ""},
                  {"FASTDECL", layer && ai->fast ? "uint64_t fast = 0;" : ""},
                  {"PPARAM", K > 0 ? ", const double *p" : ""},
                  {"DTHETA1", factored ? buf_str(&d1) : xprintf("for (int k = 0; k < %d; k++) dtheta[k] = (%s)d[k];", K, T)},
                  {"DTHETASUM", factored ? buf_str(&dsum) : xprintf("for (int k = 0; k < %d; k++) %s", K, dsum_loop)}};
  int nsubs = (int)(sizeof subs / sizeof *subs);
  buf_puts(out, "\n");
  fill_section(out, tpl_api_c_in, "blocks", subs, nsubs);
  buf_puts(out, "\n");
  fill_section(out, tpl_api_c_in, K > 0 ? "theta" : "notheta", subs, nsubs);
  buf_free(&d1);
  buf_free(&dsum);
}

/* The bodies and the public API of one activation. The float API calls
 * the math layer's bodies when the activation uses a function of the
 * layer, the double bodies otherwise. */
static void print_activation(Buf *out, ActInfo *ai, const EmitOptions *o) {
  const Activation *a = ai->act;
  int K = a->ntheta;
  find_hoisted(ai);
  print_doc(out, ai);
  print_decls(out, ai, o);
  if (ai->nhoisted) print_body(out, ai, BODY_PRE, 0);
  int float_layer = o->want_float && ai->layer;
  for (int layer = 0; layer <= float_layer + (float_layer && (ai->regions || ai->fast)); layer++) {
    if (layer == 0 && !o->want_double && float_layer && !ai->rare) continue;
    /* layer 2 redoes what layer 1 leaves out: every body where rare regions
     * are, else only the bodies that set `fast` (`_fast` forms, saturated calls) */
#define NEEDED(kind) (layer < 2 || ai->regions || ai->nfast[kind])
    int f = NEEDED(BODY_F) ? print_body(out, ai, BODY_F, layer) : -1;
    int dx = NEEDED(BODY_DX) ? print_body(out, ai, BODY_DX, layer) : -1;
    int dall = K > 0 && NEEDED(BODY_DALL) ? print_body(out, ai, BODY_DALL, layer) : -1;
#undef NEEDED
    if (layer == 0 || (!o->want_double && (layer == 1 || ai->regions))) {   /* the banner counts the double bodies */
      ai->ops[BODY_F] = f;
      ai->ops[BODY_DX] = dx;
      ai->ops[BODY_DALL] = dall;
    }
  }
  if (o->want_double) print_api(out, ai, 0, 0);
  if (o->want_float) print_api(out, ai, 1, float_layer);
  hoisted_free(ai);
}

/* The operation counts as comment lines for the banner. */
static char *opcount_lines(const ActInfo *ai, int nacts) {
  Buf b = {0};
  size_t w = 10;
  for (int i = 0; i < nacts; i++)
    if (strlen(ai[i].name) > w) w = strlen(ai[i].name);
  int outlined = 0;
  for (int i = 0; i < nacts; i++) outlined |= ai[i].narms > 0;
  buf_printf(&b, " * Operations per element (DAG nodes after sharing%s):\n",
             outlined ? "; the double forms of regions, outlined, counted in full" : "");
  buf_printf(&b, " *   %-*s  %6s  %6s  %15s\n", (int)w, "", "f", "df/dx", "df/dx+df/dtheta");
  for (int i = 0; i < nacts; i++) {
    buf_puts(&b, " *   ");
    Buf name = {0};
    put_comment_str(&name, ai[i].name);
    buf_printf(&b, "%-*s  %6d  %6d  ", (int)w, buf_str(&name), ai[i].ops[BODY_F], ai[i].ops[BODY_DX]);
    if (ai[i].ops[BODY_DALL] >= 0) buf_printf(&b, "%15d\n", ai[i].ops[BODY_DALL]);
    else buf_printf(&b, "%15s\n", "-");
    buf_free(&name);
  }
  char *s = xstrdup(buf_str(&b));
  buf_free(&b);
  return s;
}

static const char *source_comment(const EmitOptions *o) {
  Buf b = {0};
  put_comment_str(&b, o->source_name ? o->source_name : "<stdin>");
  char *s = xstrdup(buf_str(&b));
  buf_free(&b);
  return s;
}

int emit_c(FILE *out, const Module *m, const EmitOptions *o) {
  memset(helper_used, 0, sizeof helper_used);
  memset(layer_used, 0, sizeof layer_used);
  ActInfo *ai = xalloc(sizeof(ActInfo) * (size_t)(m->nacts + 1));
  Buf acts = {0};
  int need_sum = 0;
  for (int i = 0; i < m->nacts; i++) {
    ai[i].act = m->acts[i];
    ai[i].name = prefixed(o, m->acts[i]->name);
    need_sum |= m->acts[i]->ntheta > 0;
    /* The float kernels' forms (lower.c, horner.c) are built here, after
     * the stages that check the DAG's limits: past them the constructor
     * makes stand-in zeros (dag.h), which must never reach the file. */
    dag_clear_overflow();
    print_activation(&acts, &ai[i], o);
    if (dag_overflowed()) {
      error_at(m->acts[i]->loc, "activation '%s' is too large to compile: its float kernels exceed %d nodes or a "
               "nesting depth of %d", m->acts[i]->name, LIMIT_DAG_NODES, LIMIT_DAG_DEPTH);
      dag_clear_overflow();
      buf_free(&acts);
      return 0;
    }
  }
  Buf helpers = {0};
  print_helpers(&helpers, need_sum);
  print_math_layer(&helpers);
  Subst subs[] = {{"VERSION", ACTGEN_VERSION},
                  {"SOURCE", source_comment(o)},
                  {"OPCOUNTS", opcount_lines(ai, m->nacts)},
                  {"HELPERS", buf_str(&helpers)},
                  {"ACTIVATIONS", buf_str(&acts)}};
  Buf file = {0};
  fill_template(&file, tpl_file_c_in, strlen(tpl_file_c_in), subs, (int)(sizeof subs / sizeof *subs));
  fwrite(file.s, 1, file.len, out);
  buf_free(&file);
  buf_free(&helpers);
  buf_free(&acts);
  return 1;
}


/* ---- the header ---- */

/* ACTGEN_<PREFIX><BASENAME>_H, from the .act file's name without its
 * directory and extension. */
static char *guard_name(const EmitOptions *o) {
  const char *src = o->source_name ? o->source_name : "stdin";
  const char *base = strrchr(src, '/');
  base = base ? base + 1 : src;
  size_t n = strlen(base);
  if (n > 4 && strcmp(base + n - 4, ".act") == 0) n -= 4;
  char *g = xprintf("ACTGEN_%s%.*s_H", o->prefix, (int)n, base);
  for (char *p = g; *p; p++) {
    if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) *p = '_';
  }
  return g;
}

void emit_h(FILE *out, const Module *m, const EmitOptions *o) {
  Buf decls = {0};
  for (int i = 0; i < m->nacts; i++) {
    ActInfo ai = {.act = m->acts[i], .name = prefixed(o, m->acts[i]->name)};
    print_doc(&decls, &ai);
    print_decls(&decls, &ai, o);
  }
  Subst subs[] = {{"VERSION", ACTGEN_VERSION}, {"SOURCE", source_comment(o)}, {"GUARD", guard_name(o)},
                  {"DECLS", buf_str(&decls)}};
  Buf file = {0};
  fill_template(&file, tpl_header_h_in, strlen(tpl_header_h_in), subs, (int)(sizeof subs / sizeof *subs));
  fwrite(file.s, 1, file.len, out);
  buf_free(&file);
  buf_free(&decls);
}
