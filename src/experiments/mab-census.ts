/**
 * mab-census: bandit model deployment on UCI Adult (arXiv 2503.22595, Census experiment).
 *
 * Protocol (ours; the paper's is not public, see notebooks/mab/01-census.ipynb):
 * 1. adult.data is split (seeded) into training (80%) and validation (20%) rows; features: the
 *    five numeric columns (capital-gain/loss through log1p) standardised, the eight categorical
 *    ones one-hot, `?` its own category, fnlwgt (a sampling weight) dropped.
 * 2. Seven candidates (src/deploy/candidates.ts) are fitted on the training rows, each seeded.
 * 3. adult.test is served as `chunks` chunks of `chunkSize` requests with three drift events
 *    (defaults below): young applicants over-represented, then a burst of negatives recorded as
 *    positive, then half the requests reporting age in months instead of years (a unit change).
 * 4. The six strategies route each request to a model; reward = 1 if the served model's
 *    prediction (threshold 0.5) equals the recorded label, else 0; labels arrive at once.
 * 5. Metrics of the served predictions over the whole stream: balanced accuracy (the paper's
 *    metric), accuracy, F1; cumulative regret against the per-chunk oracle; switches and rollbacks.
 *    Means over seeds with 95% Student-t CIs.
 */
import { Rng } from "../core/rng.js";
import { ADULT_CATEGORICAL, loadAdult, type AdultTable } from "../data/adult.js";
import { defaultCandidates, trainCandidates } from "../deploy/candidates.js";
import { TabularEncoder } from "../deploy/encoding.js";
import { accuracy, balancedAccuracy, f1Score } from "../deploy/metrics.js";
import { aggregateRows, deploymentFigures, meanTraffic, r4, regretSeries, runSeed, type StrategySeedResult } from "../deploy/study.js";
import { buildStream, type DriftEvent } from "../deploy/stream.js";
import { makeStrategies, type StrategySettings } from "../deploy/strategies/index.js";
import { takeRows } from "../deploy/tabular.js";
import { meanCi } from "../core/stats.js";
import type { Experiment, Result, Row } from "./types.js";

/** Configuration of mab-census. */
export interface MabCensusConfig {
  /** Directory with adult.data / adult.test (default: resolved from DEPLOYLAB_DATA). */
  dataDir: string | null;
  /** Fraction of adult.data held out for validation. */
  validationFraction: number;
  /** Use at most this many training rows (null = all); for smoke runs. */
  maxTrainRows: number | null;
  /** Number of production chunks. */
  chunks: number;
  /** Requests per chunk. */
  chunkSize: number;
  /** Drift events over the stream (fractions of the chunks). */
  events: DriftEvent[];
  /** Candidate names to use (empty = all seven). */
  models: string[];
  /** Trees in the forest candidate. */
  forestTrees: number;
  /** Epochs of the MLP candidate. */
  mlpEpochs: number;
  /** Strategy settings (epsilon, UCB c, windows, A/B lengths, extensions). */
  strategies: StrategySettings;
}

/** The paper's best Census result: A/B testing, balanced accuracy 0.6571. */
export const PAPER_CENSUS_BEST = { strategy: "ab-testing", balanced_accuracy: 0.6571 };

/** The default drift schedule of the Census stream. */
export const CENSUS_EVENTS: DriftEvent[] = [
  { kind: "subpopulation", start: 0.2, end: 0.4, column: "age", lt: 30, share: 0.6 },
  { kind: "label-noise", start: 0.5, end: 0.65, toPositive: 0.3 },
  { kind: "feature-corruption", start: 0.75, end: 1, columns: ["age"], rate: 0.5, scale: 12 },
];

const NUMERIC = ["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"];

function defaultConfig(smoke: boolean): MabCensusConfig {
  return {
    dataDir: null,
    validationFraction: 0.2,
    maxTrainRows: smoke ? 4000 : null,
    chunks: smoke ? 10 : 30,
    chunkSize: smoke ? 200 : 500,
    events: CENSUS_EVENTS,
    models: [],
    forestTrees: smoke ? 5 : 20,
    mlpEpochs: smoke ? 1 : 3,
    strategies: smoke
      ? { ab: { testLength: 300, monitorLength: 200 }, validationWindow: 400 }
      : { ab: { testLength: 2000, monitorLength: 1000 }, validationWindow: 1000 },
  };
}

/** Human-readable names of the drift events (for figures). */
export function eventLabel(e: DriftEvent): string {
  if (e.kind === "subpopulation") return `more ${e.column}${e.lt !== undefined ? `<${e.lt}` : ""}${e.gte !== undefined ? `>=${e.gte}` : ""}`;
  if (e.kind === "label-noise") return "label noise";
  return (e.scale !== undefined ? `${e.columns.join("+")} x${e.scale}` : "corrupt " + e.columns.join("+"));
}

/** mab-census: six deployment strategies on the Adult stream with drift. */
export const mabCensus: Experiment<MabCensusConfig> = {
  id: "mab-census",
  title: "Bandit model deployment on Census/Adult: balanced accuracy per strategy",
  paperRef: "arXiv 2503.22595, Census results (A/B testing best, balanced accuracy 0.6571)",
  datasets: ["adult"],
  defaultConfig,
  defaultSeeds: (smoke) => (smoke ? 2 : 10),
  async run(config, ctx) {
    const { train: fullTrain, test } = await loadAdult(config.dataDir ?? undefined);
    const perSeed: StrategySeedResult[][] = [];
    const modelRows: Record<string, Record<string, number[]>> = {};
    let modelNames: string[] = [];
    ctx.seeds.forEach((seed, si) => {
      const rng = new Rng(seed);
      // 1. Train/validation split.
      const order = rng.split("split").shuffle(Array.from({ length: fullTrain.n }, (_, i) => i));
      const nValid = Math.round(config.validationFraction * fullTrain.n);
      const validIdx = order.slice(0, nValid);
      let trainIdx = order.slice(nValid);
      if (config.maxTrainRows !== null) trainIdx = trainIdx.slice(0, config.maxTrainRows);
      const train = takeRows(fullTrain, trainIdx);
      const valid = takeRows(fullTrain, validIdx);
      const enc = TabularEncoder.fit(train, {
        numeric: NUMERIC, categorical: [...ADULT_CATEGORICAL], log1p: ["capital-gain", "capital-loss"],
      });
      // 2. Candidates.
      const specs = defaultCandidates({ forestTrees: config.forestTrees, mlpEpochs: config.mlpEpochs });
      const models = trainCandidates(specs, enc.transform(train), train.label, enc.blocks, rng.split("models").uint32(), config.models);
      modelNames = models.map((m) => m.name);
      // 3. Production stream.
      const stream = buildStream<AdultTable>(test, {
        chunks: config.chunks, chunkSize: config.chunkSize, events: config.events, seed: rng.split("stream").uint32(),
      });
      const Xv = enc.transform(valid);
      const Xs = enc.transform(stream.table);
      const y = stream.table.label;
      const scores = models.map((m) => m.predictProba(Xs));
      const decisions = scores.map((s) => Uint8Array.from(s, (p) => (p >= 0.5 ? 1 : 0)));
      const rewards = decisions.map((d) => Float64Array.from(d, (v, i) => (v === y[i] ? 1 : 0)));
      const validationReward = Float64Array.from(models, (m) => {
        const d = Array.from(m.predictProba(Xv), (p) => (p >= 0.5 ? 1 : 0));
        for (const [k, v] of Object.entries({
          validation_accuracy: accuracy(valid.label, d),
          validation_balanced_accuracy: balancedAccuracy(valid.label, d),
        })) ((modelRows[m.name] ??= {})[k] ??= []).push(v);
        return accuracy(valid.label, d);
      });
      models.forEach((m, k) => {
        const d = decisions[k]!;
        const row = (modelRows[m.name] ??= {});
        (row.production_accuracy ??= []).push(accuracy(y, d));
        (row.production_balanced_accuracy ??= []).push(balancedAccuracy(y, d));
      });
      // 4-5. Strategies.
      const res = runSeed(
        { modelNames, validationReward, log: { rewards, chunkStart: stream.chunkStart }, y, scores, decisions, seed },
        makeStrategies(config.strategies),
        (yy, _score, dec) => ({ balanced_accuracy: balancedAccuracy(yy, dec), accuracy: accuracy(yy, dec), f1: f1Score(yy, dec) }),
      );
      perSeed.push(res);
      ctx.onProgress?.(si + 1, ctx.seeds.length, `seed ${seed}`);
    });
    const rows = aggregateRows(perSeed, ["balanced_accuracy", "accuracy", "f1", "regret", "mean_reward", "switches", "rollbacks", "explicit_rollbacks"], [
      "balanced_accuracy", "accuracy", "f1", "regret",
    ]).map((r) => ({ ...r, paper_balanced_accuracy: r.strategy === PAPER_CENSUS_BEST.strategy ? PAPER_CENSUS_BEST.balanced_accuracy : null }));
    const models: Row[] = modelNames.map((name) => {
      const row: Row = { model: name };
      for (const [k, vals] of Object.entries(modelRows[name] ?? {})) {
        const ci = meanCi(vals);
        row[k] = r4(ci.mean);
      }
      return row;
    });
    return {
      id: "mab-census",
      title: mabCensus.title,
      paperRef: mabCensus.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows,
      tables: { models },
      series: regretSeries(perSeed),
      extra: {
        modelNames,
        traffic: meanTraffic(perSeed),
        events: config.events.map((e) => ({ name: eventLabel(e), start: e.start, end: e.end })),
        paper: PAPER_CENSUS_BEST,
        reward: "1 if the served model's prediction (threshold 0.5) equals the recorded label, else 0",
        note: "Per-request routing with immediate labels; regret against the best single model per chunk in hindsight.",
      },
    };
  },
  draw(result: Result<MabCensusConfig>) {
    const extra = result.extra as { modelNames: string[]; traffic: Record<string, number[][]>; events: { name: string; start: number; end: number }[] };
    return deploymentFigures(result.series ?? {}, extra.traffic, extra.modelNames, "Census/Adult", extra.events);
  },
};
