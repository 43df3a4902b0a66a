/**
 * mab-fraud: bandit model deployment on Bank Account Fraud (arXiv 2503.22595, fraud experiment).
 *
 * Data: by default a seeded synthetic BAF table (src/data/bafSynthetic.ts; every output says
 * "synthetic"); with `bafPath` the user's real Base.csv (CC BY-NC-ND 4.0, never shipped).
 * Protocol (ours; the paper's is not public, see notebooks/mab/02-fraud.ipynb):
 * 1. Months 0-4 train, month 5 validates, months 6-7 are production (the datasheet's suggested
 *    split moves the test months to the end; we carve validation from the last training month).
 *    Training keeps every fraud row and a seeded sample of the rest up to `maxTrainRows` (negative
 *    down-sampling: rankings, hence PR-AUC, are unaffected by the shifted base rate).
 * 2. The seven candidates of src/deploy/candidates.ts are fitted; each model's alert threshold is
 *    set on validation at `fpr` (5%) false positive rate, the BAF paper's operating point.
 * 3. Production: months 6 then 7 (shuffled within a month, seeded sample of `chunks * chunkSize`
 *    rows, month order kept), served in chunks. The drift is the data's own month-to-month drift
 *    (synthetic: falling velocity features and fraud signatures that change with the month).
 * 4. Reward (cost-weighted detection): a caught fraud 1, a missed fraud 0, a legitimate
 *    application let through 1, a false alert 1 - fpCost (default 0.1, i.e. a missed fraud costs
 *    ten false alerts). In [0, 1], so Thompson sampling's Beta-Bernoulli update applies
 *    (binarized, Agrawal & Goyal 2012).
 * 5. Metrics over the served scores of the whole stream: PR-AUC (average precision; Saito &
 *    Rehmsmeier 2015), recall at 5% FPR, regret against the per-chunk oracle; 95% CIs over seeds.
 */
import { Rng } from "../core/rng.js";
import { meanCi } from "../core/stats.js";
import { BAF_CATEGORICAL_FEATURES, BAF_NUMERIC_FEATURES, loadBaf, type BafTable } from "../data/baf.js";
import { generateSyntheticBaf } from "../data/bafSynthetic.js";
import { defaultCandidates, trainCandidates } from "../deploy/candidates.js";
import { TabularEncoder } from "../deploy/encoding.js";
import { prAuc, recallAtFpr, thresholdAtFpr, confusion } from "../deploy/metrics.js";
import { aggregateRows, deploymentFigures, meanTraffic, r4, regretSeries, runSeed, type StrategySeedResult } from "../deploy/study.js";
import { makeStrategies, type StrategySettings } from "../deploy/strategies/index.js";
import { takeRows } from "../deploy/tabular.js";
import type { Experiment, Result, Row } from "./types.js";

/** Configuration of mab-fraud. */
export interface MabFraudConfig {
  /** Path of a real BAF Base.csv; null = synthetic data. */
  bafPath: string | null;
  /** Read at most this many rows of the real file (null = all). */
  bafMaxRows: number | null;
  /** Seed of the synthetic table (fixed across run seeds, like a real file). */
  syntheticSeed: number;
  /** Synthetic rows per month. */
  syntheticRowsPerMonth: number;
  /** Months used for training, validation and production. */
  trainMonths: number[];
  validationMonths: number[];
  streamMonths: number[];
  /** Training rows kept (all frauds plus sampled legitimate rows). */
  maxTrainRows: number;
  /** Validation rows kept (uniform sample). */
  maxValidationRows: number;
  /** Production chunks and their size (the stream is a month-ordered sample of that many rows). */
  chunks: number;
  chunkSize: number;
  /** False positive rate of each model's alert threshold, set on validation. */
  fpr: number;
  /** Reward lost by a false alert (a missed fraud loses 1). */
  fpCost: number;
  /** Candidate names (empty = all). */
  models: string[];
  forestTrees: number;
  mlpEpochs: number;
  strategies: StrategySettings;
}

/** The paper's best fraud result: epsilon-greedy, PR-AUC 0.0690. */
export const PAPER_FRAUD_BEST = { strategy: "epsilon-greedy", pr_auc: 0.069 };

function defaultConfig(smoke: boolean): MabFraudConfig {
  return {
    // DEPLOYLAB_BAF lets `deploylab reproduce mab-fraud` run on a user's real Base.csv.
    bafPath: process.env.DEPLOYLAB_BAF || null,
    bafMaxRows: null,
    syntheticSeed: 0,
    syntheticRowsPerMonth: smoke ? 3000 : 25_000,
    trainMonths: [0, 1, 2, 3, 4],
    validationMonths: [5],
    streamMonths: [6, 7],
    maxTrainRows: smoke ? 4000 : 30_000,
    maxValidationRows: smoke ? 3000 : 25_000,
    chunks: smoke ? 10 : 40,
    chunkSize: smoke ? 400 : 1000,
    fpr: 0.05,
    fpCost: 0.1,
    models: [],
    forestTrees: smoke ? 5 : 20,
    mlpEpochs: smoke ? 1 : 3,
    strategies: smoke
      ? { ab: { testLength: 700, monitorLength: 400 }, validationWindow: 1000 }
      : { ab: { testLength: 7000, monitorLength: 4000 }, validationWindow: 4000 },
  };
}

function monthRows(t: BafTable, months: number[]): number[] {
  const set = new Set(months);
  const out: number[] = [];
  for (let i = 0; i < t.n; i++) if (set.has(t.month[i]!)) out.push(i);
  return out;
}

/** mab-fraud: six deployment strategies on (synthetic or real) BAF months 6-7. */
export const mabFraud: Experiment<MabFraudConfig> = {
  id: "mab-fraud",
  title: "Bandit model deployment on Bank Account Fraud: PR-AUC per strategy",
  paperRef: "arXiv 2503.22595, fraud results (epsilon-greedy best, PR-AUC 0.0690)",
  defaultConfig,
  defaultSeeds: (smoke) => (smoke ? 2 : 10),
  async run(config, ctx) {
    if (!(config.fpCost >= 0 && config.fpCost <= 1)) throw new Error(`mab-fraud: config fpCost must be in [0, 1], got ${config.fpCost}`);
    if (!(config.fpr > 0 && config.fpr < 1)) throw new Error(`mab-fraud: config fpr must be in (0, 1), got ${config.fpr}`);
    const data = config.bafPath
      ? await loadBaf(config.bafPath, config.bafMaxRows ? { maxRows: config.bafMaxRows } : {})
      : generateSyntheticBaf({ seed: config.syntheticSeed, rowsPerMonth: config.syntheticRowsPerMonth });
    const dataLabel = data.synthetic ? "synthetic BAF" : "BAF Base.csv";
    const trainAll = monthRows(data, config.trainMonths);
    const validAll = monthRows(data, config.validationMonths);
    const streamAll = monthRows(data, config.streamMonths);
    for (const [name, rows] of [["train", trainAll], ["validation", validAll], ["stream", streamAll]] as const) {
      if (rows.length === 0) throw new Error(`mab-fraud: no ${name} rows in months ${JSON.stringify(config[name === "train" ? "trainMonths" : name === "validation" ? "validationMonths" : "streamMonths"])} of ${data.source}`);
    }
    const total = config.chunks * config.chunkSize;
    if (total > streamAll.length) {
      throw new Error(`mab-fraud: config chunks * chunkSize = ${total} exceeds the ${streamAll.length} production rows of ${data.source}`);
    }
    const perSeed: StrategySeedResult[][] = [];
    const modelRows: Record<string, Record<string, number[]>> = {};
    let modelNames: string[] = [];
    ctx.seeds.forEach((seed, si) => {
      const rng = new Rng(seed);
      // 1. Training rows: all frauds, sampled legitimate rows.
      const pos = trainAll.filter((i) => data.label[i] === 1);
      const neg = rng.split("train").shuffle(trainAll.filter((i) => data.label[i] === 0));
      const trainIdx = [...pos, ...neg.slice(0, Math.max(0, config.maxTrainRows - pos.length))].sort((a, b) => a - b);
      const validIdx = rng.split("valid").shuffle(validAll.slice()).slice(0, config.maxValidationRows);
      // Production: a sample of the stream months, month order kept, shuffled within a month.
      const sr = rng.split("stream");
      const keep = new Set(sr.shuffle(streamAll.slice()).slice(0, total));
      const streamIdx: number[] = [];
      for (const m of config.streamMonths) {
        const inMonth = streamAll.filter((i) => data.month[i] === m && keep.has(i));
        streamIdx.push(...sr.shuffle(inMonth));
      }
      const train = takeRows(data, trainIdx);
      const valid = takeRows(data, validIdx);
      const stream = takeRows(data, streamIdx);
      const enc = TabularEncoder.fit(train, {
        numeric: BAF_NUMERIC_FEATURES, categorical: BAF_CATEGORICAL_FEATURES,
        log1p: ["zip_count_4w", "bank_branch_count_8w", "session_length_in_minutes", "days_since_request", "prev_address_months_count", "current_address_months_count"],
      });
      const specs = defaultCandidates({ forestTrees: config.forestTrees, mlpEpochs: config.mlpEpochs });
      const models = trainCandidates(specs, enc.transform(train), train.label, enc.blocks, rng.split("models").uint32(), config.models);
      modelNames = models.map((m) => m.name);
      const Xv = enc.transform(valid);
      const Xs = enc.transform(stream);
      const y = stream.label;
      const reward = (yy: number, flag: number) => (yy ? flag : flag ? 1 - config.fpCost : 1);
      const validationReward = new Float64Array(models.length);
      const scores: Float64Array[] = [];
      const decisions: Uint8Array[] = [];
      models.forEach((m, k) => {
        const pv = m.predictProba(Xv);
        const tau = thresholdAtFpr(valid.label, pv, config.fpr);
        let vr = 0;
        for (let i = 0; i < valid.n; i++) vr += reward(valid.label[i]!, pv[i]! >= tau ? 1 : 0);
        validationReward[k] = vr / valid.n;
        const ps = m.predictProba(Xs);
        scores.push(ps);
        decisions.push(Uint8Array.from(ps, (p) => (p >= tau ? 1 : 0)));
        const row = (modelRows[m.name] ??= {});
        (row.validation_pr_auc ??= []).push(prAuc(valid.label, pv));
        (row.validation_reward ??= []).push(validationReward[k]!);
        (row.production_pr_auc ??= []).push(prAuc(y, ps));
        (row.production_recall_at_5fpr ??= []).push(recallAtFpr(y, ps, 0.05));
      });
      const rewards = decisions.map((d) => Float64Array.from(d, (v, i) => reward(y[i]!, v)));
      const chunkStart = Int32Array.from({ length: config.chunks + 1 }, (_, t) => t * config.chunkSize);
      const res = runSeed(
        { modelNames, validationReward, log: { rewards, chunkStart }, y, scores, decisions, seed },
        makeStrategies(config.strategies),
        (yy, score, dec) => {
          const c = confusion(yy, dec);
          return {
            pr_auc: prAuc(yy, score),
            recall_at_5fpr: recallAtFpr(yy, score, 0.05),
            alert_recall: c.tp / Math.max(c.tp + c.fn, 1),
            alert_fpr: c.fp / Math.max(c.fp + c.tn, 1),
          };
        },
      );
      perSeed.push(res);
      ctx.onProgress?.(si + 1, ctx.seeds.length, `seed ${seed}`);
    });
    const rows = aggregateRows(
      perSeed,
      ["pr_auc", "recall_at_5fpr", "regret", "mean_reward", "alert_recall", "alert_fpr", "switches", "rollbacks", "explicit_rollbacks"],
      ["pr_auc", "recall_at_5fpr", "regret"],
    ).map((r) => ({ ...r, data: dataLabel, paper_pr_auc: r.strategy === PAPER_FRAUD_BEST.strategy ? PAPER_FRAUD_BEST.pr_auc : null }));
    const models: Row[] = modelNames.map((name) => {
      const row: Row = { model: name, data: dataLabel };
      for (const [k, vals] of Object.entries(modelRows[name] ?? {})) row[k] = r4(meanCi(vals).mean);
      return row;
    });
    return {
      id: "mab-fraud",
      title: `${mabFraud.title} (${dataLabel})`,
      paperRef: mabFraud.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows,
      tables: { models },
      series: regretSeries(perSeed),
      extra: {
        data: dataLabel,
        synthetic: data.synthetic,
        source: data.source,
        modelNames,
        traffic: meanTraffic(perSeed),
        events: config.streamMonths.map((m, j) => ({ name: `month ${m}`, start: j / config.streamMonths.length, end: (j + 1) / config.streamMonths.length })),
        paper: PAPER_FRAUD_BEST,
        reward: `caught fraud 1, missed fraud 0, legitimate passed 1, false alert ${1 - config.fpCost}`,
      },
    };
  },
  draw(result: Result<MabFraudConfig>) {
    const extra = result.extra as { data: string; modelNames: string[]; traffic: Record<string, number[][]>; events: { name: string; start: number; end: number }[] };
    return deploymentFigures(result.series ?? {}, extra.traffic, extra.modelNames, extra.data, extra.events);
  },
};
