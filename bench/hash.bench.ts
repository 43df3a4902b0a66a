/**
 * HASH benchmark: PPO training throughput (env-steps/s, wall clock, rollout + update) on the
 * vectorised deployment simulator, (a) through HASH's observation (hybrid EWMA + VAE detectors per
 * metric and env, feedback loop) with the hash-table budget's PPO settings, (b) the same with the
 * statistical detector only, and (c) PPO on the raw simulator (DeployVecEnv via adaptVecEnv, no
 * detectors) with 8 envs; plus the evaluation speed of the trained HASH controller (cycles/s).
 * Target of the issue: >= 5000 env-steps/s with wasm.
 */
import { activeBackend, initTf } from "../src/core/tf.js";
import { trainHash, HashController, hashObservationOptions } from "../src/control/hash.js";
import { DeployVecEnv } from "../src/sim/vecEnv.js";
import { DeployEnv } from "../src/sim/env.js";
import { runEpisode } from "../src/sim/runEpisode.js";
import { adaptVecEnv } from "../src/rl/vecEnv.js";
import { trainPpo } from "../src/rl/ppo.js";
import { defaultHashBudget, HASH_VARIANTS, variantConfig } from "../src/experiments/hashCommon.js";

type Figure = { metric: string; value: number; unit: string; notes?: string };

export default {
  name: "hash",
  description: "HASH PPO training throughput on the vectorised deployment simulator (env-steps/s)",
  async run(): Promise<Figure[]> {
    await initTf({ quiet: true });
    const b = { ...defaultHashBudget(false), totalTimesteps: 8192 };
    const hashCfg = variantConfig(HASH_VARIANTS.hash!, b, 1);
    const statCfg = variantConfig(HASH_VARIANTS.statisticalOnly!, b, 1);
    const hybrid = await trainHash(hashCfg);
    const stat = await trainHash(statCfg);
    const raw = adaptVecEnv(new DeployVecEnv({ numEnvs: 8, scenario: ["flash-crowd", "bad-deploy", "nominal", "zone-loss"], maxCycles: 250 }));
    const rawRes = await trainPpo(raw, { totalTimesteps: 8192, numSteps: 128, numMinibatches: 4, updateEpochs: 4, seed: 1, normObs: true });
    const ctl = new HashController(hybrid.policy, { observation: hashObservationOptions(hashCfg, 1) });
    const env = new DeployEnv({ maxCycles: 1000, reward: hashCfg.reward });
    const t0 = performance.now();
    let cycles = 0;
    for (const scenario of ["flash-crowd", "bad-deploy", "nominal"]) cycles += runEpisode(env, ctl, { seed: 1, scenario }).metrics.cyclesRun;
    const evalSec = (performance.now() - t0) / 1000;
    ctl.dispose();
    const backend = activeBackend();
    const sps = (r: { envSteps?: number; globalStep?: number; wallTimeSec: number }) => (r.envSteps ?? r.globalStep ?? 0) / r.wallTimeSec;
    return [
      { metric: "hash/trainEnvStepsPerSec", value: sps(hybrid), unit: "env-steps/s", notes: `HASH obs (hybrid detectors x3 per env, feedback), ${b.numEnvs} envs x ${b.numSteps} steps, ${b.numMinibatches} minibatches x ${b.updateEpochs} epochs, ${hybrid.envSteps} steps incl. VAE fits; backend ${backend}; target >= 5000` },
      { metric: "hash/trainEnvStepsPerSecStatistical", value: sps(stat), unit: "env-steps/s", notes: "same, EWMA-only detectors (no VAE)" },
      { metric: "hash/rawSimPpoEnvStepsPerSec", value: rawRes.globalStep / rawRes.wallTimeSec, unit: "env-steps/s", notes: "PPO on DeployVecEnv (8 envs x 128 steps, 4x4 minibatch epochs), no detectors" },
      { metric: "hash/evalCyclesPerSec", value: cycles / evalSec, unit: "cycles/s", notes: `trained HASH controller (runEpisode, hybrid detectors, feedback) on flash-crowd, bad-deploy, nominal: ${cycles} cycles simulated (1000-cycle episodes; fewer after a catastrophic termination)` },
    ];
  },
};
