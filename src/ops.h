/* ops.h — the one table of every operator actgen knows.
 *
 * Each row is R(ENUM, LANG, ARITY, CLASS, C, V, LIM, FAST, SAT, MPFR, D0, D1):
 *   ENUM   the DAG opcode (OP_ENUM),
 *   LANG   its spelling in the .act language ("" for internal nodes),
 *   ARITY  number of operands (-1: a leaf),
 *   CLASS  how it is written: LEAF, INFIX (C operator C), PREFIX, CALL
 *          (C(args)), COND (a condition), SELECT (c ? a : b), POWI,
 *   C      the C spelling: an operator, a <math.h> function, or one of the
 *          actgen_* helpers that templates/helpers.c defines; the double
 *          kernels call it,
 *   V      the math layer's function for the float kernels: templates/math/V.c
 *          defines actgen_vV (vectorizable, relative error <= 2^-46); ""
 *          where the float kernels write C as the double ones do,
 *   LIM    for a layer function accurate only for |u| <= some bound (sin
 *          and cos: their argument reduction), the macro of V.c that holds
 *          the bound: the float kernels redo lanes beyond it with C,
 *   FAST   for a layer function whose V.c also defines actgen_vV_fast (the
 *          same steps without those for large |u|: the clamps, the
 *          scalings into the subnormals), the bound up to which the two
 *          give the same bits (tests/math/test_fast_forms.sh); the vector
 *          float bodies call the fast form where the operand is linear in x
 *          or a polynomial in x with constant coefficients (emit_body.c),
 *          and redo a block holding a lane beyond the bound with V; "" for none;
 *          for a function of two operands, "rare": V.c also defines
 *          actgen_vV_rare(u, v), whose sign bit flags the lanes that the
 *          `_fast` form (without the special values) may get wrong, and the
 *          vector float bodies call the fast form whatever the operands,
 *   SAT    for a layer function that is a constant beyond a bound, "BOUND
 *          VALUE": for |u| > BOUND, V gives exactly VALUE (a C expression,
 *          %s for u; one without %s, exp's 0.0, holds for u <= 0 only).
 *          The vector float bodies write VALUE where the operand is beyond
 *          the bound on nearly every element at theta's initial values
 *          (smu's erf(mu x) and e^(-(mu x)^2), mu = 10^6: emit_bounds.c),
 *          and redo a block holding a lane within it with V, as for FAST;
 *   MPFR   the MPFR function the oracle uses for one-operand functions
 *          (0 where the oracle needs its own code),
 *   D0,D1  the partial derivatives with respect to operand 0 and 1, written
 *          in the .act language: `u` and `v` are the operands, `f` is the
 *          node itself, `n` the integer exponent of POWI. diff.c parses them
 *          once; NULL means "never differentiated" (leaves, conditions).
 *
 * Adding a builtin is one row here (plus a helper in templates/helpers.c if
 * C has no such function, and the oracle's own derivative in oracle.c).
 * The "fused" rows are not builtins: lower.c puts them into the float
 * kernels' DAGs after every other stage, so they have no language name, no
 * C spelling, no oracle and no derivative, only a layer function (FMA, the
 * last, is C's fma() and has no layer function).
 *
 * Derivative conventions (SPEC §1): abs'(0) = sign(0) = 0, sign' = 0,
 * relu'(0) = 0, max/min take the chosen operand and the mean at a tie.
 * Rules are chosen for accuracy in IEEE arithmetic: tanh' = 1/cosh^2 (not
 * 1 - tanh^2, which is 0 in the tails), sigmoid' = f*sigmoid(-u) (not
 * f*(1-f)), expm1' = exp(u) (not f + 1).
 */
#ifndef ACTGEN_OPS_H
#define ACTGEN_OPS_H

#define ACTGEN_OPS(R)                                                                                          \
  /* leaves */                                                                                                 \
  R(NUM,      "",          -1, LEAF,   "",                "",         "", "", "", 0, NULL, NULL)               \
  R(X,        "",          -1, LEAF,   "x",               "",         "", "", "", 0, NULL, NULL)               \
  R(THETA,    "",          -1, LEAF,   "theta",           "",         "", "", "", 0, NULL, NULL)               \
  R(PI,       "pi",        -1, LEAF,   "",                "",         "", "", "", 0, NULL, NULL)               \
  R(EULER,    "e",         -1, LEAF,   "",                "",         "", "", "", 0, NULL, NULL)               \
  /* arithmetic */                                                                                             \
  R(ADD,      "+",          2, INFIX,  "+",               "",         "", "", "", 0, "1", "1")                 \
  R(SUB,      "-",          2, INFIX,  "-",               "",         "", "", "", 0, "1", "-1")                \
  R(MUL,      "*",          2, INFIX,  "*",               "",         "", "", "", 0, "v", "u")                 \
  R(DIV,      "/",          2, INFIX,  "/",               "",         "", "", "", 0, "1/v", "-f/v")            \
  R(NEG,      "-",          1, PREFIX, "-",               "",         "", "", "", 0, "-1", NULL)               \
  R(POWI,     "^",          1, POWI,   "",                "",         "", "", "", 0, "n*u^(n-1)", NULL)        \
  R(POW,      "pow",        2, CALL,   "pow",             "pow",      "", "", "", 0, "v*pow(u, v-1)", "f*log(u)") \
  /* functions */                                                                                              \
  R(ABS,      "abs",        1, CALL,   "fabs",            "",         "", "", "", mpfr_abs, "sign(u)", NULL)   \
  R(SIGN,     "sign",       1, CALL,   "actgen_sign",     "",         "", "", "", 0, "0", NULL)                \
  R(MIN,      "min",        2, CALL,   "actgen_min",      "",         "", "", "", 0,                           \
    "if u < v then 1 else if u > v then 0 else 0.5",                                                           \
    "if v < u then 1 else if v > u then 0 else 0.5")                                                           \
  R(MAX,      "max",        2, CALL,   "actgen_max",      "",         "", "", "", 0,                           \
    "if u > v then 1 else if u < v then 0 else 0.5",                                                           \
    "if v > u then 1 else if v < u then 0 else 0.5")                                                           \
  R(EXP,      "exp",        1, CALL,   "exp",             "exp",      "", "600.0", "745.2 0.0", mpfr_exp,      \
    "f", NULL)                                                                                                 \
  R(EXPM1,    "expm1",      1, CALL,   "expm1",           "expm1",    "", "600.0", "", mpfr_expm1, "exp(u)", NULL) \
  R(LOG,      "log",        1, CALL,   "log",             "log",      "", "", "", mpfr_log, "1/u", NULL)       \
  R(LOG1P,    "log1p",      1, CALL,   "log1p",           "log1p",    "", "", "", mpfr_log1p, "1/(1+u)", NULL) \
  R(SQRT,     "sqrt",       1, CALL,   "sqrt",            "sqrt",     "", "", "", mpfr_sqrt, "0.5/f", NULL)    \
  R(CBRT,     "cbrt",       1, CALL,   "cbrt",            "cbrt",     "", "", "", mpfr_cbrt, "1/(3*f^2)", NULL) \
  R(HYPOT,    "hypot",      2, CALL,   "hypot",           "hypot",    "", "", "", 0, "u/f", "v/f")             \
  R(ERF,      "erf",        1, CALL,   "erf",             "erf",      "", "", "6.0 copysign(1.0, %s)",         \
    mpfr_erf, "2/sqrt(pi)*exp(-u^2)", NULL)                                                                    \
  R(ERFC,     "erfc",       1, CALL,   "erfc",            "erfc",     "", "24.0", "", mpfr_erfc,               \
    "-2/sqrt(pi)*exp(-u^2)", NULL)                                                                             \
  R(TANH,     "tanh",       1, CALL,   "tanh",            "tanh",     "", "", "", mpfr_tanh, "1/cosh(u)^2", NULL) \
  R(SINH,     "sinh",       1, CALL,   "sinh",            "sinh",     "", "", "", mpfr_sinh, "cosh(u)", NULL)  \
  R(COSH,     "cosh",       1, CALL,   "cosh",            "cosh",     "", "", "", mpfr_cosh, "sinh(u)", NULL)  \
  R(ATAN,     "atan",       1, CALL,   "atan",            "atan",     "", "", "", mpfr_atan, "1/(1+u^2)", NULL) \
  R(SIN,      "sin",        1, CALL,   "sin",             "sin",      "ACTGEN_VTRIG_LIMIT", "", "", mpfr_sin, "cos(u)", NULL) \
  R(COS,      "cos",        1, CALL,   "cos",             "cos",      "ACTGEN_VTRIG_LIMIT", "", "", mpfr_cos, "-sin(u)", NULL) \
  R(SIGMOID,  "sigmoid",    1, CALL,   "actgen_sigmoid",  "sigmoid",  "", "600.0", "", 0, "f*sigmoid(-u)", NULL) \
  R(SOFTPLUS, "softplus",   1, CALL,   "actgen_softplus", "softplus", "", "600.0", "", 0, "sigmoid(u)", NULL)  \
  R(RELU,     "relu",       1, CALL,   "actgen_relu",     "",         "", "", "", 0,                           \
    "if u > 0 then 1 else 0", NULL)                                                                            \
  /* fused forms: internal, only in the float kernels' DAGs (lower.c) */                                       \
  R(TANHSP,   "",           1, CALL,   "",                "tanhsp",   "", "600.0", "", 0, NULL, NULL)          \
  R(COSHSP,   "",           1, CALL,   "",                "coshsp",   "", "600.0", "", 0, NULL, NULL)          \
  R(SECH2,    "",           1, CALL,   "",                "sech2",    "", "300.0", "", 0, NULL, NULL)          \
  R(SIGPROD,  "",           1, CALL,   "",                "sigprod",  "", "600.0", "", 0, NULL, NULL)          \
  R(HYPOTIN,  "",           2, CALL,   "",                "hypotin",  "", "rare", "", 0, NULL, NULL)           \
  /* if-then-else and its conditions (a > b is built as b < a) */                                              \
  R(SELECT,   "if",         3, SELECT, "",                "",         "", "", "", 0, NULL, NULL)               \
  R(LT,       "<",          2, COND,   "<",               "",         "", "", "", 0, NULL, NULL)               \
  R(LE,       "<=",         2, COND,   "<=",              "",         "", "", "", 0, NULL, NULL)               \
  R(EQ,       "==",         2, COND,   "==",              "",         "", "", "", 0, NULL, NULL)               \
  R(NE,       "!=",         2, COND,   "!=",              "",         "", "", "", 0, NULL, NULL)               \
  R(AND,      "and",        2, COND,   "&",               "",         "", "", "", 0, NULL, NULL)               \
  R(OR,       "or",         2, COND,   "|",               "",         "", "", "", 0, NULL, NULL)               \
  R(NOT,      "not",        1, COND,   "!",               "",         "", "", "", 0, NULL, NULL)               \
  /* fused, added last: a row in the middle renumbers the operators after  \
   * it, and the stabilizer's choices depend on the numbering (gelu's      \
   * double df/dx took another form, measured as accurate) */             \
  R(RHYPOTIN, "",           2, CALL,   "",                "rhypotin", "", "rare", "", 0, NULL, NULL)          \
  R(TANHSPD,  "",           1, CALL,   "",                "tanhspd",  "", "600.0", "", 0, NULL, NULL)          \
  R(FMA,      "",           3, CALL,   "fma",             "",         "", "", "", 0, NULL, NULL)

typedef enum {
#define ACTGEN_OP_ENUM(e, ...) OP_##e,
  ACTGEN_OPS(ACTGEN_OP_ENUM)
#undef ACTGEN_OP_ENUM
  OP_COUNT
} Op;

typedef enum { CLASS_LEAF, CLASS_INFIX, CLASS_PREFIX, CLASS_CALL, CLASS_COND,
               CLASS_SELECT, CLASS_POWI } OpClass;

typedef struct OpInfo {
  const char *name;  /* "ADD" */
  const char *lang;  /* "+" */
  int arity;
  OpClass cls;
  const char *c;
  const char *v;     /* math layer file, "" for none */
  const char *lim;   /* its bound macro, "" for none */
  const char *fast;  /* the bound of actgen_vV_fast, "" for none */
  const char *sat;   /* "BOUND VALUE" beyond which V is VALUE, "" for none */
  const char *d[2];  /* partial derivative rules, see above */
} OpInfo;

extern const OpInfo op_info[OP_COUNT];

/* The builtin function called NAME in the language, or -1. */
int op_by_lang_name(const char *name);

#endif
