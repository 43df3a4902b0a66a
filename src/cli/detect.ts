/**
 * `deploylab detect <ewma|shesd|vae|hybrid> FILE.csv [options]`: run a detector on a column of the
 * user's own CSV file and print the flagged rows (index, timestamp when present, value, score), or
 * `{ "anomalies": [...] }` with --json.
 */
import { readFile } from "node:fs/promises";
import { UserError } from "../core/errors.js";
import { initTf } from "../core/tf.js";
import { EwmaDetector } from "../detect/ewma.js";
import { AnomalyLikelihood } from "../detect/anomalyLikelihood.js";
import { HybridDetector, nabHybridOptions } from "../detect/hybrid.js";
import { shesd } from "../detect/shesd.js";
import { VaeDetector } from "../detect/vae.js";

/** Usage text of `deploylab detect`. */
export const DETECT_HELP = `usage: deploylab detect <ewma|shesd|vae|hybrid> FILE.csv [options]

Reads FILE.csv (header row required) and prints the rows flagged as anomalous:
index (0-based data row), timestamp (when a timestamp/time/date column exists), value, score.

options:
  --column NAME        value column (default: "value", else the only numeric column)
  --json               print {"anomalies": [indices...]} only
  --direction D        pos | neg | both (default both)
shesd (Seasonal Hybrid ESD, a port of Twitter's AnomalyDetectionVec):
  --period N           observations per seasonal period (required)
  --max-anoms F        largest fraction of points reported, in (0, 0.49] (default 0.10)
  --alpha F            significance level of the ESD test (default 0.05)
ewma (EWMA mean/variance control chart):
  --alpha F            smoothing weight of the newest point, in (0, 1] (default 0.05)
  --sigmas L           control limits mean +- L sigma (default 3)
  --warmup N           points used to seed the estimates (default 30)
vae / hybrid (the first --train-fraction of the series, default 0.15, is their normal period;
  rows after it are flagged. hybrid: the NAB preset and its own alert rule. vae: when the
  anomaly likelihood of its reconstruction error reaches 0.7, at most once per 100 rows):
  --train-fraction F   fraction of the series used for training, in (0, 1)
`;

/** A parsed user CSV: the chosen column and an optional timestamp column. */
export interface DetectInput {
  column: string;
  values: Float64Array;
  timestamps: string[] | null;
  /** 1-based line number of each data row in the file (for messages). */
  lines: number[];
}

/** Split one CSV line, honouring double quotes. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const MISSING = new Set(["", "NA", "NaN", "nan", "null", "NULL"]);
const TIME_NAMES = ["timestamp", "time", "date", "datetime", "ts"];

/**
 * Parse CSV text and pick the value column. Missing cells (empty, NA, NaN, null) become NaN.
 * @throws UserError naming the file, line and column for a missing column or a non-numeric cell.
 */
export function parseDetectCsv(text: string, file: string, column?: string): DetectInput {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length < 2) throw new UserError(`${file}: needs a header line and at least one data row`);
  const header = splitCsvLine(lines[0]!);
  const timeCol = header.findIndex((h) => TIME_NAMES.includes(h.toLowerCase()));
  let col: number;
  if (column !== undefined) {
    col = header.indexOf(column);
    if (col < 0) throw new UserError(`${file}: no column named "${column}" (columns: ${header.join(", ")})`);
  } else if (header.includes("value")) {
    col = header.indexOf("value");
  } else {
    const first = splitCsvLine(lines[1]!);
    const numeric = header.map((_, j) => j).filter((j) => j !== timeCol && first[j] !== undefined && Number.isFinite(Number(first[j])) && first[j] !== "");
    if (numeric.length !== 1) throw new UserError(`${file}: cannot tell which column to use (columns: ${header.join(", ")}); pass --column NAME`);
    col = numeric[0]!;
  }
  const n = lines.length - 1;
  const values = new Float64Array(n);
  const timestamps = timeCol >= 0 ? new Array<string>(n) : null;
  const lineNos: number[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const fields = splitCsvLine(lines[r + 1]!);
    if (fields.length !== header.length) throw new UserError(`${file} line ${r + 2}: expected ${header.length} fields, got ${fields.length}`);
    const raw = fields[col]!;
    let v: number;
    if (MISSING.has(raw)) v = NaN;
    else {
      v = Number(raw);
      if (!Number.isFinite(v)) throw new UserError(`${file} line ${r + 2}: column "${header[col]}" holds "${raw}", not a number`);
    }
    values[r] = v;
    if (timestamps) timestamps[r] = fields[timeCol]!;
    lineNos[r] = r + 2;
  }
  return { column: header[col]!, values, timestamps, lines: lineNos };
}

interface ParsedArgs {
  method: string;
  file: string;
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(["column", "period", "max-anoms", "alpha", "direction", "sigmas", "warmup", "train-fraction"]);

function parseArgs(argv: string[]): ParsedArgs {
  const pos: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (name === "json" || name === "help") {
        flags.set(name, true);
        continue;
      }
      if (!VALUE_FLAGS.has(name)) throw new UserError(`unknown option --${name}\n\n${DETECT_HELP}`);
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UserError(`--${name} needs a value`);
      flags.set(name, v);
    } else pos.push(a);
  }
  if (flags.has("help")) return { method: "help", file: "", flags };
  if (pos.length !== 2) throw new UserError(`expected a method and a file, got ${pos.length} positional argument(s)\n\n${DETECT_HELP}`);
  return { method: pos[0]!, file: pos[1]!, flags };
}

function numFlag(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v === true || v === "" || !Number.isFinite(x)) throw new UserError(`--${name} must be a number (got "${String(v)}")`);
  return x;
}

type Direction = "pos" | "neg" | "both";

/** Log-likelihood score at or above which the VAE path flags a row (Q <= 1e-7; NAB's numenta uses 0.5). */
const VAE_ALERT_LEVEL = 0.7;
/** Rows after a VAE alert during which no new alert is raised (one alert per incident). */
const VAE_COOLDOWN = 100;

/**
 * Run the VAE or the hybrid, streaming over the whole series, with the first `trainFraction` of
 * rows as the normal period they learn from; flag rows after it.
 * - hybrid: the NAB preset (`nabHybridOptions`, 62.8 on NAB's standard profile) with its own alert
 *   rule, its probation set to the training rows.
 * - vae: trained on the training rows; its reconstruction error becomes an anomaly likelihood
 *   (Ahmad et al. 2017), flagged at log-score >= VAE_ALERT_LEVEL with a cooldown, since raw errors
 *   stay high after a level shift and a fixed cut-off would flag everything after it.
 */
async function trainedStream(
  method: "vae" | "hybrid",
  values: Float64Array,
  trainFraction: number,
): Promise<{ anomalies: number[]; scores: Float64Array }> {
  await initTf();
  const nTrain = Math.floor(values.length * trainFraction);
  const scores = new Float64Array(values.length);
  const anomalies: number[] = [];
  if (method === "hybrid") {
    let hybrid: HybridDetector;
    try {
      hybrid = new HybridDetector({ ...nabHybridOptions(values.length), probation: nTrain, seed: 0 });
    } catch (err) {
      throw new UserError(`hybrid: ${(err as Error).message} (the first ${nTrain} rows are its training period; use a longer series or --train-fraction)`);
    }
    try {
      for (let i = 0; i < values.length; i++) {
        scores[i] = hybrid.score(values[i]!);
        if (i >= nTrain && hybrid.isAlert(values[i]!)) anomalies.push(i);
        hybrid.update(values[i]!);
      }
    } finally {
      hybrid.dispose();
    }
    return { anomalies, scores };
  }
  const vae = new VaeDetector({ seed: 0 });
  try {
    try {
      vae.fit(Array.from(values.subarray(0, nTrain)).filter((v) => Number.isFinite(v)));
    } catch (err) {
      throw new UserError(`vae: training on the first ${nTrain} rows failed: ${(err as Error).message}`);
    }
    const likelihood = new AnomalyLikelihood({ learningPeriod: Math.max(2, Math.min(nTrain, 300)) });
    let cooldown = 0;
    for (let i = 0; i < values.length; i++) {
      const raw = vae.score(values[i]!);
      const s = likelihood.evaluate(raw).logScore;
      scores[i] = s;
      if (cooldown > 0) cooldown--;
      else if (i >= nTrain && s >= VAE_ALERT_LEVEL) {
        anomalies.push(i);
        cooldown = VAE_COOLDOWN;
      }
      likelihood.update(raw);
      vae.update(values[i]!);
    }
    return { anomalies, scores };
  } finally {
    vae.dispose();
  }
}

/**
 * `deploylab detect`: returns the exit code (0 on success). Output goes to `out` (default stdout).
 * @throws UserError for bad arguments, an unreadable file, a missing column or bad values.
 */
export async function detectCommand(argv: string[], out: (s: string) => void = (s) => void process.stdout.write(s)): Promise<number> {
  const { method, file, flags } = parseArgs(argv);
  if (method === "help") {
    out(DETECT_HELP);
    return 0;
  }
  if (!["ewma", "shesd", "vae", "hybrid"].includes(method)) throw new UserError(`unknown method "${method}" (ewma, shesd, vae or hybrid)`);
  const direction = (flags.get("direction") ?? "both") as Direction;
  if (direction !== "pos" && direction !== "neg" && direction !== "both") throw new UserError(`--direction must be pos, neg or both (got "${String(direction)}")`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const col = flags.get("column");
  const input = parseDetectCsv(text, file, typeof col === "string" ? col : undefined);
  const { values } = input;

  let anomalies: number[];
  let scores: Float64Array;
  if (method === "shesd") {
    const period = numFlag(flags, "period");
    if (period === undefined) throw new UserError("detect shesd: --period N is required (observations per seasonal period)");
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i]!)) throw new UserError(`shesd: ${file} line ${input.lines[i]}: column "${input.column}" is missing; S-H-ESD needs a complete series (fill or drop the gap)`);
    }
    try {
      const r = shesd(values, { period, maxAnoms: numFlag(flags, "max-anoms") ?? 0.1, alpha: numFlag(flags, "alpha") ?? 0.05, direction });
      anomalies = r.anomalies;
      scores = r.scores;
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  } else if (method === "ewma") {
    let d: EwmaDetector;
    try {
      d = new EwmaDetector({ alpha: numFlag(flags, "alpha"), L: numFlag(flags, "sigmas"), warmup: numFlag(flags, "warmup") });
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    scores = new Float64Array(values.length);
    anomalies = [];
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      const s = d.score(x);
      const sign = x - d.center;
      scores[i] = s;
      if (s > d.L && (direction === "both" || (direction === "pos" ? sign > 0 : sign < 0))) anomalies.push(i);
      d.update(x);
    }
  } else {
    const tf = numFlag(flags, "train-fraction") ?? 0.15;
    if (!(tf > 0 && tf < 1)) throw new UserError(`--train-fraction must be in (0, 1) (got ${tf})`);
    ({ anomalies, scores } = await trainedStream(method as "vae" | "hybrid", values, tf));
  }

  if (flags.has("json")) {
    out(JSON.stringify({ anomalies }) + "\n");
    return 0;
  }
  const rows = anomalies.map((i) => [String(i), ...(input.timestamps ? [input.timestamps[i]!] : []), String(values[i]), Number.isFinite(scores[i]!) ? scores[i]!.toFixed(4) : String(scores[i])]);
  const head = ["index", ...(input.timestamps ? ["timestamp"] : []), input.column, "score"];
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const fmt = (r: string[]): string => r.map((c, j) => c.padEnd(widths[j]!)).join("  ").trimEnd() + "\n";
  out(fmt(head));
  for (const r of rows) out(fmt(r));
  out(`# ${method}: ${anomalies.length} anomalies in ${values.length} rows\n`);
  return 0;
}
