/**
 * Per-env random streams stored in one Int32Array (4 words of sfc32 state per env), for the
 * allocation-free simulator kernels.
 *
 * Why not call `Rng` objects in the hot loop: `Rng` keeps its sfc32 state in object fields, and
 * with V8's pointer compression an int32 that does not fit a 31-bit Smi is boxed as a heap number
 * on every store; one `uint32()` then costs ~20 ns and feeds the garbage collector. Here the same
 * generator (sfc32, Doty-Humphrey) runs on typed-array state: a few ns per draw, no allocation.
 * Each env's stream is seeded from its own `Rng` split (`rng.split(i)`), so streams are
 * independent of each other and of how many draws other envs made.
 */
import type { Rng } from "../core/rng.js";

/** Seed slot `i` of a stream bank from `rng` (draws 4 words, then discards 12 outputs to mix). */
export function seedStream(bank: Int32Array, i: number, rng: Rng): void {
  const o = i * 4;
  bank[o] = rng.uint32() | 0;
  bank[o + 1] = rng.uint32() | 0;
  bank[o + 2] = rng.uint32() | 0;
  bank[o + 3] = rng.uint32() | 0;
  for (let k = 0; k < 12; k++) u32(bank, o);
}

/** Next unsigned 32-bit integer of the stream at word offset `o` (= 4 * env index). */
export function u32(st: Int32Array, o: number): number {
  const a = st[o]!;
  const b = st[o + 1]!;
  const c = st[o + 2]!;
  const d = st[o + 3]!;
  const t = (((a + b) | 0) + d) | 0;
  st[o + 3] = (d + 1) | 0;
  st[o] = b ^ (b >>> 9);
  st[o + 1] = (c + (c << 3)) | 0;
  st[o + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return t >>> 0;
}

/** Uniform on [0, 1). */
export function uniform01(st: Int32Array, o: number): number {
  return u32(st, o) / 4294967296;
}

/**
 * Approximately standard normal: Irwin-Hall sum of four 16-bit uniforms, standardised
 * (mean 0, variance 1, support +-3.46). Two 32-bit draws, no transcendental functions; good
 * enough for load noise, not for tail-sensitive statistics.
 */
export function approxNormal(st: Int32Array, o: number): number {
  const x = u32(st, o);
  const y = u32(st, o);
  const s = (x & 0xffff) + (x >>> 16) + (y & 0xffff) + (y >>> 16);
  return (s / 65536 - 2) * 1.7320508075688772;
}
