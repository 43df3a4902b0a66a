/**
 * A seeded synthetic stand-in for BAF `Base.csv`, with the same 32-column schema (see ./baf.ts),
 * month-based drift and about 1.1% fraud. It is NOT the real data (whose licence forbids shipping
 * it): tables it makes carry `synthetic: true` and `source: "synthetic (seed N)"`, and every
 * experiment output that uses one says "synthetic".
 *
 * Generative model (our own design, loosely shaped after the BAF datasheet's marginals):
 * 1. Features are drawn per row from label-independent marginals inside the datasheet ranges
 *    (deciles, decades, -1 for missing counts, the categorical values listed in the schema).
 *    Covariate drift: the three velocity features fall month by month, as in BAF.
 * 2. Fraud ~ Bernoulli(sigmoid(b_m + f_m(x))): f_m is a sum of weak, documented risk terms
 *    (housing_status BA, device_os windows, payment_type AC, low name-email similarity, high credit
 *    risk, older applicants, free e-mail, foreign requests, invalid home phone, no other cards, no
 *    keep-alive session, many device e-mails, high proposed limit). Concept drift: the weights of
 *    device_os=windows and foreign_request grow and the name-email similarity weight shrinks with
 *    the month, so models fitted on early months rank later months less well.
 * 3. The intercept b_m is solved per month by bisection so the mean fraud probability equals the
 *    datasheet's monthly rate (0.0113, 0.0094, 0.0088, 0.0092, 0.0114, 0.0118, 0.0134, 0.0148).
 */
import { Rng } from "../core/rng.js";
import { BAF_COLUMNS, BAF_NUMERIC_FEATURES, type BafTable } from "./baf.js";

/** Monthly fraud rates reported in the BAF datasheet (months 0-7). */
export const BAF_MONTHLY_FRAUD_RATE = [0.01133, 0.00939, 0.00875, 0.00922, 0.01137, 0.01183, 0.01341, 0.01475];

/** Options of {@link generateSyntheticBaf}. */
export interface SyntheticBafOptions {
  /** Seed of the generator (default 0). */
  seed?: number;
  /** Rows per month (default 10,000; the real file has about 125,000). */
  rowsPerMonth?: number;
  /** Number of months, 1-8 (default 8). */
  months?: number;
  /** Target fraud rate per month (default {@link BAF_MONTHLY_FRAUD_RATE}). */
  fraudRateByMonth?: number[];
  /** Scale of the concept drift (0 = none; default 1). */
  conceptDrift?: number;
}

/**
 * Generate a synthetic BAF table (rows ordered by month).
 * @throws if rowsPerMonth or months is out of range, or a monthly rate is not in (0, 1).
 * @example const t = generateSyntheticBaf({ seed: 1, rowsPerMonth: 2000 }); t.synthetic === true
 */
export function generateSyntheticBaf(options: SyntheticBafOptions = {}): BafTable {
  const seed = options.seed ?? 0;
  const perMonth = options.rowsPerMonth ?? 10_000;
  const months = options.months ?? 8;
  const rates = options.fraudRateByMonth ?? BAF_MONTHLY_FRAUD_RATE;
  const drift = options.conceptDrift ?? 1;
  if (!(Number.isInteger(perMonth) && perMonth >= 1)) throw new Error(`generateSyntheticBaf: option rowsPerMonth must be a positive integer, got ${perMonth}`);
  if (!(Number.isInteger(months) && months >= 1 && months <= 8)) throw new Error(`generateSyntheticBaf: option months must be an integer in 1-8, got ${months}`);
  if (rates.length < months) throw new Error(`generateSyntheticBaf: option fraudRateByMonth has ${rates.length} entries, need ${months}`);
  rates.slice(0, months).forEach((r, m) => {
    if (!(r > 0 && r < 1)) throw new Error(`generateSyntheticBaf: option fraudRateByMonth[${m}] must be in (0, 1), got ${r}`);
  });
  if (!(drift >= 0)) throw new Error(`generateSyntheticBaf: option conceptDrift must be >= 0, got ${drift}`);

  const n = perMonth * months;
  const num: Record<string, Float64Array> = {};
  for (const c of BAF_COLUMNS) if (c.type !== "categorical") num[c.name] = new Float64Array(n);
  const cat: Record<string, string[]> = {};
  for (const c of BAF_COLUMNS) if (c.type === "categorical") cat[c.name] = new Array<string>(n);
  const logit = new Float64Array(n);
  const label = new Uint8Array(n);
  const month = new Int32Array(n);
  const root = new Rng(seed);
  const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const pick = <T>(rng: Rng, values: T[], weights: number[]): T => values[rng.categorical(weights)]!;
  const set = (name: string, i: number, v: number) => {
    num[name]![i] = v;
  };

  for (let m = 0; m < months; m++) {
    const rng = root.split(`month-${m}`);
    const t = m / 7; // drift clock in [0, 1]
    for (let r = 0; r < perMonth; r++) {
      const i = m * perMonth + r;
      month[i] = m;
      set("month", i, m);
      const income = (1 + rng.categorical([0.11, 0.09, 0.08, 0.08, 0.09, 0.1, 0.13, 0.15, 0.17])) / 10;
      const nameEmail = rng.beta(1.3, 1.3);
      const prevAddr = rng.bernoulli(0.7) ? -1 : clip(Math.round(rng.exponential(1 / 60)), 0, 380);
      const curAddr = rng.bernoulli(0.005) ? -1 : clip(Math.round(rng.exponential(1 / 85)), 0, 429);
      const age = 10 * (1 + rng.categorical([0.02, 0.25, 0.3, 0.22, 0.14, 0.05, 0.015, 0.005]));
      const days = clip(rng.exponential(1), 0, 79);
      const balcon = rng.bernoulli(0.74) ? -rng.uniform(1, 16) : clip(rng.gamma(1.2) * 20, 0, 114);
      const payment = pick(rng, ["AA", "AB", "AC", "AD", "AE"], [0.26, 0.37, 0.25, 0.117, 0.003]);
      const zip = clip(Math.round(Math.exp(rng.normal(7.1, 0.6))), 1, 6830);
      const v6 = clip(rng.normal(5900 - 250 * m, 2900), -175, 16818);
      const v24 = clip(rng.normal(5100 - 150 * m, 1300), 1297, 9586);
      const v4w = clip(rng.normal(5400 - 140 * m, 800), 2825, 7020);
      const branch = rng.bernoulli(0.3) ? 0 : clip(Math.round(Math.exp(rng.normal(2.5, 1.8))), 0, 2404);
      const dobEmails = clip(rng.poisson(9), 0, 39);
      const employment = pick(rng, ["CA", "CB", "CC", "CD", "CE", "CF", "CG"], [0.73, 0.14, 0.04, 0.03, 0.02, 0.039, 0.001]);
      const creditRisk = clip(Math.round(rng.normal(130, 70)), -191, 389);
      const emailFree = rng.bernoulli(0.53) ? 1 : 0;
      const housing = pick(rng, ["BA", "BB", "BC", "BD", "BE", "BF", "BG"], [0.17, 0.26, 0.37, 0.026, 0.17, 0.0017, 0.0003]);
      const phoneHome = rng.bernoulli(0.42) ? 1 : 0;
      const phoneMobile = rng.bernoulli(0.89) ? 1 : 0;
      const bankMonths = rng.bernoulli(0.25) ? -1 : 1 + rng.int(32);
      const otherCards = rng.bernoulli(0.22) ? 1 : 0;
      const limit = pick(rng, [200, 500, 1000, 1500, 2000], [0.35, 0.3, 0.2, 0.12, 0.03]);
      const foreign = rng.bernoulli(0.025) ? 1 : 0;
      const source = rng.bernoulli(0.993) ? "INTERNET" : "TELEAPP";
      const session = rng.bernoulli(0.002) ? -1 : clip(Math.exp(rng.normal(1.5, 0.9)), 0, 107);
      const os = pick(rng, ["windows", "macintosh", "linux", "x11", "other"], [0.26, 0.054, 0.33, 0.007, 0.349]);
      const keepAlive = rng.bernoulli(0.58) ? 1 : 0;
      const devEmails = pick(rng, [-1, 0, 1, 2], [0.0004, 0.03, 0.94, 0.0296]);

      set("income", i, income);
      set("name_email_similarity", i, nameEmail);
      set("prev_address_months_count", i, prevAddr);
      set("current_address_months_count", i, curAddr);
      set("customer_age", i, age);
      set("days_since_request", i, days);
      set("intended_balcon_amount", i, balcon);
      cat["payment_type"]![i] = payment;
      set("zip_count_4w", i, zip);
      set("velocity_6h", i, v6);
      set("velocity_24h", i, v24);
      set("velocity_4w", i, v4w);
      set("bank_branch_count_8w", i, branch);
      set("date_of_birth_distinct_emails_4w", i, dobEmails);
      cat["employment_status"]![i] = employment;
      set("credit_risk_score", i, creditRisk);
      set("email_is_free", i, emailFree);
      cat["housing_status"]![i] = housing;
      set("phone_home_valid", i, phoneHome);
      set("phone_mobile_valid", i, phoneMobile);
      set("bank_months_count", i, bankMonths);
      set("has_other_cards", i, otherCards);
      set("proposed_credit_limit", i, limit);
      set("foreign_request", i, foreign);
      cat["source"]![i] = source;
      set("session_length_in_minutes", i, session);
      cat["device_os"]![i] = os;
      set("keep_alive_session", i, keepAlive);
      set("device_distinct_emails_8w", i, devEmails);
      set("device_fraud_count", i, 0);

      // Risk score f_m(x): weak additive terms; three of them drift with the month.
      let f = 0;
      f += housing === "BA" ? 1.3 : housing === "BD" ? 0.4 : 0;
      f += os === "windows" ? 0.6 + 0.8 * drift * t : 0;
      f += payment === "AC" ? 0.45 : 0;
      f += employment === "CC" ? 0.5 : 0;
      f += -(2.0 - 1.2 * drift * t) * nameEmail;
      f += 0.006 * (creditRisk - 130);
      f += 0.025 * (age - 35);
      f += 0.45 * emailFree;
      f += (0.6 + 1.0 * drift * t) * foreign;
      f += -0.6 * phoneHome;
      f += -0.7 * otherCards;
      f += -0.6 * keepAlive;
      f += devEmails === 2 ? 0.9 : 0;
      f += 0.0005 * (limit - 600);
      f += 0.8 * (income - 0.5);
      f += source === "TELEAPP" ? 0.5 : 0;
      logit[i] = f;
    }
    // Intercept so that the month's mean fraud probability equals its target rate.
    const start = m * perMonth;
    const end = start + perMonth;
    const meanP = (b: number) => {
      let s = 0;
      for (let i = start; i < end; i++) s += 1 / (1 + Math.exp(-(b + logit[i]!)));
      return s / perMonth;
    };
    let lo = -20;
    let hi = 5;
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (meanP(mid) < rates[m]!) lo = mid;
      else hi = mid;
    }
    const b = (lo + hi) / 2;
    const lrng = rng.split("label");
    for (let i = start; i < end; i++) label[i] = lrng.next() < 1 / (1 + Math.exp(-(b + logit[i]!))) ? 1 : 0;
  }
  for (let i = 0; i < n; i++) num["fraud_bool"]![i] = label[i]!;

  const numeric: Record<string, Float64Array> = {};
  for (const name of BAF_NUMERIC_FEATURES) numeric[name] = num[name]!;
  return { n, numeric, categorical: cat, label, month, synthetic: true, source: `synthetic (seed ${seed})` };
}

/** Write a BAF table as CSV text with the Base.csv header (e.g. to test the file loader). */
export function bafToCsv(table: BafTable): string {
  const lines = [BAF_COLUMNS.map((c) => c.name).join(",")];
  for (let i = 0; i < table.n; i++) {
    const row = BAF_COLUMNS.map((c) => {
      if (c.name === "fraud_bool") return String(table.label[i]);
      if (c.name === "month") return String(table.month[i]);
      if (c.type === "categorical") return table.categorical[c.name]![i]!;
      return String(table.numeric[c.name]![i]);
    });
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}
