/** The six deployment strategies of arXiv 2503.22595 (plus discounted bandit variants). */
import { EpsilonGreedy } from "../../rl/bandits/epsilonGreedy.js";
import { ThompsonSampling } from "../../rl/bandits/thompson.js";
import { Ucb1 } from "../../rl/bandits/ucb1.js";
import { AbTesting, type AbTestingOptions } from "./abTest.js";
import { BanditManager } from "./banditManager.js";
import { NaiveDeployment } from "./naive.js";
import type { DeploymentManager } from "./types.js";
import { ValidationSelection } from "./validationSelection.js";

export type { DeploymentManager, ManagerContext, Feedback } from "./types.js";
export { NaiveDeployment } from "./naive.js";
export { ValidationSelection, type ValidationSelectionOptions } from "./validationSelection.js";
export { AbTesting, type AbTestingOptions } from "./abTest.js";
export { BanditManager } from "./banditManager.js";

/** Strategy settings shared by the experiments. */
export interface StrategySettings {
  /** Epsilon of epsilon-greedy (default 0.1). */
  epsilon?: number;
  /** UCB1 exploration scale (default 1). */
  ucbC?: number;
  /** Validation-based selection window in requests (default 1000). */
  validationWindow?: number;
  /** A/B testing options. */
  ab?: AbTestingOptions;
  /** Discount of the extension rows "ucb1-discounted" / "thompson-discounted" (default 0.999). */
  discount?: number;
  /** Add the discounted bandit variants as extra strategies (default false). */
  extensions?: boolean;
}

/** The paper's six strategies in table order, plus the discounted variants when asked. */
export function makeStrategies(s: StrategySettings = {}): DeploymentManager[] {
  const out: DeploymentManager[] = [
    new NaiveDeployment(),
    new ValidationSelection({ window: s.validationWindow ?? 1000 }),
    new AbTesting(s.ab ?? {}),
    new BanditManager("epsilon-greedy", (k, seed) => new EpsilonGreedy({ nArms: k, epsilon: s.epsilon ?? 0.1, seed })),
    new BanditManager("ucb1", (k, seed) => new Ucb1({ nArms: k, c: s.ucbC ?? 1, seed })),
    new BanditManager("thompson", (k, seed) => new ThompsonSampling({ nArms: k, seed })),
  ];
  if (s.extensions) {
    const g = s.discount ?? 0.999;
    out.push(new BanditManager("ucb1-discounted", (k, seed) => new Ucb1({ nArms: k, c: s.ucbC ?? 1, seed, discount: g })));
    out.push(new BanditManager("thompson-discounted", (k, seed) => new ThompsonSampling({ nArms: k, seed, discount: g })));
  }
  return out;
}
