/**
 * tfjs backend selection, done once per process.
 *
 * Order: `@tensorflow/tfjs-node-gpu` (CUDA, when its optional install succeeded and it loads),
 * then `@tensorflow/tfjs-node` (when a real native build is installed), then wasm
 * (`@tensorflow/tfjs-backend-wasm`, the default here: about 3x faster than cpu for our small
 * networks), then the pure-JS cpu backend. `DEPLOYLAB_TF_BACKEND=gpu|node|wasm|cpu` forces one
 * and fails loudly if it cannot be had. The choice is reported once on stderr and recorded in
 * every experiment Result.
 */
import * as tf from "@tensorflow/tfjs";
import { UserError } from "./errors.js";

export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";

const FORCE_NAMES: Record<string, BackendName> = {
  gpu: "tensorflow-gpu",
  "tensorflow-gpu": "tensorflow-gpu",
  node: "tensorflow",
  tensorflow: "tensorflow",
  wasm: "wasm",
  cpu: "cpu",
};

let chosen: Promise<BackendName> | null = null;
let active: BackendName | null = null;

/**
 * Select and initialise the tfjs backend (idempotent). Returns the backend's name.
 * @throws if DEPLOYLAB_TF_BACKEND names an unknown backend or one that cannot be loaded.
 */
export function initTf(options: { quiet?: boolean } = {}): Promise<BackendName> {
  if (!chosen) {
    chosen = select().then((name) => {
      active = name;
      if (!options.quiet && process.env.DEPLOYLAB_QUIET !== "1") {
        process.stderr.write(`deploylab: tfjs backend = ${name}\n`);
      }
      return name;
    });
    chosen.catch(() => {
      chosen = null;
    });
  }
  return chosen;
}

/** The backend chosen by initTf, or "none" if tfjs has not been initialised in this process. */
export function activeBackend(): string {
  return active ?? "none";
}

async function select(): Promise<BackendName> {
  const forced = process.env.DEPLOYLAB_TF_BACKEND?.trim();
  if (forced) {
    const name = FORCE_NAMES[forced.toLowerCase()];
    if (!name) {
      throw new UserError(`DEPLOYLAB_TF_BACKEND=${forced} is not a backend; use one of gpu, node, wasm, cpu`);
    }
    if (!(await tryBackend(name))) {
      throw new UserError(`DEPLOYLAB_TF_BACKEND=${forced}: the ${name} backend could not be loaded here`);
    }
    return name;
  }
  for (const name of ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const) {
    if (await tryBackend(name)) return name;
  }
  throw new Error("no tfjs backend could be initialised");
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === "tensorflow-gpu" || name === "tensorflow") {
      // Both native packages register a backend called "tensorflow". package.json overrides
      // `@tensorflow/tfjs-node` with plain tfjs for danfojs-node, so loading it registers nothing:
      // we check the registry rather than trusting that the import succeeded.
      // A variable specifier: the GPU package is optional and may be absent at type-check time.
      const pkg: string = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      await import(pkg);
      if (!tf.findBackendFactory("tensorflow")) return false;
      return await tf.setBackend("tensorflow");
    }
    if (name === "wasm") {
      await import("@tensorflow/tfjs-backend-wasm");
      return await tf.setBackend("wasm");
    }
    return await tf.setBackend("cpu");
  } catch {
    return false;
  }
}
