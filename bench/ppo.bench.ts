/**
 * PPO benchmark: training throughput (env-steps per second, rollout + update, wall clock) of
 * `trainPpo` on the vectorised CartPole-v1 port with the configuration of the CartPole
 * verification (CleanRL's: 4 envs x 128 steps, 4 minibatches, 4 epochs, 64-64 tanh actor and
 * critic), on the active tfjs backend; plus the same run with tfjs rollouts instead of the
 * hand-written forward pass, and the rollout/update split. Target: >= 5000 env-steps/s on the
 * 2-core machine with the wasm backend.
 */
import { loadavg } from "node:os";
import { activeBackend, initTf } from "../src/core/tf.js";
import { VecCartPole } from "../src/rl/cartpole.js";
import { trainPpo } from "../src/rl/ppo.js";
import type { PpoConfig } from "../src/rl/ppo.js";

type Figure = { metric: string; value: number; unit: string; notes?: string };

const ITERATIONS = 40;

async function measure(
  config: Partial<PpoConfig>,
  numEnvs = 4,
): Promise<{ sps: number; spsCpu: number; rolloutMs: number; updateMs: number }> {
  const numSteps = config.numSteps ?? 128;
  const cpu0 = process.cpuUsage();
  const result = await trainPpo(new VecCartPole({ numEnvs }), { totalTimesteps: ITERATIONS * numEnvs * numSteps, seed: 1, ...config });
  const cpu = process.cpuUsage(cpu0);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return {
    sps: result.globalStep / result.wallTimeSec,
    spsCpu: result.globalStep / ((cpu.user + cpu.system) / 1e6),
    rolloutMs: mean(result.log["perf/rolloutMs"]!.y),
    updateMs: mean(result.log["perf/updateMs"]!.y),
  };
}

export default {
  name: "ppo",
  description: "PPO (CleanRL CartPole config) training throughput on the vectorised CartPole-v1 port, env-steps/s",
  async run(): Promise<Figure[]> {
    await initTf({ quiet: true });
    await measure({ totalTimesteps: 2 * 512 }); // warm-up: wasm kernels, JIT
    const js = await measure({});
    const viaTf = await measure({ rolloutForward: "tfjs" });
    const eight = await measure({}, 8);
    const backend = activeBackend();
    const load = loadavg()[0]!.toFixed(1);
    const cfg = `${ITERATIONS} iterations of 4 envs x 128 steps, 4 minibatches x 4 epochs, backend ${backend}`;
    return [
      { metric: "ppo/cartpoleEnvStepsPerSec", value: js.sps, unit: "env-steps/s", notes: `${cfg}; JS rollout forward pass; wall clock, 1-min load average ${load}; target >= 5000` },
      {
        metric: "ppo/cartpoleEnvStepsPerCpuSec",
        value: js.spsCpu,
        unit: "env-steps/cpu-s",
        notes: "same run per second of this process's CPU time (user + system): less sensitive to other processes on a shared machine",
      },
      { metric: "ppo/rolloutMsPerIteration", value: js.rolloutMs, unit: "ms", notes: "512 env steps: env, batched forward, sampling, GAE" },
      { metric: "ppo/updateMsPerIteration", value: js.updateMs, unit: "ms", notes: "16 gradient steps on minibatches of 128 + weight read-back" },
      { metric: "ppo/cartpoleEnvStepsPerSecTfjsRollout", value: viaTf.sps, unit: "env-steps/s", notes: "same, one batched tfjs forward pass per step instead of the JS one" },
      { metric: "ppo/cartpoleEnvStepsPerSec8Envs", value: eight.sps, unit: "env-steps/s", notes: "8 envs x 128 steps (minibatches of 256)" },
    ];
  },
};
