/*
 * Noise kernels of @tfjs-noise/core, compiled to WebAssembly with SIMD128
 * (see build.sh). The prebuilt module is committed and inlined as base64 in
 * src/random/wasmNoiseBinary.ts, so users need no toolchain.
 *
 * Every function here has a scalar twin in src/random/hostNoiseReference.ts
 * that performs the same float32 operations in the same order, so both give
 * bit-identical results (tests assert it). That is why:
 *  - there is no libm: log, exp and sin/cos are the Cephes float32
 *    polynomials written out below, with only +, -, *, /, sqrt, floor, min,
 *    max and bit operations, each of which is exactly rounded in IEEE float32
 *    and reproducible in JavaScript with Math.fround;
 *  - WebAssembly has no fused multiply-add in SIMD128, so a*b+c is always
 *    two roundings, as in JavaScript;
 *  - tails (n not a multiple of the vector width) run the same vector code on
 *    a padded block, never a separate scalar path.
 *
 * The counter stream: draw k (0-based) of seed s is
 *   mix32(mix32(s) + (k + 1) * 0x9e3779b9)            (mod 2^32)
 * exactly as CounterStream in src/random/counterRandom.ts, so uniforms and
 * signs here equal the JavaScript ones bit for bit.
 *
 * Pointers are byte offsets into the module's exported memory, which the
 * JavaScript side grows as needed above __heap_base.
 */
#include <stdint.h>
#include <wasm_simd128.h>

typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));

#define EXPORT(name) __attribute__((export_name(#name)))
#define GOLDEN 0x9e3779b9u

static inline uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

static inline u32x4 mix32x4(u32x4 x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

/* Draws k0 .. k0+3 of the stream whose mixed seed is s0. */
static inline u32x4 draws4(uint32_t s0, uint32_t k0) {
  u32x4 k = {k0 + 1, k0 + 2, k0 + 3, k0 + 4};
  return mix32x4(k * GOLDEN + s0);
}

static inline f32x4 splat(float x) { return (f32x4){x, x, x, x}; }
static inline f32x4 select4(i32x4 mask, f32x4 a, f32x4 b) {
  return (f32x4)wasm_v128_bitselect((v128_t)a, (v128_t)b, (v128_t)mask);
}
static inline f32x4 vfloor(f32x4 x) { return (f32x4)wasm_f32x4_floor((v128_t)x); }
static inline f32x4 vsqrt(f32x4 x) { return (f32x4)wasm_f32x4_sqrt((v128_t)x); }
/* pmin/pmax: x < y ? x : y with no NaN special case, as Math.min on finite values. */
static inline f32x4 vmax(f32x4 x, f32x4 y) { return select4(x < y, y, x); }
static inline f32x4 vmin(f32x4 x, f32x4 y) { return select4(y < x, y, x); }

/* Uniform on [0, 1) on the 2^-24 grid, from the top 24 bits of a draw. */
static inline f32x4 unit24(u32x4 x) { return __builtin_convertvector(x >> 8, f32x4) * splat(5.9604644775390625e-8f); }

/* Natural log for normal positive x (Cephes logf). */
static inline f32x4 vlog(f32x4 x) {
  i32x4 bits = (i32x4)x;
  i32x4 e = (bits >> 23) - 126;
  f32x4 m = (f32x4)((bits & 0x807fffff) | 0x3f000000); /* frexp: m in [0.5, 1) */
  i32x4 low = m < splat(0.707106781186547524f);
  e = e + low; /* low is -1 where true */
  f32x4 t = select4(low, (m + m) - splat(1.0f), m - splat(1.0f));
  f32x4 z = t * t;
  f32x4 y = splat(7.0376836292e-2f);
  y = y * t - splat(1.1514610310e-1f);
  y = y * t + splat(1.1676998740e-1f);
  y = y * t - splat(1.2420140846e-1f);
  y = y * t + splat(1.4249322787e-1f);
  y = y * t - splat(1.6668057665e-1f);
  y = y * t + splat(2.0000714765e-1f);
  y = y * t - splat(2.4999993993e-1f);
  y = y * t + splat(3.3333331174e-1f);
  y = (y * t) * z;
  f32x4 fe = __builtin_convertvector(e, f32x4);
  y = y + fe * splat(-2.12194440e-4f);
  y = y - z * splat(0.5f);
  t = t + y;
  return t + fe * splat(0.693359375f);
}

/* e^x for x <= 88 (Cephes expf); 0 below -87. */
static inline f32x4 vexp(f32x4 x0) {
  f32x4 x = vmax(x0, splat(-87.0f));
  f32x4 q = vfloor(x * splat(1.44269504088896341f) + splat(0.5f));
  x = x - q * splat(0.693359375f);
  x = x - q * splat(-2.12194440e-4f);
  f32x4 z = x * x;
  f32x4 y = splat(1.9875691500e-4f);
  y = y * x + splat(1.3981999507e-3f);
  y = y * x + splat(8.3334519073e-3f);
  y = y * x + splat(4.1665795894e-2f);
  y = y * x + splat(1.6666665459e-1f);
  y = y * x + splat(5.0000001201e-1f);
  y = ((y * z) + x) + splat(1.0f);
  i32x4 n = __builtin_convertvector(q, i32x4);
  f32x4 scale = (f32x4)((n + 127) << 23);
  return select4(x0 < splat(-87.0f), splat(0.0f), y * scale);
}

/* sin and cos of r in [-pi/4, pi/4] (Cephes sinf/cosf polynomials). */
static inline void vsincos_reduced(f32x4 r, f32x4 *s, f32x4 *c) {
  f32x4 z = r * r;
  f32x4 ps = splat(-1.9515295891e-4f);
  ps = ps * z + splat(8.3321608736e-3f);
  ps = ps * z - splat(1.6666654611e-1f);
  *s = ((ps * z) * r) + r;
  f32x4 pc = splat(2.443315711809948e-5f);
  pc = pc * z - splat(1.388731625493765e-3f);
  pc = pc * z + splat(4.166664568298827e-2f);
  *c = (((pc * z) * z) - z * splat(0.5f)) + splat(1.0f);
}

static inline f32x4 vneg_if(i32x4 mask, f32x4 x) { return (f32x4)((i32x4)x ^ (mask & (i32x4){(int32_t)0x80000000u, (int32_t)0x80000000u, (int32_t)0x80000000u, (int32_t)0x80000000u})); }

/* Rotates (sin r, cos r) by quadrant k: returns sin and cos of r + k*pi/2. */
static inline void vquadrant(i32x4 k, f32x4 s, f32x4 c, f32x4 *sin_out, f32x4 *cos_out) {
  i32x4 swap = (k & 1) != 0;
  f32x4 sq = select4(swap, c, s);
  f32x4 cq = select4(swap, s, c);
  *sin_out = vneg_if((k & 2) != 0, sq);
  *cos_out = vneg_if(((k ^ (k >> 1)) & 1) != 0, cq);
}

/* sin and cos of moderate x (|x| <= a few pi) by Cody-Waite reduction to [-pi/4, pi/4]. */
static inline void vsincos(f32x4 x, f32x4 *s, f32x4 *c) {
  f32x4 q = vfloor(x * splat(0.636619772367581343f) + splat(0.5f));
  f32x4 r = x - q * splat(1.5703125f);
  r = r - q * splat(4.837512969970703125e-4f);
  r = r - q * splat(7.54978995489188216e-8f);
  f32x4 sr, cr;
  vsincos_reduced(r, &sr, &cr);
  vquadrant(__builtin_convertvector(q, i32x4) & 3, sr, cr, s, c);
}

/*
 * Box–Muller for 4 pairs: a = draws 8b..8b+3, b = draws 8b+4..8b+7; pair j
 * takes u1 from draw 2j and the angle from draw 2j+1. Output 2j is r·cos θ,
 * output 2j+1 is r·sin θ.
 */
static inline void box_muller8(u32x4 a, u32x4 b, f32x4 *lo, f32x4 *hi) {
  u32x4 even = (u32x4)wasm_i32x4_shuffle((v128_t)a, (v128_t)b, 0, 2, 4, 6);
  u32x4 odd = (u32x4)wasm_i32x4_shuffle((v128_t)a, (v128_t)b, 1, 3, 5, 7);
  /* u1 in (0, 1] so its log is finite: r <= sqrt(48 ln 2) = 5.77. */
  f32x4 u1 = __builtin_convertvector((even >> 8) + 1, f32x4) * splat(5.9604644775390625e-8f);
  f32x4 r = vsqrt(vlog(u1) * splat(-2.0f));
  /* The angle 2π·m/2^24 as quadrant q plus a residual in [-π/4, π/4), in exact integer arithmetic. */
  i32x4 m = (i32x4)(odd >> 8);
  i32x4 q = (m + (1 << 21)) >> 22;
  f32x4 t = __builtin_convertvector(m - (q << 22), f32x4) * splat((float)(3.14159265358979323846 / 8388608.0));
  f32x4 s, c, sn, cs;
  vsincos_reduced(t, &s, &c);
  vquadrant(q & 3, s, c, &sn, &cs);
  f32x4 x = r * cs, y = r * sn;
  *lo = (f32x4)wasm_i32x4_shuffle((v128_t)x, (v128_t)y, 0, 4, 1, 5);
  *hi = (f32x4)wasm_i32x4_shuffle((v128_t)x, (v128_t)y, 2, 6, 3, 7);
}

static inline void store_partial(float *out, const float *block, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) out[i] = block[i];
}

static inline int32_t all_true(i32x4 m) { return wasm_i32x4_all_true((v128_t)m); }
static inline i32x4 finite4(f32x4 x) { return (x - x) == splat(0.0f); }

/* Shared tail of the fused kernels: out = g + sigma * clip(eps), finiteness of the written lanes. */
static inline i32x4 axpy4(float *out, const float *g, f32x4 eps, f32x4 sigma, f32x4 clip, uint32_t count) {
  eps = vmin(vmax(eps, -clip), clip);
  if (count == 4) {
    f32x4 o = *(const f32x4 *)g + sigma * eps;
    *(f32x4 *)out = o;
    return finite4(o);
  }
  float gb[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < count; i++) gb[i] = g[i];
  f32x4 o = *(f32x4 *)gb + sigma * eps;
  float ob[4];
  *(f32x4 *)ob = o;
  store_partial(out, ob, count);
  i32x4 fin = finite4(o);
  for (uint32_t i = count; i < 4; i++) fin[i] = -1;
  return fin;
}

EXPORT(uniforms) void uniforms(float *out, uint32_t n, uint32_t seed) {
  uint32_t s0 = mix32(seed), k = 0;
  for (; k + 4 <= n; k += 4) *(f32x4 *)(out + k) = unit24(draws4(s0, k));
  if (k < n) {
    float b[4];
    *(f32x4 *)b = unit24(draws4(s0, k));
    store_partial(out + k, b, n - k);
  }
}

/* ±1, 32 signs per draw: element i takes bit (i mod 32) of draw floor(i / 32). */
EXPORT(signs) void signs(float *out, uint32_t n, uint32_t seed) {
  uint32_t s0 = mix32(seed);
  for (uint32_t w = 0; w * 32 < n; w++) {
    uint32_t bits = mix32(s0 + (w + 1) * GOLDEN);
    u32x4 v = {bits, bits, bits, bits};
    u32x4 shift = {0, 1, 2, 3};
    uint32_t base = w * 32, count = n - base < 32 ? n - base : 32;
    /* Full words are stored in place; only the last, partial word goes through a buffer. */
    float b[32];
    float *dst = count == 32 ? out + base : b;
    for (uint32_t j = 0; j < 8; j++) {
      i32x4 bit = (i32x4)((v >> (shift + j * 4)) & 1);
      *(f32x4 *)(dst + j * 4) = __builtin_convertvector(bit * 2 - 1, f32x4);
    }
    if (count < 32) store_partial(out + base, b, count);
  }
}

/* Standard normals, Box–Muller (stream version 2). */
EXPORT(normals) void normals(float *out, uint32_t n, uint32_t seed) {
  uint32_t s0 = mix32(seed), k = 0;
  f32x4 lo, hi;
  for (; k + 8 <= n; k += 8) {
    box_muller8(draws4(s0, k), draws4(s0, k + 4), &lo, &hi);
    *(f32x4 *)(out + k) = lo;
    *(f32x4 *)(out + k + 4) = hi;
  }
  if (k < n) {
    float b[8];
    box_muller8(draws4(s0, k), draws4(s0, k + 4), (f32x4 *)b, (f32x4 *)(b + 4));
    store_partial(out + k, b, n - k);
  }
}

/* Fused out = g + sigma · clip(ε, ±clip), ε the normals of `seed`; returns 1 when every output is finite. */
EXPORT(normals_axpy) int32_t normals_axpy(float *out, const float *g, uint32_t n, uint32_t seed, float sigma, float clip) {
  uint32_t s0 = mix32(seed), k = 0;
  f32x4 vs = splat(sigma), vc = splat(clip), lo, hi;
  i32x4 fin = {-1, -1, -1, -1};
  for (; k + 8 <= n; k += 8) {
    box_muller8(draws4(s0, k), draws4(s0, k + 4), &lo, &hi);
    fin &= axpy4(out + k, g + k, lo, vs, vc, 4);
    fin &= axpy4(out + k + 4, g + k + 4, hi, vs, vc, 4);
  }
  if (k < n) {
    box_muller8(draws4(s0, k), draws4(s0, k + 4), &lo, &hi);
    uint32_t rest = n - k;
    fin &= axpy4(out + k, g + k, lo, vs, vc, rest < 4 ? rest : 4);
    if (rest > 4) fin &= axpy4(out + k + 4, g + k + 4, hi, vs, vc, rest - 4);
  }
  return all_true(fin);
}

/* Fused out = g + sigma · clip(eps, ±clip) for noise already drawn into eps; returns 1 when all finite. */
EXPORT(axpy) int32_t axpy(float *out, const float *g, const float *eps, uint32_t n, float sigma, float clip) {
  f32x4 vs = splat(sigma), vc = splat(clip);
  i32x4 fin = {-1, -1, -1, -1};
  uint32_t k = 0;
  for (; k + 4 <= n; k += 4) fin &= axpy4(out + k, g + k, *(const f32x4 *)(eps + k), vs, vc, 4);
  if (k < n) {
    float e[4] = {0, 0, 0, 0};
    for (uint32_t i = 0; k + i < n; i++) e[i] = eps[k + i];
    fin &= axpy4(out + k, g + k, *(f32x4 *)e, vs, vc, n - k);
  }
  return all_true(fin);
}

#define HALF_PI_BELOW 1.57079625129699707031f /* largest float32 below π/2 (0x3fc90fda) */
#define TINY 1e-30f
#define LOG_MAX 88.0f

/*
 * Symmetric alpha-stable, scale 1, by Chambers–Mallows–Stuck with the
 * safeguards of AlphaStableSampler: V = u·2h − h with h the largest float32
 * below π/2 (V strictly inside (−π/2, π/2)), W = −log(1 − u') floored at
 * 1e-30, the cosines floored before their logs, and log|X| capped at 88.
 * V comes from the stream of seed_v, W from seed_w. The float parameters are
 * computed once in JavaScript (1/α, 1 − α, (1 − α)/α rounded to float32).
 */
static inline f32x4 cms4(u32x4 dv, u32x4 dw, float alpha, float inv_alpha, float one_minus, float ratio, int cauchy) {
  f32x4 v = unit24(dv) * splat(2.0f * HALF_PI_BELOW) - splat(HALF_PI_BELOW);
  f32x4 sv, cv;
  if (cauchy) {
    vsincos(v, &sv, &cv);
    return sv / cv;
  }
  f32x4 w = vmax(-vlog(splat(1.0f) - unit24(dw)), splat(TINY));
  f32x4 sa, ca, sr, cr;
  vsincos(v * splat(alpha), &sa, &ca);
  vsincos(v, &sv, &cv);
  vsincos(v * splat(one_minus), &sr, &cr);
  f32x4 abs_sa = (f32x4)((i32x4)sa & 0x7fffffff);
  f32x4 mag = (vlog(vmax(abs_sa, splat(TINY))) - vlog(vmax(cv, splat(TINY))) * splat(inv_alpha)) +
              (vlog(vmax(cr, splat(TINY))) - vlog(w)) * splat(ratio);
  f32x4 x = vexp(vmin(mag, splat(LOG_MAX)));
  x = (f32x4)((i32x4)x | ((i32x4)sa & (int32_t)0x80000000u));
  return select4(sa == splat(0.0f), splat(0.0f), x);
}

EXPORT(alpha_stable) void alpha_stable(float *out, uint32_t n, uint32_t seed_v, uint32_t seed_w, float alpha, float inv_alpha,
                                       float one_minus, float ratio) {
  uint32_t sv = mix32(seed_v), sw = mix32(seed_w), k = 0;
  int cauchy = alpha == 1.0f;
  for (; k + 4 <= n; k += 4)
    *(f32x4 *)(out + k) = cms4(draws4(sv, k), draws4(sw, k), alpha, inv_alpha, one_minus, ratio, cauchy);
  if (k < n) {
    float b[4];
    *(f32x4 *)b = cms4(draws4(sv, k), draws4(sw, k), alpha, inv_alpha, one_minus, ratio, cauchy);
    store_partial(out + k, b, n - k);
  }
}
