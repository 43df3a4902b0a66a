/**
 * ppo-cartpole: the PPO verification. CleanRL's PPO configuration on our port of Gymnasium's
 * CartPole-v1, `totalTimesteps` per seed; criterion "mean episodic return >= 475 within 500k steps"
 * (CleanRL's published PPO reaches 490 +- 6 at 500k; Huang et al. 2022, "CleanRL", JMLR).
 * "Mean episodic return" is the mean over the last 100 completed episodes across the 4 envs
 * (Stable-Baselines3's `ep_info_buffer` convention); a 10-episode greedy evaluation is reported too.
 */
import { CartPoleEnv, VecCartPole } from "../rl/cartpole.js";
import { trainPpo } from "../rl/ppo.js";
import type { PpoPolicy } from "../rl/ppoPolicy.js";
import type { Figure } from "../report/figure.js";
import type { Experiment, Result, Row, Series } from "./types.js";

export interface PpoCartPoleConfig {
  /** Environment steps per seed (all envs together). */
  totalTimesteps: number;
  /** Parallel CartPole envs (CleanRL: 4). */
  numEnvs: number;
  /** The mean return over the last 100 episodes that counts as solved. */
  threshold: number;
  /** Greedy evaluation episodes after training. */
  evalEpisodes: number;
}

/** Mean return of `episodes` greedy (argmax) episodes on fresh seeded envs. */
function evaluate(policy: PpoPolicy, episodes: number, seed: number): number {
  const env = new CartPoleEnv();
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let { obs } = env.reset({ seed: seed * 1000 + e });
    for (;;) {
      const r = env.step(policy.act(obs, { deterministic: true }));
      total += r.reward;
      obs = r.obs;
      if (r.terminated || r.truncated) break;
    }
  }
  return total / episodes;
}

const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

/** ppo-cartpole: the PPO verification on CartPole-v1 (see the module doc). */
export const ppoCartPole: Experiment<PpoCartPoleConfig> = {
  id: "ppo-cartpole",
  title: "PPO on CartPole-v1: mean episodic return against environment steps",
  paperRef: "PPO verification (Schulman et al. 2017; CleanRL reference 490 +- 6 at 500k steps)",
  defaultConfig(smoke) {
    return { totalTimesteps: smoke ? 16_384 : 500_000, numEnvs: 4, threshold: 475, evalEpisodes: smoke ? 2 : 10 };
  },
  defaultSeeds(smoke) {
    return smoke ? 1 : 3;
  },
  async run(config, ctx) {
    if (!(Number.isInteger(config.totalTimesteps) && config.totalTimesteps > 0)) {
      throw new Error(`ppo-cartpole: config.totalTimesteps must be a positive integer, got ${config.totalTimesteps}`);
    }
    const rows: Row[] = [];
    const series: Record<string, Series> = {};
    const throughput: Array<{ seed: number; env_steps_per_s: number; wall_s: number }> = [];
    let done = 0;
    for (const seed of ctx.seeds) {
      const window: number[] = [];
      let stepsToThreshold: number | null = null;
      const curve: Series = { x: [], y: [] };
      const result = await trainPpo(new VecCartPole({ numEnvs: config.numEnvs }), { totalTimesteps: config.totalTimesteps, seed }, {
        callbacks: {
          onEpisode: ({ globalStep, episodicReturn }) => {
            window.push(episodicReturn);
            if (window.length > 100) window.shift();
            if (stepsToThreshold === null && window.length === 100 && mean(window) >= config.threshold) stepsToThreshold = globalStep;
          },
          onIteration: ({ globalStep }) => {
            if (window.length > 0) {
              curve.x.push(globalStep);
              curve.y.push(mean(window));
            }
            ctx.onProgress?.(done * config.totalTimesteps + globalStep, ctx.seeds.length * config.totalTimesteps, `seed ${seed}`);
          },
        },
      });
      done++;
      series[`seed ${seed}`] = curve;
      rows.push({
        seed,
        steps_to_475: stepsToThreshold,
        final_mean_return_100: window.length ? mean(window) : null,
        greedy_eval_return: evaluate(result.policy, config.evalEpisodes, seed),
        solved: stepsToThreshold !== null,
      });
      // Throughput depends on the machine, so it is kept out of the deterministic rows.
      throughput.push({ seed, env_steps_per_s: Math.round(result.globalStep / result.wallTimeSec), wall_s: result.wallTimeSec });
    }
    return { id: this.id, title: this.title, paperRef: this.paperRef, config, seeds: ctx.seeds, smoke: ctx.smoke, rows, series, extra: { throughput } };
  },
  draw(result: Result<PpoCartPoleConfig>): Figure[] {
    return [
      {
        id: "curves",
        title: "PPO on CartPole-v1: mean return of the last 100 episodes",
        data: Object.entries(result.series ?? {}).map(([name, s]) => ({ type: "scatter", mode: "lines", name, x: s.x, y: s.y })),
        layout: {
          xaxis: { title: { text: "environment steps" } },
          yaxis: { title: { text: "mean episodic return" }, range: [0, 520] },
          shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: result.config.threshold, y1: result.config.threshold, line: { dash: "dash", color: "grey" } }],
        },
      },
    ];
  },
};
