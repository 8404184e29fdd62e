/* main.c — the command line, and the compiler as a list of stages.
 *
 *   read      the .act file into memory
 *   parse     grammar/ (flex, bison)      -> syntax tree      (ast.h)
 *   resolve   resolve.c                   -> one DAG per activation, as written
 *   simplify  simplify.c                  -> stable, canonical f
 *   diff      diff.c, then simplify.c     -> df/dx and every df/dtheta_k
 *   stabilize stabilize.c (measure.c, ieee_eval.c, sample_points.c, tail.c, series.c)
 *                                         -> per region of x, the candidate form of each
 *                                            output the MPFR oracle measures best
 *   emit      emit.c through templates/   -> C text, written atomically
 *
 * `-d STAGE` prints the DAGs after resolve, simplify, diff or stabilize in the
 * language's own syntax, which is how one debugs the compiler. Any error in
 * the user's input ends the run with status 2 before a byte of output is
 * written; output files appear whole (written to a temporary file in the
 * same directory, then renamed) or not at all.
 */
#define _XOPEN_SOURCE 700   /* POSIX 2008 with XSI: mkstemp, fdopen, fchmod, lstat, realpath */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ast.h"
#include "check.h"
#include "emit.h"
#include "module.h"
#include "oracle.h"
#include "stabilize.h"
#include "version.h"

enum { EXIT_OK = 0, EXIT_CHECK_FAILED = 1, EXIT_BAD_INPUT = 2 };

static const char usage_text[] =
  "usage: actgen FILE.act [-o OUT.c] [-H OUT.h] [-D NAME=VALUE]... [--precision float|double|both] [--prefix P]\n"
  "       actgen deriv FILE.act      print f and its simplified derivatives\n"
  "       actgen check FILE.act [--samples N] [--seed S] [--baseline FILE] [--update-baseline]\n"
  "                                  measure the generated kernels against MPFR\n"
  "       actgen check FILE.act --exhaustive ACT:OUTPUT [--range LO:HI]\n"
  "                                  every float input of one output (f, df/dx, df/dTHETA), all cores\n"
  "       actgen eval FILE.act NAME X [--digits D]   oracle values of f, df/dx, df/dtheta at X\n"
  "       actgen --help | --version\n"
  "\n"
  "  -o OUT.c             write the C code to OUT.c (default: standard output)\n"
  "  -H OUT.h             also write a header declaring the generated API\n"
  "  -D NAME=VALUE        override the value of `param NAME`\n"
  "  --precision P        float, double or both (default both)\n"
  "  --prefix P           prepend P to every generated symbol\n"
  "  -d STAGE             print the DAGs after STAGE (resolve, simplify, diff, stabilize) to stderr\n";

static int usage_error(const char *fmt, const char *arg) {
  fputs("actgen: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\n", stderr);
  fputs(usage_text, stderr);
  return EXIT_BAD_INPUT;
}

typedef struct Options {
  const char *command;   /* "compile", "deriv", "check" or "eval" */
  CheckOptions check;
  const char *eval_name, *eval_x;
  int digits;
  const char *input, *out_c, *out_h, *dump;
  Define defs[64];
  int ndefs;
  EmitOptions emit;
} Options;

/* Output r (-2 f, -1 df/dx, k df/dtheta_k) as `NAME = form`, after the
 * stabilizer's note on it as a comment; where the float kernels compute
 * another form, that one and its note follow as comments. */
static void print_output(FILE *out, const Activation *a, int r) {
  const char *name = r == -2 ? "f" : r == -1 ? "df/dx" : a->theta_names[r];
  const char *d = r >= 0 ? "df/d" : "";
  const char *note = a->notes ? a->notes[r + 2] : NULL, *fnote = a->notes ? a->notes[a->ntheta + 2 + r + 2] : NULL;
  Node *fd = act_output(a, r, 0), *ff = act_output(a, r, 1);
  if (note) fprintf(out, "# %s: %s\n", name, note);
  fprintf(out, "%s%s = ", d, name);
  dag_print(out, fd, a->theta_names);
  if (ff == fd) return;
  fprintf(out, "# %s, float kernels: %s\n", name, fnote ? fnote : "as simplified");
  if (!fnote) return;   /* the simplified form: `-d diff` shows it */
  fprintf(out, "# float kernels: %s%s = ", d, name);
  dag_print(out, ff, a->theta_names);
}

static void dump(const char *stage, const Options *o, const Module *m) {
  if (!o->dump || strcmp(o->dump, stage) != 0) return;
  int all = !strcmp(stage, "diff") || !strcmp(stage, "stabilize");
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    fprintf(stderr, "# %s after %s\n", a->name, stage);
    if (!all) {
      fputs("f = ", stderr);
      dag_print(stderr, strcmp(stage, "resolve") == 0 ? a->written : a->f, a->theta_names);
      continue;
    }
    for (int r = -2; r < a->ntheta; r++) print_output(stderr, a, r);
  }
}

/* A regular file (or a new one) is written through a temporary file in its
 * directory and renamed into place, so that a reader never sees a
 * half-written file. A symlink to a regular file stays a symlink: the file
 * it points to is replaced that way. Anything else — a device such as
 * /dev/null, a FIFO, a dangling symlink — is opened and written through:
 * renaming over it would replace the device or the link with a regular
 * file. (Nothing is opened before the input is known to be good.) */
typedef struct Output {
  const char *path;   /* as given */
  char *tmp;          /* the temporary file; NULL when writing through */
  char *target;       /* what the temporary file is renamed to */
  FILE *f;
} Output;

static int output_open(Output *out, const char *path) {
  out->path = out->target = (char *)path;
  struct stat st;
  int exists = lstat(path, &st) == 0;
  if (exists && S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
    char *real = realpath(path, NULL);
    if (real) {
      out->target = xstrdup(real);
      free(real);
    }
  } else if (exists && !S_ISREG(st.st_mode)) {
    out->tmp = NULL;
    if (!(out->f = fopen(path, "w"))) {
      error_plain(path, "cannot write file: %s", strerror(errno));
      return 0;
    }
    return 1;
  }
  out->tmp = xprintf("%s.tmpXXXXXX", out->target);
  int fd = mkstemp(out->tmp);
  if (fd >= 0) {   /* mkstemp makes the file 0600; give it the mode a plain fopen would */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) { /* keep 0600: still a correct file */ }
  }
  if (fd < 0 || !(out->f = fdopen(fd, "w"))) {
    error_plain(path, "cannot write file: %s", strerror(errno));
    if (fd >= 0) close(fd);
    return 0;
  }
  return 1;
}

static int output_close(Output *out, int keep) {
  int ok = fflush(out->f) == 0 && !ferror(out->f);
  ok &= fclose(out->f) == 0;
  if (!ok && keep) error_plain(out->path, "cannot write file: %s", strerror(errno));
  if (!ok || !keep) {
    if (out->tmp) remove(out->tmp);
    return 0;
  }
  return 1;
}

/* Put a closed output in place: rename the temporary file (a no-op when
 * writing through). */
static int output_commit(Output *out) {
  if (!out->tmp || rename(out->tmp, out->target) == 0) return 1;
  error_plain(out->path, "cannot write file: %s", strerror(errno));
  remove(out->tmp);
  return 0;
}

static int compile(const Options *o, Module *m) {
  if (emit_check_names(m, &o->emit)) return EXIT_BAD_INPUT;
  Output c = {0}, h = {0};
  if (o->out_c && !output_open(&c, o->out_c)) return EXIT_BAD_INPUT;
  if (o->out_h && !output_open(&h, o->out_h)) {
    if (o->out_c) output_close(&c, 0);
    return EXIT_BAD_INPUT;
  }
  int ok = emit_c(o->out_c ? c.f : stdout, m, &o->emit);
  if (ok && o->out_h) emit_h(h.f, m, &o->emit);
  if (o->out_c) ok &= output_close(&c, ok);
  if (o->out_h) ok &= output_close(&h, ok);
  if (!ok) {
    if (o->out_c && c.tmp) remove(c.tmp);
    return EXIT_BAD_INPUT;
  }
  if (o->out_c && !output_commit(&c)) {
    if (o->out_h && h.tmp) remove(h.tmp);
    return EXIT_BAD_INPUT;
  }
  if (o->out_h && !output_commit(&h)) return EXIT_BAD_INPUT;
  if (!o->out_c && (fflush(stdout) != 0 || ferror(stdout))) {
    error_plain("<stdout>", "cannot write: %s", strerror(errno));
    return EXIT_BAD_INPUT;
  }
  return EXIT_OK;
}

static int print_derivatives(const Module *m) {
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    printf("%s# %s(x)", i ? "\n" : "", a->name);
    if (a->ntheta) {
      printf(", trainable:");
      for (int k = 0; k < a->ntheta; k++) printf(" %s", a->theta_names[k]);
    }
    printf("\n");
    for (int r = -2; r < a->ntheta; r++) print_output(stdout, a, r);
  }
  return EXIT_OK;
}

/* The initial value of theta_k: the k-th scalar of the learn items. */
static const Node *init_of(const Activation *a, int k) {
  for (int i = 0; i < a->nlearn; i++)
    if (k >= a->learn[i].offset && k < a->learn[i].offset + a->learn[i].size) return a->learn[i].init[k - a->learn[i].offset];
  die("theta %d has no learn item", k);
}

/* actgen eval: the oracle's values of f, df/dx and every df/dtheta_k at X
 * (taken as the exact decimal written, to 1536 bits), with theta at its
 * initial values rounded to double, as a double kernel receives them. The
 * derivatives come from the oracle's dual numbers, not from diff.c. */
static int evaluate(const Options *o, const Module *m) {
  const Activation *a = NULL;
  for (int i = 0; i < m->nacts; i++)
    if (!strcmp(m->acts[i]->name, o->eval_name)) a = m->acts[i];
  if (!a) {
    error_plain(o->input, "no activation named '%s'", o->eval_name);
    return EXIT_BAD_INPUT;
  }
  mpfr_t x, v, *theta = xalloc(sizeof(mpfr_t) * (size_t)(a->ntheta + 1));
  mpfr_inits2(1536, x, v, (mpfr_ptr)0);
  if (mpfr_set_str(x, o->eval_x, 10, MPFR_RNDN) != 0) {
    error_plain("<command line>", "'%s' is not a number", o->eval_x);
    mpfr_clears(x, v, (mpfr_ptr)0);
    return EXIT_BAD_INPUT;
  }
  for (int k = 0; k < a->ntheta; k++) {
    mpfr_init2(theta[k], 64);
    mpfr_set_d(theta[k], oracle_const_double(init_of(a, k)), MPFR_RNDN);
  }
  printf("# %s(x) at x = %s", a->name, o->eval_x);
  for (int k = 0; k < a->ntheta; k++) mpfr_printf("%s %s = %.17Rg", k ? "," : ", theta:", a->theta_names[k], theta[k]);
  printf("\n");
  for (int which = ORACLE_VALUE; which < a->ntheta; which++) {
    const char *label = which == ORACLE_VALUE ? "f" : which == ORACLE_DX ? "df/dx" : NULL;
    if (label) printf("%s = ", label);
    else printf("df/d%s = ", a->theta_names[which]);
    if (oracle_exact(a->written, which, x, theta, v)) mpfr_printf("%.*Rg\n", o->digits, v);
    else printf("(beyond the oracle's exponent range)\n");
  }
  for (int k = 0; k < a->ntheta; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, v, (mpfr_ptr)0);
  return EXIT_OK;
}

/* actgen check: the generated C (both precisions, with an internal prefix
 * so that no name can clash) in a temporary file, then check.c. */
static int check(Options *o, Module *m) {
  const char *tmp = getenv("TMPDIR");
  Output c = {0};
  if (!output_open(&c, xprintf("%s/actgen-check.c", tmp && *tmp ? tmp : "/tmp"))) return EXIT_BAD_INPUT;
  EmitOptions e = {CHECK_PREFIX, 1, 1, o->input};
  if (!output_close(&c, emit_c(c.f, m, &e))) return EXIT_BAD_INPUT;
  int status = check_command(m, c.tmp, &o->check);
  remove(c.tmp);
  return status;
}

static int parse_args(int argc, char **argv, Options *o) {
  o->command = "compile";
  o->emit.prefix = "";
  o->emit.want_float = o->emit.want_double = 1;
  int i = 1;
  o->digits = 20;
  o->check.samples = 200;
  o->check.range_hi = 0xffffffffu;
  o->check.seed = 0x5eed;
  if (i < argc && (!strcmp(argv[i], "deriv") || !strcmp(argv[i], "eval") || !strcmp(argv[i], "check")))
    o->command = argv[i++];
  for (; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-o") || !strcmp(a, "-H") || !strcmp(a, "-D") || !strcmp(a, "--precision") ||
        !strcmp(a, "--prefix") || !strcmp(a, "-d") || !strcmp(a, "--digits") || !strcmp(a, "--samples") ||
        !strcmp(a, "--seed") || !strcmp(a, "--baseline") || !strcmp(a, "--exhaustive") || !strcmp(a, "--range")) {
      if (!val) return usage_error("option '%s' needs a value", a);
      i++;
      if (!strcmp(a, "-o")) o->out_c = val;
      else if (!strcmp(a, "-H")) o->out_h = val;
      else if (!strcmp(a, "--prefix")) o->emit.prefix = val;
      else if (!strcmp(a, "--baseline")) o->check.baseline = val;
      else if (!strcmp(a, "--exhaustive")) o->check.exhaustive = val;
      else if (!strcmp(a, "--range")) {   /* LO:HI, float bit patterns, for a slice of --exhaustive */
        char *end;
        unsigned long lo = strtoul(val, &end, 0), hi = *end == ':' ? strtoul(end + 1, &end, 0) : 0;
        if (*end || lo > hi || hi > 0xffffffffu) return usage_error("--range takes LO:HI bit patterns, not '%s'", val);
        o->check.range_lo = (uint32_t)lo;
        o->check.range_hi = (uint32_t)hi;
      }
      else if (!strcmp(a, "--samples") || !strcmp(a, "--seed")) {
        char *end;
        unsigned long long v = strtoull(val, &end, 10);
        if (*end || !*val || (!strcmp(a, "--samples") && v > 100000))
          return usage_error("option needs a whole number (--samples at most 100000), not '%s'", val);
        if (!strcmp(a, "--samples")) o->check.samples = (int)v;
        else o->check.seed = v;
      } else if (!strcmp(a, "--digits")) {
        char *end;
        long d = strtol(val, &end, 10);
        if (*end || d < 1 || d > 1000) return usage_error("--digits takes a number from 1 to 1000, not '%s'", val);
        o->digits = (int)d;
      }
      else if (!strcmp(a, "-d")) {
        if (strcmp(val, "resolve") && strcmp(val, "simplify") && strcmp(val, "diff") && strcmp(val, "stabilize"))
          return usage_error("-d takes resolve, simplify, diff or stabilize, not '%s'", val);
        o->dump = val;
      } else if (!strcmp(a, "--precision")) {
        o->emit.want_float = !strcmp(val, "float") || !strcmp(val, "both");
        o->emit.want_double = !strcmp(val, "double") || !strcmp(val, "both");
        if (!o->emit.want_float && !o->emit.want_double)
          return usage_error("--precision takes float, double or both, not '%s'", val);
      } else {
        const char *eq = strchr(val, '=');
        if (!eq || eq == val) return usage_error("-D takes NAME=VALUE, not '%s'", val);
        if (o->ndefs == (int)(sizeof o->defs / sizeof *o->defs)) return usage_error("too many -D options%s", "");
        o->defs[o->ndefs].name = xstrndup(val, (size_t)(eq - val));
        o->defs[o->ndefs++].value = eq + 1;
      }
    } else if (!strcmp(a, "--update-baseline")) {
      o->check.update = 1;
    } else if (a[0] == '-' && a[1] != 0 && !(o->eval_name && !o->eval_x && (a[1] == '.' || (a[1] >= '0' && a[1] <= '9')))) {
      return usage_error("unknown option '%s'", a);
    } else if (o->input && !strcmp(o->command, "eval") && !o->eval_name) {
      o->eval_name = a;
    } else if (o->input && !strcmp(o->command, "eval") && !o->eval_x) {
      o->eval_x = a;
    } else if (o->input) {
      return usage_error("more than one input file ('%s')", a);
    } else {
      o->input = a;
    }
  }
  if (!o->input) return usage_error("no input file%s", "");
  if (!strcmp(o->command, "eval") && !o->eval_x) return usage_error("eval needs FILE.act NAME X%s", "");
  if (o->check.update && !o->check.baseline) return usage_error("--update-baseline needs --baseline FILE%s", "");
  for (const char *p = o->emit.prefix; *p; p++)
    if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (p != o->emit.prefix && *p >= '0' && *p <= '9')))
      return usage_error("--prefix '%s' is not a C identifier", o->emit.prefix);
  o->emit.source_name = o->input;
  return EXIT_OK;
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--help")) {
    fputs(usage_text, stdout);
    return EXIT_OK;
  }
  if (argc == 2 && !strcmp(argv[1], "--version")) {
    printf("actgen %s\n", ACTGEN_VERSION);
    return EXIT_OK;
  }
  static Options o;
  int status = parse_args(argc, argv, &o);
  if (status) return status;

  size_t len;
  char *text = read_source(o.input, &len);
  if (!text) return EXIT_BAD_INPUT;

  Program prog = {0};
  if (parse_program(o.input, text, len, &prog)) return EXIT_BAD_INPUT;
  Module *m = resolve_program(&prog, o.defs, o.ndefs);
  if (!m) return EXIT_BAD_INPUT;
  dump("resolve", &o, m);
  int ok = 1;
  for (int i = 0; i < m->nacts; i++) ok &= derive(m->acts[i]);
  if (!ok) return EXIT_BAD_INPUT;
  dump("simplify", &o, m);
  dump("diff", &o, m);
  /* eval asks the oracle about the form as written: the compiler's forms
   * play no part in it, and the stage is the costly part of a compile. */
  if (!strcmp(o.command, "eval") && !o.dump) return evaluate(&o, m);
  for (int i = 0; i < m->nacts; i++) stabilize(m->acts[i]);
  dump("stabilize", &o, m);

  if (!strcmp(o.command, "deriv")) return print_derivatives(m);
  if (!strcmp(o.command, "eval")) return evaluate(&o, m);
  if (!strcmp(o.command, "check")) return check(&o, m);
  return compile(&o, m);
}
