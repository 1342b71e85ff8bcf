/* High-precision reference for bench/math/accuracy.ts.
 * Usage: reference FUNC < inputs > outputs
 * Reads little-endian doubles from stdin (pairs (y, x) for atan2) and writes, for each sample,
 * three doubles: the reference value from libquadmath (113-bit __float128) as a double-double
 * (hi = the value rounded to double, lo = the rest) and glibc's double result.
 * Build: gcc -O2 -o reference bench/math/reference.c -lquadmath -lm */
#include <math.h>
#include <quadmath.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 65536

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: reference FUNC\n"); return 2; }
  const char *f = argv[1];
  int id = !strcmp(f, "exp") ? 0 : !strcmp(f, "log") ? 1 : !strcmp(f, "log1p") ? 2 :
           !strcmp(f, "expm1") ? 3 : !strcmp(f, "tanh") ? 4 : !strcmp(f, "sin") ? 5 :
           !strcmp(f, "cos") ? 6 : !strcmp(f, "atan2") ? 7 : -1;
  if (id < 0) { fprintf(stderr, "unknown function %s\n", f); return 2; }
  int arity = id == 7 ? 2 : 1;
  static double in[BLOCK * 2], out[BLOCK * 3];
  size_t have = 0, sample = sizeof(double) * arity;
  ssize_t got;
  /* read(2), not fread: process whatever has arrived, so a partial block never waits */
  while ((got = read(0, (char *)in + have, BLOCK * sample - have)) > 0) {
    have += got;
    size_t n = have / sample;
    for (size_t i = 0; i < n; i++) {
      double x = in[i * arity];
      __float128 q = x, r;
      double g;
      switch (id) {
        case 0: r = expq(q); g = exp(x); break;
        case 1: r = logq(q); g = log(x); break;
        case 2: r = log1pq(q); g = log1p(x); break;
        case 3: r = expm1q(q); g = expm1(x); break;
        case 4: r = tanhq(q); g = tanh(x); break;
        case 5: r = sinq(q); g = sin(x); break;
        case 6: r = cosq(q); g = cos(x); break;
        default: { double xx = in[i * 2 + 1]; r = atan2q(q, (__float128)xx); g = atan2(x, xx); }
      }
      double hi = (double)r;
      double lo = isfinite(hi) ? (double)(r - (__float128)hi) : 0.0;
      out[i * 3] = hi; out[i * 3 + 1] = lo; out[i * 3 + 2] = g;
    }
    if (fwrite(out, sizeof(double) * 3, n, stdout) != n) return 1;
    fflush(stdout);
    have -= n * sample;
    memmove(in, (char *)in + n * sample, have);
  }
  return 0;
}
