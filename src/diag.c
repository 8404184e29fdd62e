/* diag.c — diagnostics and the arena.
 *
 * error_at() finds the quoted line in the registered source text, so the
 * scanner and parser need only pass a Loc. The arena is a chain of large
 * blocks that are never freed: everything actgen allocates lives until the
 * process exits, which is both simplest and what a batch compiler wants.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "input_limits.h"

enum { MAX_ERRORS = 20 };

static const char *src_file, *src_text;
static size_t src_len;
static int nerrors;
static FILE *stream;   /* NULL: stderr */

static FILE *out(void) { return stream ? stream : stderr; }
void diag_set_stream(FILE *f) { stream = f; }

void diag_add_source(const char *file, const char *text, size_t len) {
  src_file = file;
  src_text = text;
  src_len = len;
}

/* Print line `line` of the registered source and a caret under `col`; of
 * a very long line, only QUOTE_WIDTH bytes around the column, marked by
 * "..." where it is cut. */
enum { QUOTE_WIDTH = 160 };

static void quote_line(Loc loc) {
  if (!src_text || !loc.file || strcmp(loc.file, src_file) != 0 || loc.line < 1) return;
  const char *p = src_text, *end = src_text + src_len;
  for (int l = 1; l < loc.line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) return;
    p = nl + 1;
  }
  const char *e = p;
  while (e < end && *e != '\n') e++;
  if (e > p && e[-1] == '\r') e--;
  const char *caret = p + (loc.col > 1 ? loc.col - 1 : 0), *from = p, *to = e;
  if (caret > e) caret = e;
  if (to - from > QUOTE_WIDTH) {
    if (caret - from > QUOTE_WIDTH / 2) from = caret - QUOTE_WIDTH / 2;
    if (to - from > QUOTE_WIDTH) to = from + QUOTE_WIDTH;
  }
  fputs(from > p ? "  ..." : "  ", out());
  /* Quote printable bytes as they are and anything else as '?', so that a
   * bad byte in the input cannot garble the terminal. */
  for (const char *q = from; q < to; q++)
    fputc((*q == '\t' || (*q >= 0x20 && *q < 0x7f)) ? *q : '?', out());
  fputs(to < e ? "...\n  " : "\n  ", out());
  if (from > p) fputs("   ", out());
  for (const char *q = from; q < caret && q < to; q++) fputc(*q == '\t' ? '\t' : ' ', out());
  fputs("^\n", out());
}

void error_at(Loc loc, const char *fmt, ...) {
  if (++nerrors > MAX_ERRORS) {
    if (nerrors == MAX_ERRORS + 1) fprintf(out(), "%s: error: too many errors, stopping\n", loc.file);
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  fprintf(out(), "%s:%d:%d: error: ", loc.file, loc.line, loc.col);
  vfprintf(out(), fmt, ap);
  fputc('\n', out());
  va_end(ap);
  quote_line(loc);
}

void error_plain(const char *where, const char *fmt, ...) {
  nerrors++;
  va_list ap;
  va_start(ap, fmt);
  fprintf(out(), "%s: error: ", where);
  vfprintf(out(), fmt, ap);
  fputc('\n', out());
  va_end(ap);
}

int diag_error_count(void) { return nerrors; }

char *read_source(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    error_plain(path, "cannot read file: %s", strerror(errno));
    return NULL;
  }
  /* One byte past LIMIT_FILE_BYTES is enough for the parser to refuse it. */
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);
  while (buf && n <= (size_t)LIMIT_FILE_BYTES && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *b = realloc(buf, cap *= 2);
      if (!b) free(buf);
      buf = b;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf) die("out of memory");
  if (bad) {
    error_plain(path, "cannot read file: %s", strerror(EIO));
    free(buf);
    return NULL;
  }
  char *text = xstrndup(buf, n);   /* arena copy, NUL-terminated */
  free(buf);
  *len = n;
  diag_add_source(path, text, n);
  return text;
}

void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("actgen: internal error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(3);
}

/* ---- the arena ---- */

typedef struct Block { struct Block *prev; size_t used, cap; _Alignas(max_align_t) char data[]; } Block;
static Block *arena;

void diag_reset(void) {
  nerrors = 0;
  src_file = src_text = NULL;
  src_len = 0;
  while (arena) {
    Block *prev = arena->prev;
    free(arena);
    arena = prev;
  }
}

void *xalloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!arena || arena->used + size > arena->cap) {
    size_t cap = size > (1u << 20) ? size : (1u << 20);
    Block *b = malloc(sizeof(Block) + cap);
    if (!b) die("out of memory");
    b->prev = arena;
    b->used = 0;
    b->cap = cap;
    arena = b;
  }
  void *p = arena->data + arena->used;
  arena->used += size;
  memset(p, 0, size);
  return p;
}

void *xrealloc_array(void *p, size_t oldn, size_t newn, size_t elem) {
  void *q = xalloc(newn * elem);
  if (p && oldn) memcpy(q, p, (oldn < newn ? oldn : newn) * elem);
  return q;
}

char *xstrndup(const char *s, size_t n) {
  char *p = xalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xprintf(const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = xalloc((size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}
