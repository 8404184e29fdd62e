/* version.h — the one place the version is written. */
#ifndef ACTGEN_VERSION
#define ACTGEN_VERSION "0.1.0"
#endif
