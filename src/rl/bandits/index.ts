/** Stochastic multi-armed bandits: the contract, three policies and a Bernoulli test bed. */
export type { BanditPolicy, BanditOptions } from "./types.js";
export { EpsilonGreedy, type EpsilonGreedyOptions } from "./epsilonGreedy.js";
export { Ucb1, type Ucb1Options } from "./ucb1.js";
export { ThompsonSampling, type ThompsonOptions } from "./thompson.js";
export { simulateBernoulli, type BernoulliRun } from "./simulate.js";
