/**
 * Throughput of the vectorised deployment simulator: env-steps per second with a constant policy
 * ("maintain"), default options (telemetry on, auto-reset every 1000 cycles), at N = 1, 64, 1024
 * and 4096 envs, on one core (one Node thread).
 *
 * Two figures per N: wall-clock rate (what you get on an idle machine; drops when other processes
 * compete for the core) and the rate per second of process CPU time (user + system of this
 * process, robust to contention; it also counts GC helper threads, so it is slightly conservative).
 * Target (issue 3): >= 2,000,000 env-steps/s at N = 1024.
 */
import { DeployVecEnv } from "../src/sim/vecEnv.js";
import { ACTION } from "../src/sim/layout.js";

interface BenchMetric {
  metric: string;
  value: number;
  unit: string;
  notes?: string;
}

function measure(n: number, targetSteps: number): { wall: number; cpu: number } {
  const env = new DeployVecEnv({ numEnvs: n, scenario: "nominal" });
  env.reset({ seed: 1 });
  const actions = new Int32Array(n).fill(ACTION.maintain);
  const iters = Math.max(1, Math.ceil(targetSteps / n));
  // Warm up the JIT.
  for (let i = 0; i < Math.min(iters, Math.ceil(200_000 / n)); i++) env.step(actions);
  let bestWall = 0;
  let bestCpu = 0;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) env.step(actions);
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    bestWall = Math.max(bestWall, (iters * n) / wall);
    bestCpu = Math.max(bestCpu, (iters * n) / Math.max(cpu, 1e-9));
  }
  return { wall: bestWall, cpu: bestCpu };
}

export default {
  name: "sim",
  description: "Vectorised deployment simulator: env-steps/s with a constant policy at N = 1, 64, 1024, 4096",
  async run(): Promise<BenchMetric[]> {
    const out: BenchMetric[] = [];
    for (const n of [1, 64, 1024, 4096]) {
      const r = measure(n, n === 1 ? 300_000 : 1_000_000);
      out.push({
        metric: `envSteps/s N=${n} (wall)`,
        value: Math.round(r.wall),
        unit: "env-steps/s",
        notes: "best of 3 wall-clock repeats after warm-up; default options, telemetry on, auto-reset",
      });
      out.push({
        metric: `envSteps/s N=${n} (cpu)`,
        value: Math.round(r.cpu),
        unit: "env-steps/s",
        notes: "per second of process CPU time (robust to other load on the machine)",
      });
    }
    return out;
  },
};
