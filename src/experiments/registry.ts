/**
 * Every experiment, by id. `deploylab list` prints this table; `reproduce` runs from it.
 * Add an experiment by importing it here; ids are unique (checked in test/experiments).
 */
import { driftKsDemo } from "./drift-ks-demo.js";
import { hashAblations } from "./hash-ablations.js";
import { hashFeedback } from "./hash-feedback.js";
import { hashTable } from "./hash-table.js";
import { hashTraining } from "./hash-training.js";
import { mabCensus } from "./mab-census.js";
import { mabFraud } from "./mab-fraud.js";
import { nabScoreboard } from "./nab-scoreboard.js";
import { ppoCartPole } from "./ppo-cartpole.js";
import { simCatalogue } from "./sim-catalogue.js";
import type { Experiment } from "./types.js";

/** Every registered experiment, in the order `reproduce` runs them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EXPERIMENTS: ReadonlyArray<Experiment<any>> = [
  driftKsDemo, simCatalogue, nabScoreboard, mabCensus, mabFraud, ppoCartPole,
  // In this order: hash-feedback and hash-training reuse the policies hash-table and
  // hash-ablations trained earlier in the same process (a cache keyed by seed and config).
  hashTable, hashAblations, hashFeedback, hashTraining];

/**
 * The experiment with this id.
 * @throws naming the unknown id and listing the known ones.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getExperiment(id: string): Experiment<any> {
  const exp = EXPERIMENTS.find((e) => e.id === id);
  if (!exp) throw new Error(`unknown experiment "${id}"; known: ${EXPERIMENTS.map((e) => e.id).join(", ")}`);
  return exp;
}
