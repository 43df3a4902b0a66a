import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { initTf } from "../../src/core/tf.js";
import { VecCartPole } from "../../src/rl/cartpole.js";
import { AdaptiveLr } from "../../src/rl/lrSchedules.js";
import { TfMlp, initMlpWeights, mlpForward, orthogonal } from "../../src/rl/nets.js";
import { computeGae, ppoLoss, resolvePpoConfig, trainPpo } from "../../src/rl/ppo.js";
import type { PpoLog } from "../../src/rl/ppo.js";
import { PpoPolicy } from "../../src/rl/ppoPolicy.js";
import { adaptVecEnv } from "../../src/rl/vecEnv.js";
import type { GymVecEnvLike, VecEnv, VecStepResult } from "../../src/rl/vecEnv.js";

beforeAll(async () => {
  await initTf({ quiet: true });
});

/** Every deterministic metric of a log (wall-clock ones removed). */
function deterministicPart(log: PpoLog): PpoLog {
  return Object.fromEntries(Object.entries(log).filter(([k]) => k !== "charts/sps" && !k.startsWith("perf/")));
}

/** A one-state env: obs [1], reward 1 every step, truncated every `limit` steps, never terminated. */
class ConstantRewardEnv implements VecEnv {
  readonly numEnvs = 2;
  readonly obsDim = 1;
  readonly numActions = 2;
  private t = 0;
  constructor(private readonly limit: number, private readonly withFinalObs: boolean) {}
  reset(): Float32Array {
    this.t = 0;
    return new Float32Array([1, 1]);
  }
  step(): VecStepResult {
    this.t++;
    const trunc = this.t % this.limit === 0 ? 1 : 0;
    const res: VecStepResult = {
      obs: new Float32Array([1, 1]),
      reward: new Float32Array([1, 1]),
      terminated: new Uint8Array(2),
      truncated: new Uint8Array([trunc, trunc]),
    };
    if (this.withFinalObs) res.finalObs = new Float32Array([1, 1]);
    return res;
  }
}

describe("networks", () => {
  it("the hand-written MLP gradient equals tfjs autodiff of the same function", () => {
    const rng = new Rng(3);
    const w = initMlpWeights({ inputDim: 4, hiddenSizes: [8, 6], outputDim: 3, outputGain: 0.5 }, rng);
    const net = new TfMlp(w);
    const xs = Float32Array.from({ length: 20 }, () => rng.normal());
    const before = tf.memory().numTensors;
    const [custom, reference] = tf.tidy(() => {
      const x = tf.tensor2d(xs, [5, 4]);
      const target = tf.tensor2d(Float32Array.from({ length: 15 }, () => rng.normal()), [5, 3]);
      const g1 = tf.variableGrads(() => tf.sum(tf.mul(net.apply(x), target)) as tf.Scalar, [net.params]).grads[net.params.name]!;
      const g2 = tf.variableGrads(() => {
        const parts = tf.split(net.params, [32, 8, 48, 6, 18, 3]);
        let h: tf.Tensor = x;
        for (let k = 0; k < 3; k++) {
          h = tf.add(tf.matMul(h as tf.Tensor2D, tf.reshape(parts[2 * k]!, [w.sizes[k]!, w.sizes[k + 1]!]) as tf.Tensor2D), parts[2 * k + 1]!);
          if (k < 2) h = tf.tanh(h);
        }
        return tf.sum(tf.mul(h, target)) as tf.Scalar;
      }, [net.params]).grads[net.params.name]!;
      return [Array.from(g1.dataSync()), Array.from(g2.dataSync())];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(custom.length).toBe(4 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3);
    custom.forEach((g, i) => expect(g).toBeCloseTo(reference[i]!, 5));
    expect(Math.max(...reference.map(Math.abs))).toBeGreaterThan(0.1);
    net.dispose();
  });

  it("the JS forward pass matches the tfjs one", () => {
    const rng = new Rng(4);
    const w = initMlpWeights({ inputDim: 4, hiddenSizes: [16, 16], outputDim: 2 }, rng);
    const net = new TfMlp(w);
    const xs = Float32Array.from({ length: 12 }, () => rng.normal());
    const viaTf = tf.tidy(() => Array.from(net.apply(tf.tensor2d(xs, [3, 4])).dataSync()));
    const viaJs = Array.from(mlpForward(w, xs, 3));
    viaJs.forEach((v, i) => expect(v).toBeCloseTo(viaTf[i]!, 5));
    expect(Array.from(mlpForward(net.read(), xs, 3))).toEqual(viaJs);
    net.dispose();
  });

  it("orthogonal init gives orthonormal rows scaled by the gain", () => {
    const W = orthogonal(4, 64, 2, new Rng(1));
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let dot = 0;
        for (let j = 0; j < 64; j++) dot += W[a * 64 + j]! * W[b * 64 + j]!;
        expect(dot).toBeCloseTo(a === b ? 4 : 0, 4);
      }
    }
  });
});

describe("computeGae", () => {
  it("matches a hand computation and does not cross episode ends", () => {
    // One env, three steps; the episode ends after step 1.
    const adv = new Float32Array(3);
    const ret = new Float32Array(3);
    computeGae([1, 2, 3], [0.5, 1, 1.5], [0, 1, 0], [2], 1, 0.9, 0.8, adv, ret);
    const d2 = 3 + 0.9 * 2 - 1.5;
    const d1 = 2 - 1; // no bootstrap past the episode end
    const d0 = 1 + 0.9 * 1 - 0.5;
    expect(adv[2]).toBeCloseTo(d2, 6);
    expect(adv[1]).toBeCloseTo(d1, 6);
    expect(adv[0]).toBeCloseTo(d0 + 0.9 * 0.8 * d1, 6);
    expect(ret[0]).toBeCloseTo(adv[0]! + 0.5, 6);
  });
});

describe("ppoLoss", () => {
  /** Reference: eq. 9 written with tfjs ops and differentiated by tfjs autodiff. */
  function reference(
    logits: Float32Array, values: Float32Array, actions: Int32Array, oldLogp: Float32Array, adv: Float32Array,
    ret: Float32Array, oldV: Float32Array, A: number, clipVloss: boolean,
  ) {
    const M = values.length;
    return tf.tidy(() => {
      const L = tf.tensor2d(logits, [M, A]);
      const V = tf.tensor1d(values);
      const oneHot = tf.oneHot(tf.tensor1d(actions, "int32"), A);
      const f = (l: tf.Tensor, v: tf.Tensor) => {
        const logProbs = tf.logSoftmax(l);
        const ratio = tf.exp(tf.sub(tf.sum(tf.mul(logProbs, oneHot), 1), tf.tensor1d(oldLogp)));
        const a = tf.tensor1d(adv);
        const pg = tf.mean(tf.maximum(tf.mul(tf.neg(a), ratio), tf.mul(tf.neg(a), tf.clipByValue(ratio, 0.8, 1.2))));
        const ent = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1)));
        const r = tf.tensor1d(ret);
        const ov = tf.tensor1d(oldV);
        const unclipped = tf.square(tf.sub(v, r));
        const vl = clipVloss
          ? tf.mul(0.5, tf.mean(tf.maximum(unclipped, tf.square(tf.sub(tf.add(ov, tf.clipByValue(tf.sub(v, ov), -0.2, 0.2)), r)))))
          : tf.mul(0.5, tf.mean(unclipped));
        return tf.add(tf.sub(pg, tf.mul(0.01, ent)), tf.mul(0.5, vl)) as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(f)([L, V]);
      return { loss: value.dataSync()[0]!, dLogits: Array.from(grads[0]!.dataSync()), dValues: Array.from(grads[1]!.dataSync()) };
    });
  }

  for (const clipVloss of [true, false]) {
    it(`equals tfjs autodiff of eq. 9 in value and gradient (clipVloss=${clipVloss})`, () => {
      const rng = new Rng(clipVloss ? 11 : 12);
      const M = 64;
      const A = 3;
      const logits = Float32Array.from({ length: M * A }, () => rng.normal(0, 1));
      const actions = Int32Array.from({ length: M }, () => rng.int(A));
      // Old log-probs spread so that many ratios fall outside [0.8, 1.2] on both sides.
      const oldLogp = Float32Array.from({ length: M }, (_, k) => {
        let max = -Infinity;
        for (let j = 0; j < A; j++) max = Math.max(max, logits[k * A + j]!);
        let sum = 0;
        for (let j = 0; j < A; j++) sum += Math.exp(logits[k * A + j]! - max);
        return logits[k * A + actions[k]!]! - max - Math.log(sum) + rng.normal(0, 0.3);
      });
      const adv = Float32Array.from({ length: M }, () => rng.normal());
      const values = Float32Array.from({ length: M }, () => rng.normal());
      const oldV = Float32Array.from({ length: M }, (_, k) => values[k]! + rng.normal(0, 0.4));
      const ret = Float32Array.from({ length: M }, () => rng.normal());
      const dLogits = new Float32Array(M * A);
      const dValues = new Float32Array(M);
      const terms = ppoLoss(
        { logits, values, actions, oldLogProbs: oldLogp, advantages: adv, returns: ret, oldValues: oldV },
        { numActions: A, clipCoef: 0.2, entCoef: 0.01, vfCoef: 0.5, clipVloss },
        dLogits,
        dValues,
      );
      const ref = reference(logits, values, actions, oldLogp, adv, ret, oldV, A, clipVloss);
      expect(terms.clipfrac).toBeGreaterThan(0.2); // the clipped branches are exercised
      expect(terms.loss).toBeCloseTo(ref.loss, 5);
      dLogits.forEach((g, i) => expect(g).toBeCloseTo(ref.dLogits[i]!, 6));
      dValues.forEach((g, i) => expect(g).toBeCloseTo(ref.dValues[i]!, 6));
      expect(terms.approxKl).toBeGreaterThan(0);
    });
  }
});

describe("trainPpo", () => {
  it("keeps tf.memory().numTensors constant across updates and frees everything at the end", async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await trainPpo(new VecCartPole({ numEnvs: 4 }), { totalTimesteps: 4 * 512, numSteps: 128, normObs: true, targetKl: 0.01 }, {
      callbacks: { onIteration: () => void counts.push(tf.memory().numTensors) },
    });
    expect(counts.length).toBe(4);
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(before); // variables and Adam moments are alive during training
    expect(tf.memory().numTensors).toBe(before);
  });

  it("gives an identical training curve for the same seed and a different one for another seed", async () => {
    const cfg = { totalTimesteps: 6 * 512, seed: 7 };
    const a = await trainPpo(new VecCartPole({ numEnvs: 4 }), cfg);
    const b = await trainPpo(new VecCartPole({ numEnvs: 4 }), cfg);
    const c = await trainPpo(new VecCartPole({ numEnvs: 4 }), { ...cfg, seed: 8 });
    expect(a.log["charts/episodicReturn"]!.y.length).toBeGreaterThan(20);
    expect(deterministicPart(b.log)).toEqual(deterministicPart(a.log));
    expect(b.policy.toJSON()).toEqual(a.policy.toJSON());
    expect(c.log["charts/episodicReturn"]).not.toEqual(a.log["charts/episodicReturn"]);
  });

  it("is deterministic on the cpu backend too", async () => {
    const previous = tf.getBackend();
    await tf.setBackend("cpu");
    try {
      const cfg = { totalTimesteps: 2 * 512, seed: 3 };
      const a = await trainPpo(new VecCartPole({ numEnvs: 4 }), cfg);
      const b = await trainPpo(new VecCartPole({ numEnvs: 4 }), cfg);
      expect(deterministicPart(b.log)).toEqual(deterministicPart(a.log));
      expect(a.log["losses/approxKl"]!.y.every((v) => Number.isFinite(v))).toBe(true);
    } finally {
      await tf.setBackend(previous);
    }
  });

  it("learns CartPole: the last 20 episodes of a 25k-step run average over twice the first 20", async () => {
    const { log } = await trainPpo(new VecCartPole({ numEnvs: 4 }), { totalTimesteps: 50 * 512, seed: 1 });
    const returns = log["charts/episodicReturn"]!.y;
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(returns.slice(-20))).toBeGreaterThan(2 * mean(returns.slice(0, 20)));
    expect(mean(returns.slice(-20))).toBeGreaterThan(45);
    // Linear annealing: lr * (1 - k / K) for update k of K = 50.
    const lr = log["charts/learningRate"]!.y;
    expect(lr[0]).toBeCloseTo(2.5e-4, 12);
    expect(lr[49]).toBeCloseTo(2.5e-4 / 50, 12);
  });

  it("bootstraps the value on truncation (V -> 1 / (1 - gamma)), and without finalObs treats it as termination", async () => {
    const cfg = { totalTimesteps: 60 * 64, numSteps: 32, numMinibatches: 2, gamma: 0.5, learningRate: 0.02, annealLr: false, hiddenSizes: [8], maxGradNorm: 10 };
    const boot = await trainPpo(new ConstantRewardEnv(4, true), cfg);
    const cut = await trainPpo(new ConstantRewardEnv(4, false), cfg);
    // With bootstrapping every target is 1 + 0.5 V = 2; treating truncation as termination the
    // targets are 1.875, 1.75, 1.5, 1 (mean ~1.53) for the four positions of an episode.
    expect(boot.policy.value([1])).toBeCloseTo(2, 1);
    expect(cut.policy.value([1])).toBeLessThan(1.75);
    expect(cut.policy.value([1])).toBeGreaterThan(1.3);
  });

  it("stops when onIteration returns false, and when onEpisode returns false", async () => {
    const env = new VecCartPole({ numEnvs: 2 });
    const r1 = await trainPpo(env, { totalTimesteps: 20 * 256 }, { callbacks: { onIteration: (it) => it.iteration < 2 } });
    expect([r1.iterations, r1.globalStep, r1.stoppedByCallback]).toEqual([2, 512, true]);
    let episodes = 0;
    const r2 = await trainPpo(env, { totalTimesteps: 20 * 256 }, { callbacks: { onEpisode: () => ++episodes < 3 } });
    expect(episodes).toBe(3);
    expect(r2.stoppedByCallback).toBe(true);
    expect(r2.log["charts/episodicReturn"]!.y.length).toBe(3);
  });

  it("takes its learning rate from an lrSchedule when one is given", async () => {
    const schedule = new AdaptiveLr({ initialLr: 1e-3, beta: 50, maxExponent: 0.05 });
    const { log } = await trainPpo(new VecCartPole({ numEnvs: 2 }), { totalTimesteps: 6 * 256 }, { lrSchedule: schedule });
    const lr = log["charts/learningRate"]!.y;
    expect(lr[0]).toBe(1e-3);
    // The rollout reward of CartPole is always 1, so R(t) - R(t-1) = 0 and the rate holds.
    expect(new Set(lr).size).toBe(1);
    expect(log["charts/rolloutReward"]!.y.every((r) => r === 1)).toBe(true);
  });

  it("rejects bad configs naming the field", () => {
    const env = { numEnvs: 4 };
    expect(() => resolvePpoConfig({ numMinibatches: 3 }, env)).toThrow(/numMinibatches/);
    expect(() => resolvePpoConfig({ numEnvs: 8 }, env)).toThrow(/numEnvs/);
    expect(() => resolvePpoConfig({ gamma: 1.5 }, env)).toThrow(/gamma/);
    expect(() => resolvePpoConfig({ totalTimesteps: 100 }, env)).toThrow(/totalTimesteps/);
    expect(() => resolvePpoConfig({ clipCoeff: 0.1 } as never, env)).toThrow(/unknown field "clipCoeff"/);
    expect(resolvePpoConfig({}, env).numEnvs).toBe(4);
  });
});

describe("adaptVecEnv (simulator-style vector envs)", () => {
  /** Two envs, obsDim 2, the second obs entry a NaN dropout; env 1 ends every second step. */
  function fakeSimEnv(): GymVecEnvLike {
    let t = 0;
    const obs = new Float32Array(4);
    return {
      numEnvs: 2,
      obsDim: 2,
      actionSpace: { n: 3 },
      reset: () => {
        t = 0;
        obs.set([0, NaN, 0, NaN]);
        return { obs };
      },
      step: () => {
        t++;
        obs.set([t, NaN, t, NaN]);
        const ended = t % 2 === 0 ? 1 : 0;
        return {
          obs,
          reward: new Float32Array([1, 2]),
          terminated: new Uint8Array([0, 0]),
          truncated: new Uint8Array([0, ended]),
          infos: { finalObs: new Float32Array([9, 9, t, NaN]), episodeReturn: new Float64Array([5, 4]), episodeLength: new Int32Array([3, 2]) },
        };
      },
    };
  }

  it("maps infos to finalObs/episodeReturns, replaces NaN and copies the buffers", () => {
    const env = adaptVecEnv(fakeSimEnv(), { nanValue: -1 });
    expect(env.numActions).toBe(3);
    expect(Array.from(env.reset({ seed: 1 }))).toEqual([0, -1, 0, -1]);
    const s1 = env.step(Int32Array.of(0, 1));
    expect(Number.isNaN(s1.episodeReturns![1]!)).toBe(true);
    const s2 = env.step(Int32Array.of(0, 1));
    expect(Array.from(s1.obs)).toEqual([1, -1, 1, -1]); // not overwritten by the next step
    expect(s2.episodeReturns![1]).toBe(4);
    expect(Number.isNaN(s2.episodeReturns![0]!)).toBe(true);
    expect(s2.episodeLengths![1]).toBe(2);
    expect(Array.from(s2.finalObs!.subarray(2, 4))).toEqual([2, -1]);
  });

  it("trains through the adapter, and the trainer refuses NaN observations without it", async () => {
    const r = await trainPpo(adaptVecEnv(fakeSimEnv()), { totalTimesteps: 256, numSteps: 128, hiddenSizes: [8] });
    expect(r.log["charts/episodicReturn"]!.y[0]).toBe(4);
    const raw = fakeSimEnv();
    const unadapted: VecEnv = {
      numEnvs: 2,
      obsDim: 2,
      numActions: 3,
      reset: () => raw.reset().obs,
      step: (a) => raw.step(a),
    };
    await expect(trainPpo(unadapted, { totalTimesteps: 256, numSteps: 128 })).rejects.toThrow(/non-finite observation .* env 0, index 1/);
  });
});

describe("PpoPolicy", () => {
  const rng = new Rng(5);
  const policy = new PpoPolicy({
    actor: initMlpWeights({ inputDim: 4, hiddenSizes: [8], outputDim: 3, outputGain: 2 }, rng),
    critic: initMlpWeights({ inputDim: 4, hiddenSizes: [8], outputDim: 1 }, rng),
    obsNorm: { mean: [0, 1, 0, 0], var: [1, 4, 1, 1], clip: 5 },
  });

  it("acts deterministically with the most probable action", () => {
    for (let k = 0; k < 10; k++) {
      const obs = Float32Array.from({ length: 4 }, () => rng.normal());
      const p = policy.probs(obs);
      expect(policy.act(obs, { deterministic: true })).toBe(p.indexOf(Math.max(...p)));
    }
  });

  it("samples stochastic actions with the policy's probabilities", () => {
    const obs = [0.3, -0.2, 0.1, 0.5];
    const p = policy.probs(obs);
    const counts = [0, 0, 0];
    for (let k = 0; k < 4000; k++) counts[policy.act(obs)]!++;
    counts.forEach((c, a) => expect(c / 4000).toBeCloseTo(p[a]!, 1));
  });

  it("round-trips through JSON with identical probabilities and values", () => {
    const copy = PpoPolicy.fromJSON(JSON.parse(JSON.stringify(policy.toJSON())));
    const obs = [0.1, 0.2, -0.3, 0.4];
    expect(Array.from(copy.probs(obs))).toEqual(Array.from(policy.probs(obs)));
    expect(copy.value(obs)).toBe(policy.value(obs));
  });

  it("rejects malformed JSON and wrong-length observations", () => {
    const json = policy.toJSON();
    expect(() => PpoPolicy.fromJSON({ ...json, format: "other" } as never)).toThrow(/format/);
    expect(() => PpoPolicy.fromJSON({ ...json, actor: { ...json.actor, biases: [[1]] } })).toThrow(/biases/);
    expect(() => policy.act([1, 2, 3])).toThrow(/obsDim \(4\)/);
  });
});
