/* input_limits.h — every limit actgen puts on its input, in one place.
 *
 * Each keeps a hostile or mistaken .act file from exhausting the stack,
 * memory or time; each is reported as a located error
 * (FILE:LINE:COL: error: ...), never a crash, hang or silent clamp.
 * docs/limits.md states them for users (tests/fuzz/test_limits_doc.sh checks
 * that it gives these very numbers), and tests/parse/ holds a test of each.
 */
#ifndef ACTGEN_INPUT_LIMITS_H
#define ACTGEN_INPUT_LIMITS_H

/* The size of a source file, in bytes. */
#define LIMIT_FILE_BYTES (16L << 20)

/* Syntax: the nesting depth of one expression as written. */
#define LIMIT_NEST_DEPTH 1000

/* Inlining: fn calls nested inside fn bodies. */
#define LIMIT_INLINE_DEPTH 200

/* Their product in effect: the nesting depth of an expression once every
 * fn is inlined (each call adds its body's depth), which is also the
 * recursion depth of the resolver. */
#define LIMIT_EXPANDED_DEPTH 10000

/* Expansion size: DAG nodes per activation (f and its derivatives), their
 * depth, syntax-tree visits of one activation's expansion, terms of one
 * sum(), the degree of an orthogonal polynomial, the length of a learn
 * vector. */
#define LIMIT_DAG_NODES 2000000
#define LIMIT_DAG_DEPTH 4000
#define LIMIT_EXPAND_WORK 5000000
#define LIMIT_SUM_TERMS 100000
#define LIMIT_POLY_DEGREE 200
#define LIMIT_VECTOR_SIZE 100000

/* Exponents: an integer power x^n needs |n| <= LIMIT_EXPONENT; a decimal
 * literal has at most LIMIT_LITERAL_DIGITS digits, and its power of ten
 * (written, and once the digits after the point are counted in: 0.001 is
 * 1e-3) at most LIMIT_LITERAL_EXP10 in magnitude. Bounds and indices (sum
 * ranges, vector sizes, polynomial degrees) need magnitude <=
 * LIMIT_INT_CONST. */
#define LIMIT_EXPONENT 1000000
#define LIMIT_LITERAL_DIGITS 100000
#define LIMIT_LITERAL_EXP10 100000
#define LIMIT_INT_CONST 1000000000L

/* The exact rational constants of one file, all together, in bits of
 * numerator and denominator (8 MiB): a sum of many huge constants must end
 * in an error, not exhaust memory or time. */
#define LIMIT_CONST_BITS (1L << 26)

#endif
