/* emit_layer.c — the code a generated file carries besides its bodies: the
 * sections of templates/helpers.c.in that the bodies call (actgen_sign,
 * the compensated sums ...), in the template's order, and the files of
 * templates/math/ (the math layer) that the float bodies call, each once,
 * the files its `needs:` line names first. print_body (emit_body.c) marks
 * what is used in helper_used[] and layer_used[].
 */
#include <stdio.h>
#include <string.h>
#include "diag.h"
#include "emit_body.h"
#include "templates.h"

/* The helpers.c.in sections the file needs, in the template's order. */
void print_helpers(Buf *out, int need_sum) {
  for (int op = 0; op < OP_COUNT; op++) {
    if (!helper_used[op]) continue;
    char marker[64];
    snprintf(marker, sizeof marker, "@@ %s\n", op_info[op].c);
    if (!strstr(tpl_helpers_c_in, marker)) die("templates/helpers.c.in has no helper %s", op_info[op].c);
  }
  for (const char *p = tpl_helpers_c_in; *p;) {
    const char *eol = strchr(p, '\n');
    const char *next = eol ? eol + 1 : p + strlen(p);
    if (strncmp(p, "@@ ", 3) == 0 && eol) {
      char name[64];
      size_t n = (size_t)(eol - p - 3);
      if (n >= sizeof name) die("helper section name too long");
      memcpy(name, p + 3, n);
      name[n] = 0;
      int want = strcmp(name, "actgen_sum") == 0 && need_sum;
      for (int op = 0; op < OP_COUNT && !want; op++) want = helper_used[op] && strcmp(op_info[op].c, name) == 0;
      if (want) {
        buf_puts(out, "\n");
        fill_section(out, tpl_helpers_c_in, name, NULL, 0);
      }
    }
    p = next;
  }
}

/* ---- the math layer ---- */

int in_layer(Op op) { return op_info[op].v[0] && math_file(op_info[op].v) != NULL; }

/* The text of templates/math/NAME.c, or NULL (the float bodies then call
 * <math.h> for that operation; tests/math checks that none is missing). */
const char *math_file(const char *name) {
  for (size_t i = 0; i < sizeof tpl_math / sizeof *tpl_math; i++)
    if (strcmp(tpl_math[i].name, name) == 0) return tpl_math[i].text;
  return NULL;
}

/* Copy templates/math/NAME.c, after the files its `needs:` line names,
 * each file once: done[] marks them by their place in tpl_math. */
static void print_math_file(Buf *out, const char *name, unsigned char *done, int depth) {
  const char *text = math_file(name);
  if (!text) die("templates/math/%s.c is missing", name);
  size_t at = 0;
  while (strcmp(tpl_math[at].name, name) != 0) at++;
  if (done[at]) return;
  if (depth > 32) die("templates/math: the needs of %s form a cycle", name);
  const char *needs = strstr(text, "/* needs:");
  if (needs) {
    const char *end = strstr(needs, "*/");
    if (!end) die("templates/math/%s.c: unterminated needs line", name);
    for (const char *p = needs + 9; p < end;) {
      while (p < end && *p == ' ') p++;
      const char *q = p;
      while (q < end && *q != ' ') q++;
      if (q > p) print_math_file(out, xprintf("%.*s", (int)(q - p), p), done, depth + 1);
      p = q;
    }
  }
  done[at] = 1;
  buf_puts(out, "\n");
  /* The files are plain C99 (static inline) so that tests/math includes
   * them as they are; here they are always inlined like the bodies, since
   * a function called from several places (pow: about 190 operations)
   * would otherwise stay a call and keep its loop scalar. */
  for (const char *p = text; *p;) {
    const char *hit = strstr(p, "static inline ");
    size_t n = hit ? (size_t)(hit - p) : strlen(p);
    buf_put(out, p, n);
    if (!hit) break;
    buf_puts(out, "ACTGEN_INLINE ");
    p = hit + strlen("static inline ");
  }
}

/* The math layer functions the float bodies call, their needs first. */
void print_math_layer(Buf *out) {
  unsigned char done[sizeof tpl_math / sizeof *tpl_math] = {0};
  for (int op = 0; op < OP_COUNT; op++)
    if (layer_used[op]) print_math_file(out, op_info[op].v, done, 0);
}

