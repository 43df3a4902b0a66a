/**
 * Save and load tfjs models as a directory holding `model.json` + `weights.bin`, without
 * tfjs-node (whose `file://` handler is not available here).
 *
 * Saving captures the model's artefacts with `tf.io.withSaveHandler` and writes the two files
 * atomically (temporary file, then rename: a reader never sees half a file). Loading builds a
 * custom `{ load }` IOHandler that reads them back. The layout is the one tfjs's own `file://`
 * handler and the tfjs converter produce (weightsManifest paths relative to model.json), so the
 * directories open with `tf.loadLayersModel("file://...")` under tfjs-node too.
 *
 * @example
 * await saveLayersModel(model, "out/policy");
 * const again = await loadLayersModel("out/policy");
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../core/io.js";

/** The tfjs model topology file inside a saved model directory. */
export const MODEL_JSON = "model.json";
/** The weights file inside a saved model directory. */
export const WEIGHTS_BIN = "weights.bin";

/** Flatten tfjs WeightData (one buffer or a list) into one Uint8Array. */
function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  let total = 0;
  for (const b of buffers) total += b.byteLength;
  const out = new Uint8Array(total);
  let off = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), off);
    off += b.byteLength;
  }
  return out;
}

/**
 * Write model artefacts (as captured by a save handler) to `dir/model.json` + `dir/weights.bin`,
 * each atomically. Creates `dir`.
 * @throws if the artefacts hold no topology (nothing to load back).
 */
export function writeModelArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): tf.io.SaveResult {
  if (!artifacts.modelTopology) throw new Error(`writeModelArtifacts(${dir}): artefacts have no modelTopology`);
  const bytes = weightBytes(artifacts.weightData);
  const modelJson: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  // Weights first: model.json appearing last marks a complete directory.
  writeFileAtomic(join(dir, WEIGHTS_BIN), bytes);
  writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/**
 * Read `dir/model.json` + its weight files back into model artefacts.
 * @throws naming the file if model.json or a weights file is missing or malformed.
 */
export function readModelArtifacts(dir: string): tf.io.ModelArtifacts {
  const jsonPath = join(dir, MODEL_JSON);
  if (!existsSync(jsonPath)) throw new Error(`${jsonPath}: no such file (not a saved model directory)`);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON;
  } catch (e) {
    throw new Error(`${jsonPath}: not valid JSON (${(e as Error).message})`);
  }
  if (!modelJson.modelTopology) throw new Error(`${jsonPath}: missing field modelTopology`);
  const manifest = modelJson.weightsManifest ?? [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const file = join(dir, p);
      if (!existsSync(file)) throw new Error(`${file}: weights file named in ${jsonPath} is missing`);
      parts.push(readFileSync(file));
    }
  }
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const weightData = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    weightData.set(p, off);
    off += p.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: modelJson.modelTopology,
    weightSpecs: specs,
    weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
  };
  if (modelJson.format !== undefined) artifacts.format = modelJson.format;
  if (modelJson.generatedBy !== undefined) artifacts.generatedBy = modelJson.generatedBy;
  if (modelJson.convertedBy !== undefined && modelJson.convertedBy !== null) artifacts.convertedBy = modelJson.convertedBy;
  if (modelJson.trainingConfig) artifacts.trainingConfig = modelJson.trainingConfig;
  if (modelJson.userDefinedMetadata) artifacts.userDefinedMetadata = modelJson.userDefinedMetadata;
  return artifacts;
}

/** An IOHandler that loads from (and saves to) a local directory: usable with tf.loadLayersModel. */
export function dirHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => readModelArtifacts(dir),
    save: async (artifacts: tf.io.ModelArtifacts) => writeModelArtifacts(dir, artifacts),
  };
}

/**
 * Save a LayersModel (or anything with tfjs's `save(handler)`) to `dir` (model.json + weights.bin).
 * Always await it.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  let result: tf.io.SaveResult | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      result = writeModelArtifacts(dir, artifacts);
      return result;
    }),
  );
  return result!;
}

/**
 * Load a LayersModel saved by `saveLayersModel` (or by tfjs-node's file:// handler).
 * @throws naming the file if the directory is incomplete.
 */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  // Read eagerly so that a missing file fails with our message rather than inside tfjs.
  const artifacts = readModelArtifacts(dir);
  return tf.loadLayersModel({ load: async () => artifacts });
}
