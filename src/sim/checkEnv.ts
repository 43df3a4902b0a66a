/**
 * A generic environment contract checker (after Gymnasium's `utils.env_checker.check_env`): works
 * for any `Env` (types.ts) whose observations are numbers or numeric arrays, e.g. the deployment
 * simulator and a CartPole env.
 *
 * Checks: `step` before `reset` throws (when given a factory); `reset` with a seed is
 * deterministic; observations lie in `observationSpace`; `step` returns a finite number reward and
 * boolean flags; the same seed and the same (seeded) random actions give identical trajectories,
 * across episode ends; for a `Discrete` action space, out-of-range, fractional and NaN actions throw.
 */
import { Rng } from "../core/rng.js";
import { Discrete } from "../core/spaces.js";
import type { Env } from "./types.js";

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Seed for resets and the random actions. Default 0. */
  seed?: number;
  /** Steps per determinism run. Default 200. */
  steps?: number;
}

/** Summary of a passed check. */
export interface CheckEnvReport {
  steps: number;
  episodes: number;
  checks: string[];
}

type AnyEnv = Env<unknown, unknown, unknown>;

/**
 * Check an env against the contract. Pass a factory (`() => new MyEnv()`) to also check
 * step-before-reset and to compare two fresh instances.
 * @throws Error listing every violated check.
 */
export function checkEnv(envOrFactory: AnyEnv | (() => AnyEnv), options: CheckEnvOptions = {}): CheckEnvReport {
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 200;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`checkEnv: steps must be a positive integer, got ${steps}`);
  const factory = typeof envOrFactory === "function" ? envOrFactory : null;
  const make = (): AnyEnv => (factory ? factory() : (envOrFactory as AnyEnv));
  const problems: string[] = [];
  const checks: string[] = [];

  if (factory) {
    checks.push("step before reset throws");
    const fresh = factory();
    let threw = false;
    try {
      fresh.step(fresh.actionSpace.sample(new Rng(seed)));
    } catch {
      threw = true;
    }
    if (!threw) problems.push("step() before reset() did not throw");
  }

  checks.push("reset(seed) is deterministic");
  const e1 = make();
  const r1 = e1.reset({ seed });
  const o1 = snapshot(r1.obs);
  const e2 = make();
  const r2 = e2.reset({ seed });
  if (!sameValue(o1, snapshot(r2.obs))) problems.push(`reset({seed: ${seed}}) gave different observations twice`);

  checks.push("observations inside observationSpace");
  checks.push("step is deterministic for a seed");
  const run = (): { trace: unknown[]; episodes: number } => {
    const env = make();
    const rng = new Rng(seed).split("actions");
    const trace: unknown[] = [];
    let r = env.reset({ seed });
    trace.push(snapshot(r.obs));
    if (!env.observationSpace.contains(r.obs)) problems.push(`reset observation not in ${String(env.observationSpace)}: ${preview(r.obs)}`);
    let episodes = 1;
    for (let t = 0; t < steps; t++) {
      const a = env.actionSpace.sample(rng);
      const s = env.step(a);
      if (typeof s.reward !== "number" || !Number.isFinite(s.reward)) problems.push(`step ${t}: reward ${String(s.reward)} is not a finite number`);
      if (typeof s.terminated !== "boolean" || typeof s.truncated !== "boolean") problems.push(`step ${t}: terminated/truncated must be booleans`);
      if (!env.observationSpace.contains(s.obs)) problems.push(`step ${t}: observation not in ${String(env.observationSpace)}: ${preview(s.obs)}`);
      trace.push(snapshot(s.obs), s.reward, s.terminated, s.truncated);
      if (s.terminated || s.truncated) {
        r = env.reset();
        episodes++;
        trace.push(snapshot(r.obs));
      }
      if (problems.length > 20) break;
    }
    return { trace, episodes };
  };
  const a = run();
  const b = run();
  if (a.trace.length !== b.trace.length) problems.push("two seeded runs had different lengths");
  else {
    for (let i = 0; i < a.trace.length; i++) {
      if (!sameValue(a.trace[i], b.trace[i])) {
        problems.push(`two seeded runs differ at trace entry ${i}: ${preview(a.trace[i])} vs ${preview(b.trace[i])}`);
        break;
      }
    }
  }

  const space = e1.actionSpace;
  if (space instanceof Discrete) {
    checks.push("invalid actions throw");
    for (const bad of [space.start + space.n, space.start - 1, space.start + 0.5, Number.NaN]) {
      const env = make();
      env.reset({ seed });
      let threw = false;
      try {
        env.step(bad);
      } catch {
        threw = true;
      }
      if (!threw) problems.push(`step(${bad}) did not throw for ${space.toString()}`);
    }
  }

  if (problems.length) throw new Error(`checkEnv: ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
  return { steps, episodes: a.episodes, checks };
}

function snapshot(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(snapshot);
  return x;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  return Object.is(a, b);
}

function preview(x: unknown): string {
  const s = snapshot(x);
  const text = JSON.stringify(s, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  return text && text.length > 160 ? `${text.slice(0, 160)}...` : String(text);
}
