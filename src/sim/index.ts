/**
 * Public API of the deployment simulator (issue 3): envs, contract, scenarios, telemetry,
 * service metrics, oracle, plots.
 */
// Contract and spaces
export type { Env, ResetArgs, ResetResult, StepResult, VecEnv, VecStepResult } from "./types.js";
export { Box, Discrete, type Space, type BoxOptions } from "../core/spaces.js";
export { checkEnv, type CheckEnvOptions, type CheckEnvReport } from "./checkEnv.js";
// Layout: observation, truth, actions, time step
export {
  ACTION,
  ACTION_NAMES,
  CYCLE_SECONDS,
  NUM_HASH_ACTIONS,
  NUM_METRICS,
  NUM_SAFE_ACTIONS,
  OBS,
  OBS_DIM,
  OBS_HIGH,
  OBS_LOW,
  OBS_NAMES,
  OBS_SCALE,
  OBS_UNITS,
  TRUTH,
  TRUTH_DIM,
  TRUTH_NAMES,
  type ActionName,
} from "./layout.js";
// Configuration
export {
  defaultSimConfig,
  resolveSimConfig,
  type LoadConfig,
  type RewardWeights,
  type SimConfig,
  type SimOptions,
  type SlaConfig,
  type TelemetryConfig,
} from "./config.js";
// Environments
export { DeployEnv, type DeployEnvOptions, type DeployInfo } from "./env.js";
export { DeployVecEnv, deployObservationSpace, type DeployVecEnvOptions, type DeployVecInfos } from "./vecEnv.js";
// Scenarios and faults
export {
  buildScenario,
  getScenario,
  incidentWindows,
  listScenarios,
  scenarioIds,
  type IncidentWindow,
  type ScenarioCategory,
  type ScenarioDef,
  type ScenarioInstance,
  type ScenarioParams,
  type ScenarioRef,
} from "./scenarios.js";
export { FAULT_KINDS, A_ONLY_FAULTS, TELEMETRY_FAULTS, type FaultKind, type FaultSpec } from "./faults.js";
// Runs and service metrics
export { runEpisode, type EpisodeResult, type RunEpisodeOptions } from "./runEpisode.js";
export {
  serviceMetrics,
  INCIDENT_GRACE_CYCLES,
  RECOVERY_HOLD_CYCLES,
  type EpisodeTrace,
  type IncidentReport,
  type ServiceMetrics,
} from "./metrics.js";
export { OracleController, type OracleOptions } from "./oracle.js";
export { traceFigure, traceSeries, type TraceFigureOptions, type TraceSeries } from "./plots.js";
// Controllers' contract
export type { Controller } from "../control/types.js";
