/* diag.h — user-facing diagnostics and internal errors.
 *
 * Errors in the user's input go through error_at(): it prints
 * "FILE:LINE:COL: error: MESSAGE", the source line and a caret under the
 * column, counts the error and returns, so that a stage can report several
 * errors before main() stops with exit status 2. die() is for actgen's own
 * bugs and for running out of memory. All allocation goes through the arena
 * (xalloc, xstrdup), which lives until exit: actgen is a short-lived process
 * and the arena keeps everything reachable for LeakSanitizer.
 */
#ifndef ACTGEN_DIAG_H
#define ACTGEN_DIAG_H

#include <stddef.h>

typedef struct Loc {
  const char *file;   /* the path as the user gave it */
  int line, col;      /* 1-based; col counts bytes */
} Loc;

/* Register the text of a source file so error_at can quote its lines. */
void diag_add_source(const char *file, const char *text, size_t len);
/* Read a whole file into the arena (NUL-terminated) and register it;
 * NULL after "FILE: error: cannot read file: ..." if it cannot be read. */
char *read_source(const char *path, size_t *len);

#if defined(__GNUC__)
#define ACTGEN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define ACTGEN_NORETURN __attribute__((noreturn))
#else
#define ACTGEN_PRINTF(a, b)
#define ACTGEN_NORETURN
#endif

void error_at(Loc loc, const char *fmt, ...) ACTGEN_PRINTF(2, 3);
/* An error with no source position: "WHERE: error: MESSAGE". */
void error_plain(const char *where, const char *fmt, ...) ACTGEN_PRINTF(2, 3);
int diag_error_count(void);
/* Stop reporting after this many errors (avoids floods); default 20. */
void die(const char *fmt, ...) ACTGEN_PRINTF(1, 2) ACTGEN_NORETURN;

/* Where diagnostics go (default stderr; the fuzz harness silences them). */
#include <stdio.h>
void diag_set_stream(FILE *f);

/* Forget the error count and the registered source, and free the arena
 * (everything xalloc gave out). Only for a process that compiles many
 * inputs, the fuzz harness: it calls dag_reset() and diff_reset() first,
 * since the DAG and the derivative rules live in the arena. */
void diag_reset(void);

void *xalloc(size_t size);            /* zeroed, from the arena */
void *xrealloc_array(void *p, size_t oldn, size_t newn, size_t elem); /* arena copy */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xprintf(const char *fmt, ...) ACTGEN_PRINTF(1, 2);

#endif
