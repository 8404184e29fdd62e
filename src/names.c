/* names.c — the identifiers a generated file defines, checked before any
 * C is written: each must not clash with a C keyword, with what the
 * headers a generated file includes declare (<math.h>, <stddef.h>,
 * <stdint.h>, <string.h>, <stdlib.h> under OpenMP), with actgen's own
 * reserved prefix, nor with another generated name of the same file.
 */
#include <stdlib.h>
#include <string.h>
#include "emit.h"


/* Identifiers a generated name must not take: C keywords (C99, C11 and
 * the new ones of C23), what <math.h> declares (C99, with the float and
 * long double variants, and the common POSIX and glibc extras a user's
 * -std=gnu99 build would see) and what <stddef.h> declares. */
static const char *const c_keywords[] = {
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
  "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
  "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
  "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Imaginary",
  "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local",
  "alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert",
  "thread_local", "true", "typeof", "typeof_unqual", "_BitInt", "_Decimal32", "_Decimal64",
  "_Decimal128", NULL};

/* Functions, each also with the suffixes f and l. */
static const char *const math_functions[] = {
  "acos", "asin", "atan", "atan2", "cos", "sin", "tan", "acosh", "asinh", "atanh", "cosh",
  "sinh", "tanh", "exp", "exp2", "expm1", "frexp", "ilogb", "ldexp", "log", "log10", "log1p",
  "log2", "logb", "modf", "scalbn", "scalbln", "cbrt", "fabs", "hypot", "pow", "sqrt", "erf",
  "erfc", "lgamma", "tgamma", "ceil", "floor", "nearbyint", "rint", "lrint", "llrint", "round",
  "lround", "llround", "trunc", "fmod", "remainder", "remquo", "copysign", "nan", "nextafter",
  "nexttoward", "fdim", "fmax", "fmin", "fma",
  /* POSIX and glibc */
  "j0", "j1", "jn", "y0", "y1", "yn", "gamma", "drem", "finite", "significand", "exp10",
  "pow10", "sincos", "scalb", "lgamma_r", NULL};

static const char *const math_macros[] = {
  "HUGE_VAL", "HUGE_VALF", "HUGE_VALL", "INFINITY", "NAN", "FP_INFINITY", "FP_NAN",
  "FP_NORMAL", "FP_SUBNORMAL", "FP_ZERO", "FP_FAST_FMA", "FP_FAST_FMAF", "FP_FAST_FMAL",
  "FP_ILOGB0", "FP_ILOGBNAN", "MATH_ERRNO", "MATH_ERREXCEPT", "math_errhandling",
  "fpclassify", "isfinite", "isinf", "isnan", "isnormal", "signbit", "isgreater",
  "isgreaterequal", "isless", "islessequal", "islessgreater", "isunordered", "float_t",
  "double_t", "signgam", "M_E", "M_LOG2E", "M_LOG10E", "M_LN2", "M_LN10", "M_PI", "M_PI_2",
  "M_PI_4", "M_1_PI", "M_2_PI", "M_2_SQRTPI", "M_SQRT2", "M_SQRT1_2", NULL};

static const char *const stddef_names[] = {"size_t", "ptrdiff_t", "wchar_t", "NULL", "offsetof",
                                           "max_align_t", NULL};

/* What the math layer's <stdint.h> and <string.h>, and the OpenMP path's
 * <stdlib.h>, declare that a generated file could meet. */
static const char *const other_names[] = {
  "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
  "intptr_t", "uintptr_t", "intmax_t", "uintmax_t", "memcpy", "memmove", "memset", "memcmp",
  "strlen", "malloc", "calloc", "realloc", "free", "abort", "exit", "abs", "labs", "div", NULL};

static int in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

static int is_math_function(const char *s) {
  if (in_list(math_functions, s)) return 1;
  size_t n = strlen(s);
  if (n < 2 || (s[n - 1] != 'f' && s[n - 1] != 'l')) return 0;
  char stem[64];
  if (n - 1 >= sizeof stem) return 0;
  memcpy(stem, s, n - 1);
  stem[n - 1] = 0;
  return in_list(math_functions, stem);
}

/* Why a generated name cannot be used ("clashes with the C keyword
 * 'int'"), or NULL when it can. */
static const char *clash(const char *s) {
  if (in_list(c_keywords, s)) return xprintf("clashes with the C keyword '%s'", s);
  if (is_math_function(s)) return xprintf("clashes with the <math.h> function '%s'", s);
  if (in_list(math_macros, s)) return xprintf("clashes with the <math.h> name '%s'", s);
  if (in_list(stddef_names, s)) return xprintf("clashes with the <stddef.h> name '%s'", s);
  if (in_list(other_names, s)) return xprintf("clashes with the C library name '%s'", s);
  if (strncmp(s, "actgen_", 7) == 0) return "begins with 'actgen_', which actgen reserves for its internal functions";
  if (s[0] == '_' && (s[1] == '_' || (s[1] >= 'A' && s[1] <= 'Z')))
    return "is reserved by the C standard (it begins with '__' or '_' and a capital letter)";
  return NULL;
}

/* One identifier the generated code defines. */
typedef struct GenName {
  const char *name;
  int act;             /* index into m->acts */
  const char *learn;   /* the learn item it comes from, or NULL */
  int seq;             /* order of generation, for a total, deterministic sort */
} GenName;

static int cmp_genname(const void *pa, const void *pb) {
  const GenName *a = pa, *b = pb;
  int c = strcmp(a->name, b->name);
  return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Every identifier generated for activation a, in a fixed order: the
 * functions and arrays first, then the macros. */
static int generated_names(const Activation *a, const EmitOptions *o, int act, GenName *out, int seq) {
  static const char *const dbl[] = {"", "_grad", "_forward", "_backward", "_theta_init"};
  static const char *const flt[] = {"f", "_gradf", "_forwardf", "_backwardf", "_theta_initf"};
  int n = 0;
  for (int i = 0; i < 5; i++) {
    if (o->want_double) out[n++] = (GenName){xprintf("%s%s%s", o->prefix, a->name, dbl[i]), act, NULL, seq++};
    if (o->want_float) out[n++] = (GenName){xprintf("%s%s%s", o->prefix, a->name, flt[i]), act, NULL, seq++};
  }
  out[n++] = (GenName){xprintf("%s%s_NTHETA", o->prefix, a->name), act, NULL, seq++};
  for (int l = 0; l < a->nlearn; l++) {
    const char *ln = a->learn[l].name;
    out[n++] = (GenName){xprintf("%s%s_THETA_%s", o->prefix, a->name, ln), act, ln, seq++};
    if (a->learn[l].is_vector)
      out[n++] = (GenName){xprintf("%s%s_THETA_%s_SIZE", o->prefix, a->name, ln), act, ln, seq++};
  }
  return n;
}

int emit_check_names(const Module *m, const EmitOptions *o) {
  int errors = 0, total = 0;
  for (int i = 0; i < m->nacts; i++) total += 11 + 2 * m->acts[i]->nlearn;
  GenName *all = xalloc(sizeof(GenName) * (size_t)(total + 1));
  int n = 0;
  const char *fix = o->prefix[0] ? "another --prefix" : "--prefix";
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    int first = n;
    n += generated_names(a, o, i, all + n, n);
    /* One report per activation: tanh and tanhf are one mistake. */
    for (int j = first; j < n; j++) {
      const char *what = clash(all[j].name);
      if (!what) continue;
      if (strcmp(all[j].name, a->name) == 0)
        error_at(a->loc, "activation name '%s' %s; use %s", a->name, what, fix);
      else
        error_at(a->loc, "activation name '%s' gives the generated name '%s', which %s; use %s", a->name,
                 all[j].name, what, fix);
      errors++;
      break;
    }
  }
  /* Two definitions of one name: activations foo and foo_grad, or learn
   * items v[2] and v_SIZE. Reported at the later one, in source order. */
  GenName *sorted = xalloc(sizeof(GenName) * (size_t)(n + 1));
  memcpy(sorted, all, sizeof(GenName) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof *sorted, cmp_genname);
  unsigned char *dup = xalloc((size_t)n + 1);   /* by seq: the later of a duplicate pair */
  int *partner = xalloc(sizeof(int) * (size_t)(n + 1));
  for (int j = 1; j < n; j++)
    if (strcmp(sorted[j].name, sorted[j - 1].name) == 0 && !dup[sorted[j].seq]) {
      dup[sorted[j].seq] = 1;
      partner[sorted[j].seq] = sorted[j - 1].seq;
    }
  /* reported[e] == 1 + l: activation l has been reported against e (one
   * error for foo_grad against foo, not one per generated name). */
  int *reported = xalloc(sizeof(int) * (size_t)(m->nacts + 1));
  for (int j = 0; j < n; j++) {
    if (!dup[j]) continue;
    const GenName *later = &all[j], *earlier = &all[partner[j]];
    const Activation *a = m->acts[later->act], *b = m->acts[earlier->act];
    if (reported[earlier->act] == 1 + later->act && later->act != earlier->act) continue;
    reported[earlier->act] = 1 + later->act;
    if (later->act == earlier->act)
      error_at(a->loc, "activation '%s': learn items '%s' and '%s' both give the generated name '%s'; rename one",
               a->name, earlier->learn ? earlier->learn : "?", later->learn ? later->learn : "?", later->name);
    else if (strcmp(a->name, b->name) == 0)
      continue;   /* two activations of one name: the resolver reports that */
    else
      error_at(a->loc, "activation name '%s' gives the generated name '%s', which activation '%s' also defines; rename one",
               a->name, later->name, b->name);
    errors++;
  }
  return errors;
}
