/**
 * Small tanh MLPs for the RL trainers, in two forms over the same weights:
 * - `MlpWeights`: plain Float32Arrays with a hand-written forward pass (`mlpForward`, ~10 us for
 *   a CartPole batch) used for rollouts and by trained policies, so acting needs no tensors;
 * - `TfMlp`: the same weights as `tf.Variable`s with a differentiable forward pass for training.
 *
 * `MlpWeights` store each layer's matrix row-major as `[out, in]` (PyTorch's `nn.Linear` layout),
 * so the JS forward pass is a contiguous dot product per output; `TfMlp` keeps its flat variable
 * as `[in, out]` blocks for tfjs' `matMul(h, W)` and transposes when copying in and out.
 * Initialisation follows CleanRL / Huang et al. 2022 ("The 37 implementation details of PPO",
 * detail 2): orthogonal weights (Saxe et al. 2014) with gain sqrt(2) on hidden layers and a
 * chosen gain on the output layer (0.01 for the policy, 1 for the value), biases 0.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng.js";

/** Options of {@link initMlpWeights}. */
export interface MlpOptions {
  /** Input size (observation length). */
  inputDim: number;
  /** Hidden layer sizes, each followed by tanh. [64, 64] in CleanRL's PPO. */
  hiddenSizes: number[];
  /** Output size (number of actions for a policy, 1 for a value function); linear output. */
  outputDim: number;
  /** Orthogonal gain of the hidden layers. [sqrt(2)] */
  hiddenGain?: number;
  /** Orthogonal gain of the output layer (0.01 for a policy head, 1 for a value head). [1] */
  outputGain?: number;
}

/** MLP weights as plain arrays: layer k maps `sizes[k]` to `sizes[k+1]`. */
export interface MlpWeights {
  /** Layer sizes from input to output, e.g. [4, 64, 64, 2]. */
  sizes: number[];
  /** `weights[k]` is `[sizes[k+1], sizes[k]]` (out x in), row-major. */
  weights: Float32Array[];
  /** `biases[k]` has `sizes[k+1]` entries. */
  biases: Float32Array[];
}

/** {@link MlpWeights} as JSON-friendly number arrays (same layout: each matrix out x in, row-major). */
export interface MlpWeightsJson {
  sizes: number[];
  weights: number[][];
  biases: number[][];
}

function checkSize(name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`mlp: ${name} must be a positive integer, got ${v}`);
}

/**
 * A `rows x cols` matrix (row-major) whose rows (if rows <= cols) or columns (otherwise) are
 * orthonormal, times `gain`: Gram-Schmidt on a standard-normal matrix drawn from `rng`, the
 * positive-diagonal QR convention (so the result is Haar-distributed, as torch's `orthogonal_`).
 * @throws Error on non-positive sizes.
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  checkSize("rows", rows);
  checkSize("cols", cols);
  // Build k orthonormal vectors of length m, with k = min, m = max.
  const k = Math.min(rows, cols);
  const m = Math.max(rows, cols);
  const q = new Float64Array(k * m);
  for (let i = 0; i < k * m; i++) q[i] = rng.normal();
  for (let i = 0; i < k; i++) {
    const vi = i * m;
    // Modified Gram-Schmidt, twice for numerical orthogonality.
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const vj = j * m;
        let dot = 0;
        for (let t = 0; t < m; t++) dot += q[vi + t]! * q[vj + t]!;
        for (let t = 0; t < m; t++) q[vi + t] = q[vi + t]! - dot * q[vj + t]!;
      }
    }
    let norm = 0;
    for (let t = 0; t < m; t++) norm += q[vi + t]! * q[vi + t]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) throw new Error("orthogonal: degenerate random draw");
    for (let t = 0; t < m; t++) q[vi + t] = q[vi + t]! / norm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows <= cols: row r is vector r; otherwise column c is vector c.
      out[r * cols + c] = gain * (rows <= cols ? q[r * m + c]! : q[c * m + r]!);
    }
  }
  return out;
}

/**
 * Fresh MLP weights: orthogonal (gain `hiddenGain` / `outputGain`), zero biases, drawn from `rng`.
 * @throws Error on a non-positive size or gain.
 */
export function initMlpWeights(options: MlpOptions, rng: Rng): MlpWeights {
  checkSize("inputDim", options.inputDim);
  checkSize("outputDim", options.outputDim);
  if (!Array.isArray(options.hiddenSizes)) throw new Error("mlp: hiddenSizes must be an array of positive integers");
  options.hiddenSizes.forEach((h, i) => checkSize(`hiddenSizes[${i}]`, h));
  const hiddenGain = options.hiddenGain ?? Math.SQRT2;
  const outputGain = options.outputGain ?? 1;
  if (!(hiddenGain > 0) || !(outputGain > 0)) throw new Error(`mlp: gains must be > 0, got ${hiddenGain}, ${outputGain}`);
  const sizes = [options.inputDim, ...options.hiddenSizes, options.outputDim];
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fanIn = sizes[k]!;
    const fanOut = sizes[k + 1]!;
    const gain = k + 2 === sizes.length ? outputGain : hiddenGain;
    weights.push(orthogonal(fanOut, fanIn, gain, rng)); // [out, in], as torch's orthogonal_ on nn.Linear.weight
    biases.push(new Float32Array(fanOut));
  }
  return { sizes, weights, biases };
}

/** A deep copy of `w`. */
export function cloneMlpWeights(w: MlpWeights): MlpWeights {
  return { sizes: [...w.sizes], weights: w.weights.map((a) => a.slice()), biases: w.biases.map((a) => a.slice()) };
}

/** `w` as plain number arrays (for JSON). */
export function mlpWeightsToJson(w: MlpWeights): MlpWeightsJson {
  return { sizes: [...w.sizes], weights: w.weights.map((a) => Array.from(a)), biases: w.biases.map((a) => Array.from(a)) };
}

/**
 * Weights from their JSON form, checking every shape.
 * @throws Error naming the layer whose size does not match `sizes`.
 */
export function mlpWeightsFromJson(json: MlpWeightsJson): MlpWeights {
  if (!json || !Array.isArray(json.sizes) || json.sizes.length < 2) throw new Error("mlp json: sizes must list at least input and output sizes");
  json.sizes.forEach((s, i) => checkSize(`sizes[${i}]`, s));
  const layers = json.sizes.length - 1;
  if (!Array.isArray(json.weights) || json.weights.length !== layers) throw new Error(`mlp json: weights must have ${layers} layers`);
  if (!Array.isArray(json.biases) || json.biases.length !== layers) throw new Error(`mlp json: biases must have ${layers} layers`);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let k = 0; k < layers; k++) {
    const n = json.sizes[k]! * json.sizes[k + 1]!;
    if (json.weights[k]!.length !== n) throw new Error(`mlp json: weights[${k}] has ${json.weights[k]!.length} entries, expected ${n}`);
    if (json.biases[k]!.length !== json.sizes[k + 1]) throw new Error(`mlp json: biases[${k}] has ${json.biases[k]!.length} entries, expected ${json.sizes[k + 1]}`);
    weights.push(Float32Array.from(json.weights[k]!));
    biases.push(Float32Array.from(json.biases[k]!));
  }
  return { sizes: [...json.sizes], weights, biases };
}

/**
 * tanh(v) as 1 - 2 / (exp(2v) + 1): exact to ~3e-16 and about 5x faster than V8's Math.tanh,
 * which was half the cost of a rollout forward pass (measured here).
 */
function tanh(v: number): number {
  return 1 - 2 / (Math.exp(2 * v) + 1);
}

/**
 * Forward pass of a tanh MLP on `batch` rows of `input` (row-major, `batch * sizes[0]`) in plain
 * JavaScript (float64 accumulation); returns `batch * outputDim` floats (written to `out` when given).
 * @throws Error if `input` is not `batch * sizes[0]` long.
 */
export function mlpForward(w: MlpWeights, input: ArrayLike<number>, batch: number, out?: Float32Array): Float32Array {
  const sizes = w.sizes;
  if (input.length !== batch * sizes[0]!) {
    throw new Error(`mlpForward: input has ${input.length} values, expected batch (${batch}) x inputDim (${sizes[0]})`);
  }
  let h: ArrayLike<number> = input;
  const last = sizes.length - 2;
  for (let k = 0; k <= last; k++) {
    const nIn = sizes[k]!;
    const nOut = sizes[k + 1]!;
    const W = w.weights[k]!;
    const b = w.biases[k]!;
    const next = k === last && out ? out : new Float32Array(batch * nOut);
    for (let r = 0; r < batch; r++) {
      const hi = r * nIn;
      for (let j = 0; j < nOut; j++) {
        let acc = b[j]!;
        const wj = j * nIn;
        for (let i = 0; i < nIn; i++) acc += h[hi + i]! * W[wj + i]!;
        next[r * nOut + j] = k < last ? tanh(acc) : acc;
      }
    }
    h = next;
  }
  return h as Float32Array;
}

/**
 * An MLP held as one flat tfjs variable for training (layout W0, b0, W1, b1, ..., each row-major),
 * with a differentiable `apply`. Call `dispose()` when done.
 *
 * Why one flat variable and a hand-written backward pass (both measured on the wasm backend with
 * 64-64 networks and minibatches of 128, where per-kernel overhead dominates):
 * - Adam runs about 14 kernels per variable, so one variable instead of 2 per layer cuts the
 *   optimizer's cost several-fold;
 * - the wasm backend's tanh kernel is ~10x slower than its sigmoid (130 us vs 13 us on 128 x 64),
 *   so hidden layers use tanh(z) = 2 sigmoid(2z) - 1 in a fused matMul + bias + sigmoid kernel;
 * - tfjs' own matMul gradient multiplies by transposed operands through matMul(a, b, transposeA/B),
 *   which the wasm backend runs 5-10x slower than an explicit tf.transpose followed by a plain
 *   matMul (536 us vs 56 us for 64x128 . 128x64).
 * Backward pass of y = act(h W + b) with upstream gradient dy: dz = dy * act'(z), dW = h^T dz,
 * db = sum_rows(dz), dh = dz W^T; tanh' = 1 - tanh^2.
 */
export class TfMlp {
  readonly sizes: number[];
  /** The flat parameter vector (the only trainable variable). */
  readonly params: tf.Variable;
  /** `[params]`, for optimisers. */
  readonly variables: tf.Variable[];
  private readonly splitSizes: number[];
  private readonly op: (x: tf.Tensor2D, params: tf.Tensor1D) => tf.Tensor2D;

  constructor(init: MlpWeights) {
    this.sizes = [...init.sizes];
    const layers = init.sizes.length - 1;
    this.splitSizes = [];
    for (let k = 0; k < layers; k++) this.splitSizes.push(init.sizes[k]! * init.sizes[k + 1]!, init.sizes[k + 1]!);
    const flat = new Float32Array(this.splitSizes.reduce((a, b) => a + b, 0));
    let off = 0;
    for (let k = 0; k < layers; k++) {
      const nIn = init.sizes[k]!;
      const nOut = init.sizes[k + 1]!;
      const W = init.weights[k]!; // [out, in] -> [in, out]
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) flat[off + i * nOut + j] = W[j * nIn + i]!;
      off += nIn * nOut;
      flat.set(init.biases[k]!, off);
      off += nOut;
    }
    // tf.variable shares the initial tensor's data: dispose the temporary so no tensor leaks.
    const initial = tf.tensor1d(flat);
    this.params = tf.variable(initial, true);
    initial.dispose();
    this.variables = [this.params];

    const sizes = this.sizes;
    const splitSizes = this.splitSizes;
    const f = (x: tf.Tensor2D, params: tf.Tensor1D, save: tf.GradSaveFunc) => {
      const parts = tf.split(params, splitSizes);
      // Hidden layers compute tanh(z) = 2 sigmoid(2z) - 1 with 2z = h (2W) + 2b inside one fused
      // matMul + bias + sigmoid kernel (the wasm tanh kernel is ~10x slower than its sigmoid);
      // the parameters themselves are not rescaled, so Adam sees the usual parametrisation.
      const doubled = tf.split(tf.mul(params, 2), splitSizes);
      const Ws: tf.Tensor2D[] = [];
      const hs: tf.Tensor2D[] = [x];
      let h = x;
      for (let k = 0; k < layers; k++) {
        const shape: [number, number] = [sizes[k]!, sizes[k + 1]!];
        Ws.push(tf.reshape(parts[2 * k]!, shape) as tf.Tensor2D);
        if (k + 1 < layers) {
          const W2 = tf.reshape(doubled[2 * k]!, shape) as tf.Tensor2D;
          const s = tf.fused.matMul({ a: h, b: W2, bias: doubled[2 * k + 1]!, activation: "sigmoid" });
          h = tf.sub(tf.mul(s, 2), 1) as tf.Tensor2D;
        } else {
          h = tf.fused.matMul({ a: h, b: Ws[k]!, bias: parts[2 * k + 1]! }) as tf.Tensor2D;
        }
        hs.push(h);
      }
      save([...Ws, ...hs]);
      return {
        value: h,
        gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
          const W = saved.slice(0, layers) as tf.Tensor2D[];
          const H = saved.slice(layers) as tf.Tensor2D[]; // H[k] is layer k's input, H[layers] the output
          const grads: tf.Tensor[] = new Array(2 * layers);
          let dh: tf.Tensor2D = dy;
          for (let k = layers - 1; k >= 0; k--) {
            const dz = k + 1 < layers ? (tf.mul(dh, tf.sub(1, tf.square(H[k + 1]!))) as tf.Tensor2D) : dh;
            grads[2 * k] = tf.reshape(tf.matMul(tf.transpose(H[k]!), dz), [-1]);
            grads[2 * k + 1] = tf.sum(dz, 0);
            dh = tf.matMul(dz, tf.transpose(W[k]!));
          }
          return [dh, tf.concat(grads)];
        },
      };
    };
    this.op = tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, p: tf.Tensor1D) => tf.Tensor2D;
  }

  /** tanh hidden layers, linear output; `x` is `[batch, inputDim]`. Call inside `tf.tidy`. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return this.op(x, this.params as tf.Tensor1D);
  }

  /** Copy the current parameters into `into` (or fresh arrays): what rollouts act with. */
  read(into?: MlpWeights): MlpWeights {
    const out = into ?? {
      sizes: [...this.sizes],
      weights: this.sizes.slice(1).map((n, k) => new Float32Array(this.sizes[k]! * n)),
      biases: this.sizes.slice(1).map((n) => new Float32Array(n)),
    };
    const flat = this.params.dataSync() as Float32Array;
    let off = 0;
    for (let k = 0; k + 1 < this.sizes.length; k++) {
      const nIn = this.sizes[k]!;
      const nOut = this.sizes[k + 1]!;
      const w = out.weights[k]!; // [in, out] -> [out, in]
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) w[j * nIn + i] = flat[off + i * nOut + j]!;
      off += w.length;
      const b = out.biases[k]!;
      b.set(flat.subarray(off, off + b.length));
      off += b.length;
    }
    return out;
  }

  dispose(): void {
    this.params.dispose();
  }
}
