/* parse_ctx.h — state shared by the scanner and the parser of one file. */
#ifndef ACTGEN_PARSE_CTX_H
#define ACTGEN_PARSE_CTX_H

struct ParseCtx {
  const char *file;
  int line, col;          /* the scanner's position */
  char *doc;              /* pending ## lines */
  int doc_line;           /* the line of the last of them */
  Item *first, *last;     /* the items parsed so far */
  int depth_reported;     /* "nested too deeply" is said once per file */
};

#endif
