/**
 * deploylab's public API, grouped by area. Notebooks import from here ("./src/index.js" from the
 * project root); display helpers for notebooks live in "./src/report/notebook.js".
 */

// core: randomness, errors, IO, tfjs backend, small statistics
export { Rng, deriveSeed } from "./core/rng.js";
export { UserError } from "./core/errors.js";
export { writeFileAtomic, copyFileAtomic, sha256File } from "./core/io.js";
export { projectRoot } from "./core/paths.js";
export { initTf, activeBackend, type BackendName } from "./core/tf.js";
export { meanCi, bootstrapCi, quantileSorted, normalCdf, studentTCdf, studentTQuantile, twoProportionZTest, type MeanCi } from "./core/stats.js";

// data: manifest and dataset resolution
export { resolveDataset, readManifest, type DatasetName, type DatasetEntry, type ResolveOptions } from "./data/resolve.js";

// core: special functions (chi-squared, gamma, beta) and Student t
export { logGamma, gammaP, gammaQ, betaInc, chiSquaredCdf, chiSquaredSf, chiSquaredQuantile, normalQuantile } from "./core/special.js";
export { tQuantile, tQuantileUpper, tUpperTail, tPdf } from "./core/tdist.js";

// data: Adult, Bank Account Fraud (real from a path, or synthetic)
export { loadAdult, parseAdult, ADULT_COLUMNS, ADULT_NUMERIC, ADULT_CATEGORICAL, type AdultTable } from "./data/adult.js";
export { loadBaf, parseBaf, BAF_COLUMNS, BAF_NUMERIC_FEATURES, BAF_CATEGORICAL_FEATURES, type BafTable, type BafColumn, type BafLoadOptions } from "./data/baf.js";
export { generateSyntheticBaf, bafToCsv, BAF_MONTHLY_FRAUD_RATE, type SyntheticBafOptions } from "./data/bafSynthetic.js";

// data: NAB
export { loadNabCorpus, loadNabSeries, listNabFiles, loadNabWindowLabels, loadNabProfiles, loadNabPublishedScores, loadTwitterAdVecDetections, parseNabCsv, type NabSeries, type NabWindow, type NabCostMatrix } from "./data/nab.js";

// detect: streaming detectors
export { type StreamingDetector, scoreSeries } from "./detect/types.js";
export { EwmaDetector, ewmaDetect, type EwmaOptions, type EwmaDetection } from "./detect/ewma.js";
export { stl, type StlOptions, type StlResult } from "./detect/stl.js";
export { generalizedEsd, esdCriticalValue, type EsdOptions, type EsdResult, type EsdDirection } from "./detect/esd.js";
export { shesd, type ShesdOptions, type ShesdResult, type ShesdThreshold } from "./detect/shesd.js";
export { ShesdStreamDetector, type ShesdStreamOptions } from "./detect/shesdStream.js";
export { movingAverage, rollingStd, slidingWindows, windowFeatures, WindowFeaturizer, MinMaxScaler, type WindowFeatureOptions, type MinMaxState } from "./detect/features.js";
export { Pca, type PcaOptions, type PcaState } from "./detect/pca.js";
export { ThresholdDetector, type ThresholdOptions } from "./detect/threshold.js";
export { Vae, VaeDetector, type VaeConfig, type VaeDetectorOptions, type VaeTrainLog } from "./detect/vae.js";
export { HybridDetector, nabHybridOptions, type HybridOptions, type HybridScoreParts } from "./detect/hybrid.js";
export { AnomalyLikelihood, logLikelihoodScore, type AnomalyLikelihoodOptions, type LikelihoodParts } from "./detect/anomalyLikelihood.js";

// detect: drift tests
export { ksTwoSample, ksExactPValue, kolmogorovQ, type KsResult, type KsOptions } from "./detect/ks.js";
export { chiSquaredGoodnessOfFit, chiSquaredContingency, chiSquaredDriftTest, countCategories, type ChiSquaredResult, type ChiSquaredDriftResult } from "./detect/chi2.js";
export { psi, psiFromCounts, psiLevel, PSI_THRESHOLDS, type PsiResult, type PsiLevel } from "./detect/psi.js";

// detect: NAB scoring
export { nabSweepFile, nabScoresByThreshold, nabScoreAtThreshold, nabScoreFile, nabProbationLength, scaledSigmoid, type NabSweepPoint, type NabThresholdScore, type NabWindowRange } from "./detect/nab/sweeper.js";
export { NAB_PROFILES, nabScoreCorpus, nabOptimizeThreshold, type NabProfileName, type NabDetectorFile, type NabProfileResult } from "./detect/nab/corpus.js";

// sim: the deployment simulator, scenarios, service metrics; control: controllers
export * from "./sim/index.js";
export { ThresholdBaseline, type ThresholdBaselineOptions } from "./control/baseline.js";
export { HashController, RunbookController, trainHash, resolveHashConfig, defaultHashConfig, hashObservationOptions, DEFAULT_HASH_REWARD, DEFAULT_HASH_PPO, type HashConfig, type HashTrainResult, type HashControllerOptions, type HashPolicyLike } from "./control/hash.js";
export { HashObservationBuilder, hashObsDim, hashObsNames, DEFAULT_HASH_DETECTOR, DEFAULT_HASH_METRICS, type HashObservationOptions, type HashFeedbackOptions, type FeedbackStats } from "./control/hashObservation.js";
export { HashVecEnv, nominalStream, type HashVecEnvOptions } from "./control/hashEnv.js";

// rl: PPO, policy, networks, CartPole, learning-rate schedules
export { trainPpo, resolvePpoConfig, computeGae, ppoLoss, DEFAULT_PPO_CONFIG, type PpoConfig, type PpoOptions, type PpoCallbacks, type PpoResult, type PpoLog, type PpoIterationInfo, type PpoEpisodeInfo, type PpoLossInput, type PpoLossTerms } from "./rl/ppo.js";
export { PpoPolicy, type PpoPolicyJson, type PpoPolicyParts, type PpoPolicyOptions, type ObsNormalization } from "./rl/ppoPolicy.js";
export { adaptVecEnv, assertVecEnv, type VecEnv as PpoVecEnv, type VecStepResult as PpoVecStepResult, type GymVecEnvLike, type AdaptVecEnvOptions } from "./rl/vecEnv.js";
export { CartPoleEnv, VecCartPole, CARTPOLE, CARTPOLE_ACTIONS, cartPoleObservationSpace, type CartPoleOptions, type CartPoleInfo } from "./rl/cartpole.js";
export { ConstantLr, LinearAnnealLr, AdaptiveLr, type LrSchedule, type LinearAnnealLrOptions, type AdaptiveLrOptions } from "./rl/lrSchedules.js";
export { RunningMeanStd, normalizeWith, type RunningMeanStdState, type RunningMeanStdOptions } from "./rl/runningStats.js";
export { TfMlp, initMlpWeights, mlpForward, orthogonal, type MlpWeights, type MlpWeightsJson, type MlpOptions } from "./rl/nets.js";

// rl: bandits
export { EpsilonGreedy, Ucb1, ThompsonSampling, simulateBernoulli, type BanditPolicy, type BanditOptions, type EpsilonGreedyOptions, type Ucb1Options, type ThompsonOptions, type BernoulliRun } from "./rl/bandits/index.js";

// deploy: bandits as deployment managers (arXiv 2503.22595)
export { TabularEncoder, type Matrix, type FeatureBlock, type EncoderOptions } from "./deploy/encoding.js";
export { takeRows, type ColumnTable } from "./deploy/tabular.js";
export { LogisticRegression, DecisionTree, RandomForest, NaiveBayes, Mlp, type Classifier } from "./deploy/models/index.js";
export { defaultCandidates, trainCandidates, type CandidateSpec } from "./deploy/candidates.js";
export { buildStream, type DriftEvent, type StreamOptions, type ProductionStream } from "./deploy/stream.js";
export { replay, type ProductionLog, type ReplayResult } from "./deploy/replay.js";
export { makeStrategies, NaiveDeployment, ValidationSelection, AbTesting, BanditManager, type DeploymentManager, type ManagerContext, type StrategySettings } from "./deploy/strategies/index.js";
export { accuracy, balancedAccuracy, f1Score, prAuc, recallAtFpr, thresholdAtFpr } from "./deploy/metrics.js";

// policy: tfjs model save/load without tfjs-node
export { saveLayersModel, loadLayersModel, writeModelArtifacts, readModelArtifacts, dirHandler, MODEL_JSON, WEIGHTS_BIN } from "./policy/tfjsIo.js";
export { exportPolicy, loadPolicy, verifyExport, LoadedPolicy, actorToLayersModel, type ExportMeta } from "./policy/export.js";
export { validateCard, CARD_JSON, type PolicyCard, type CardObsNormalisation } from "./policy/card.js";

// experiments: registry and runner
export { EXPERIMENTS, getExperiment } from "./experiments/registry.js";
export { runExperiment, seedList, type RunOptions } from "./experiments/runExperiment.js";
export type { Experiment, Result, Row, Series, RunContext } from "./experiments/types.js";
export { driftKsDemo, ksDriftStream, type DriftKsConfig } from "./experiments/drift-ks-demo.js";
export { simCatalogue, type SimCatalogueConfig } from "./experiments/sim-catalogue.js";
export { nabScoreboard, type NabScoreboardConfig } from "./experiments/nab-scoreboard.js";
export { mabCensus, CENSUS_EVENTS, PAPER_CENSUS_BEST, type MabCensusConfig } from "./experiments/mab-census.js";
export { mabFraud, PAPER_FRAUD_BEST, type MabFraudConfig } from "./experiments/mab-fraud.js";
export { ppoCartPole, type PpoCartPoleConfig } from "./experiments/ppo-cartpole.js";
export { hashTable, HASH_PAPER_CLAIMS, claimsTable } from "./experiments/hash-table.js";
export { hashAblations } from "./experiments/hash-ablations.js";
export { hashFeedback } from "./experiments/hash-feedback.js";
export { hashTraining } from "./experiments/hash-training.js";
export { HASH_VARIANTS, defaultHashBudget, variantConfig, trainedPolicy, evaluateSeed, evaluateAll, summaryRow, pairedDiffRow, evalScenarios, clearHashCache, type HashBudget, type HashVariant, type SeedMetrics } from "./experiments/hashCommon.js";

// report: figures and tables
export type { Figure } from "./report/figure.js";
export { toMarkdown, toCsv, formatNumber } from "./report/table.js";
export { writeArtefacts, figuresHtml } from "./report/export.js";
