/* textbuf.c — growable strings, the template filler and C comment text.
 *
 * fill_template() copies a template, replacing each `@KEY@` by its value
 * from a Subst list; a line that is exactly `@KEY@` (after spaces) becomes
 * the value's lines, indented as the key; `@#` lines are dropped. An unknown key is actgen's own bug (die).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "textbuf.h"

/* ---- a growable string ---- */

void buf_put(Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (b->len + n + 1 > cap) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) die("out of memory");
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = 0;
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_printf(Buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) die("vsnprintf failed");
  if ((size_t)n < sizeof small) {
    buf_put(b, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) die("out of memory");
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf_put(b, big, (size_t)n);
  free(big);
}

const char *buf_str(const Buf *b) { return b->s ? b->s : ""; }

void buf_free(Buf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

/* ---- templates ---- */

/* The text of section `name` of a template: from the line after "@@ name"
 * to the next "@@ " line or the end. */
const char *tpl_section(const char *tpl, const char *name, size_t *len) {
  size_t nlen = strlen(name);
  for (const char *p = tpl; *p;) {
    const char *eol = strchr(p, '\n');
    const char *next = eol ? eol + 1 : p + strlen(p);
    if (strncmp(p, "@@ ", 3) == 0 && (size_t)((eol ? eol : next) - (p + 3)) == nlen &&
        strncmp(p + 3, name, nlen) == 0) {
      const char *end = next;
      while (*end && strncmp(end, "@@ ", 3) != 0) {
        const char *e = strchr(end, '\n');
        end = e ? e + 1 : end + strlen(end);
      }
      *len = (size_t)(end - next);
      return next;
    }
    p = next;
  }
  die("template section '%s' is missing", name);
}

static const char *subst_value(const Subst *subs, int nsubs, const char *key, size_t klen) {
  for (int i = 0; i < nsubs; i++)
    if (strlen(subs[i].key) == klen && strncmp(subs[i].key, key, klen) == 0) return subs[i].value;
  return NULL;
}

static int is_key_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* Copy text[0..len) to out, replacing each @KEY@ by its value. A line that
 * holds only @KEY@ becomes the value's lines (none when it is empty); lines
 * starting with "@#" are template comments and are dropped. An unknown key
 * is actgen's own bug. */
void fill_template(Buf *out, const char *text, size_t len, const Subst *subs, int nsubs) {
  const char *end = text + len;
  for (const char *p = text; p < end;) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *next = eol ? eol + 1 : end;
    const char *lend = eol ? eol : end;
    if (lend - p >= 2 && p[0] == '@' && p[1] == '#') {
      p = next;
      continue;
    }
    /* A line that is exactly @KEY@, perhaps indented: the value's lines,
     * each indented as the key. */
    const char *at = p;
    while (at < lend && *at == ' ') at++;
    if (lend - at >= 3 && at[0] == '@' && lend[-1] == '@') {
      const char *k = at + 1;
      while (k < lend - 1 && is_key_char(*k)) k++;
      if (k == lend - 1) {
        const char *v = subst_value(subs, nsubs, at + 1, (size_t)(lend - 1 - (at + 1)));
        if (!v) die("template key '%.*s' has no value", (int)(lend - 1 - (at + 1)), at + 1);
        for (const char *l = v; *l;) {
          const char *e = strchr(l, '\n');
          size_t n = e ? (size_t)(e - l) : strlen(l);
          if (n) buf_put(out, p, (size_t)(at - p));
          buf_put(out, l, n);
          buf_puts(out, "\n");
          l += n + (e != NULL);
        }
        p = next;
        continue;
      }
    }
    for (const char *q = p; q < next;) {
      if (*q == '@') {
        const char *k = q + 1;
        while (k < lend && is_key_char(*k)) k++;
        if (k < lend && *k == '@' && k > q + 1) {
          const char *v = subst_value(subs, nsubs, q + 1, (size_t)(k - q - 1));
          if (!v) die("template key '%.*s' has no value", (int)(k - q - 1), q + 1);
          buf_puts(out, v);
          q = k + 1;
          continue;
        }
      }
      buf_put(out, q, 1);
      q++;
    }
    p = next;
  }
}

void fill_section(Buf *out, const char *tpl, const char *section, const Subst *subs, int nsubs) {
  size_t len;
  const char *text = tpl_section(tpl, section, &len);
  fill_template(out, text, len, subs, nsubs);
}

/* ---- comments ---- */

/* Text inside a C comment: "*" "/" would end it and a trigraph such as
 * "??/" would be replaced (and warned about) in ISO C99 mode, so both are
 * broken up; control characters become '?'. */
void put_comment_text(Buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '*' && i + 1 < n && s[i + 1] == '/') {
      buf_puts(b, "* ");
      continue;
    }
    if (c == '?' && i + 2 < n && s[i + 1] == '?' && strchr("=(/)'<!>-", s[i + 2])) {
      buf_puts(b, "?? ");
      i++;
      continue;
    }
    if ((unsigned char)c < 0x20 || c == 0x7f) c = '?';
    buf_put(b, &c, 1);
  }
}

void put_comment_str(Buf *b, const char *s) { put_comment_text(b, s, strlen(s)); }
