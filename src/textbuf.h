/* textbuf.h — growable strings and the template filler the emitter writes
 * generated C with.
 *
 * Templates (templates/, embedded into build/templates.h as strings): `@KEY@`
 * is an insertion point, a line holding only `@KEY@` (perhaps indented)
 * becomes the value's lines, indented alike (none when it is empty), `@#`
 * starts a template comment line and `@@ NAME` starts section NAME of a
 * multi-part template.
 */
#ifndef ACTGEN_TEXTBUF_H
#define ACTGEN_TEXTBUF_H

#include <stddef.h>
#include "diag.h"

typedef struct Buf {
  char *s;
  size_t len, cap;
} Buf;

void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) ACTGEN_PRINTF(2, 3);
const char *buf_str(const Buf *b);
void buf_free(Buf *b);

typedef struct Subst {
  const char *key, *value;
} Subst;

/* The text of section `name` of a template (dies if it is missing). */
const char *tpl_section(const char *tpl, const char *name, size_t *len);
/* Copy text[0..len) to out, filling the insertion points from subs. */
void fill_template(Buf *out, const char *text, size_t len, const Subst *subs, int nsubs);
void fill_section(Buf *out, const char *tpl, const char *section, const Subst *subs, int nsubs);

/* Text inside a C comment, made harmless ("*" "/", trigraphs, controls). */
void put_comment_text(Buf *b, const char *s, size_t n);
void put_comment_str(Buf *b, const char *s);

#endif
