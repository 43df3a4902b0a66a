/**
 * Principal component analysis by eigendecomposition of the sample covariance matrix.
 *
 * fit: centre the rows, form the p x p covariance S = X'X / (n - 1), diagonalise it with the cyclic
 * Jacobi eigenvalue method (Jacobi 1846; see Golub & Van Loan, Matrix Computations, 4th ed., 8.5),
 * keep the `components` eigenvectors with the largest eigenvalues. Signs are fixed so that each
 * component's largest-magnitude entry is positive, so a fit is reproducible.
 * transform: z = W'(x - mean); inverse: x^ = mean + W z. With all p components inverse(transform(x))
 * = x. Explained variance = the kept eigenvalues; ratio = eigenvalue / trace(S).
 *
 * Jacobi is O(p^3) per sweep and converges quadratically; it is meant for the tens-to-low-hundreds
 * of features the detectors use, not for very wide data.
 *
 * Reference: K. Pearson (1901), "On lines and planes of closest fit to systems of points in space";
 * H. Hotelling (1933), "Analysis of a complex of statistical variables into principal components".
 */

/** Serializable state of a fitted PCA. */
export interface PcaState {
  mean: number[];
  /** Row-major components x features. */
  components: number[][];
  explainedVariance: number[];
  totalVariance: number;
}

/** Options of `Pca.fit`. */
export interface PcaOptions {
  /** Number of components to keep, 1 <= components <= features. Default: all features. */
  components?: number;
}

/** A fitted PCA projection. Build with `Pca.fit(rows, options)`. */
export class Pca {
  /** Feature means (length p). */
  readonly mean: Float64Array;
  /** Principal axes, one Float64Array of length p per component, by decreasing variance. */
  readonly components: Float64Array[];
  /** Variance along each kept axis (eigenvalues of the covariance). */
  readonly explainedVariance: Float64Array;
  /** Share of the total variance along each kept axis. */
  readonly explainedVarianceRatio: Float64Array;
  /** Trace of the covariance matrix (total variance). */
  readonly totalVariance: number;

  private constructor(mean: Float64Array, components: Float64Array[], explained: Float64Array, total: number) {
    this.mean = mean;
    this.components = components;
    this.explainedVariance = explained;
    this.totalVariance = total;
    this.explainedVarianceRatio = explained.map((v) => (total > 0 ? v / total : 0));
  }

  /** Number of input features. */
  get features(): number {
    return this.mean.length;
  }

  /** Number of kept components. */
  get k(): number {
    return this.components.length;
  }

  /**
   * Fit PCA on rows of equal length.
   * @throws if there are fewer than 2 rows, rows differ in length, a value is not finite (naming
   *   row and column), or `components` is not an integer in [1, features].
   */
  static fit(rows: ReadonlyArray<ArrayLike<number>>, options: PcaOptions = {}): Pca {
    if (rows.length < 2) throw new Error(`Pca.fit: need at least 2 rows, got ${rows.length}`);
    const p = rows[0]!.length;
    if (p === 0) throw new Error("Pca.fit: rows have no features");
    const k = options.components ?? p;
    if (!Number.isInteger(k) || k < 1) throw new Error(`components must be an integer >= 1, got ${k}`);
    if (k > p) throw new Error(`components = ${k} exceeds the number of features (${p})`);
    const n = rows.length;
    const mean = new Float64Array(p);
    rows.forEach((row, r) => {
      if (row.length !== p) throw new Error(`Pca.fit: row ${r} has ${row.length} features, row 0 has ${p}`);
      for (let j = 0; j < p; j++) {
        const v = row[j]!;
        if (!Number.isFinite(v)) throw new Error(`Pca.fit: row ${r}, feature ${j} is ${v}`);
        mean[j]! += v;
      }
    });
    for (let j = 0; j < p; j++) mean[j]! /= n;
    // Covariance, upper triangle then mirrored.
    const cov = new Float64Array(p * p);
    const c = new Float64Array(p);
    for (const row of rows) {
      for (let j = 0; j < p; j++) c[j] = row[j]! - mean[j]!;
      for (let a = 0; a < p; a++) {
        const ca = c[a]!;
        if (ca === 0) continue;
        const base = a * p;
        for (let b = a; b < p; b++) cov[base + b]! += ca * c[b]!;
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        const v = cov[a * p + b]! / (n - 1);
        cov[a * p + b] = v;
        cov[b * p + a] = v;
      }
    }
    let total = 0;
    for (let j = 0; j < p; j++) total += cov[j * p + j]!;
    const { values, vectors } = jacobiEigen(cov, p);
    const order = [...values.keys()].sort((x, y) => values[y]! - values[x]! || x - y);
    const components: Float64Array[] = [];
    const explained = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const col = order[i]!;
      const v = new Float64Array(p);
      let big = 0;
      for (let j = 0; j < p; j++) {
        v[j] = vectors[j * p + col]!;
        if (Math.abs(v[j]!) > Math.abs(v[big]!) + 1e-12) big = j;
      }
      if (v[big]! < 0) for (let j = 0; j < p; j++) v[j] = -v[j]!;
      components.push(v);
      explained[i] = Math.max(0, values[col]!);
    }
    return new Pca(mean, components, explained, total);
  }

  /** Project one row onto the components (into `out` if given). @throws on a length mismatch. */
  transform(row: ArrayLike<number>, out?: Float64Array): Float64Array {
    const p = this.mean.length;
    if (row.length !== p) throw new Error(`Pca.transform: row has ${row.length} features, fitted on ${p}`);
    const z = out ?? new Float64Array(this.components.length);
    for (let i = 0; i < this.components.length; i++) {
      const w = this.components[i]!;
      let s = 0;
      for (let j = 0; j < p; j++) s += w[j]! * (row[j]! - this.mean[j]!);
      z[i] = s;
    }
    return z;
  }

  /** Map component scores back to feature space: mean + sum_i z_i w_i. @throws on a length mismatch. */
  inverse(z: ArrayLike<number>, out?: Float64Array): Float64Array {
    const k = this.components.length;
    if (z.length !== k) throw new Error(`Pca.inverse: got ${z.length} scores, the PCA has ${k} components`);
    const x = out ?? new Float64Array(this.mean.length);
    x.set(this.mean);
    for (let i = 0; i < k; i++) {
      const w = this.components[i]!;
      const zi = z[i]!;
      for (let j = 0; j < x.length; j++) x[j]! += zi * w[j]!;
    }
    return x;
  }

  /** Plain-data state for saving. */
  toJSON(): PcaState {
    return {
      mean: Array.from(this.mean),
      components: this.components.map((c) => Array.from(c)),
      explainedVariance: Array.from(this.explainedVariance),
      totalVariance: this.totalVariance,
    };
  }

  /** Rebuild from `toJSON()` output. @throws on malformed state. */
  static fromJSON(state: PcaState): Pca {
    const p = state?.mean?.length;
    if (!p || !Array.isArray(state.components) || state.components.length === 0) {
      throw new Error("Pca.fromJSON: state needs mean and at least one component");
    }
    if (state.components.some((c) => c.length !== p) || state.explainedVariance.length !== state.components.length) {
      throw new Error("Pca.fromJSON: component lengths do not match the mean");
    }
    return new Pca(
      Float64Array.from(state.mean),
      state.components.map((c) => Float64Array.from(c)),
      Float64Array.from(state.explainedVariance),
      state.totalVariance,
    );
  }
}

/**
 * Cyclic Jacobi eigenvalue method for a symmetric p x p matrix (row-major, copied). Returns the
 * eigenvalues and the eigenvectors as the columns of a row-major matrix.
 */
function jacobiEigen(matrix: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  let scale = 0;
  for (let i = 0; i < p * p; i++) scale += a[i]! * a[i]!;
  const tol = 1e-22 * Math.max(scale, 1e-300);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j]! * a[i * p + j]!;
    if (off <= tol) break;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j]!;
        if (Math.abs(aij) < 1e-300) continue;
        const aii = a[i * p + i]!;
        const ajj = a[j * p + j]!;
        // Rotation angle that zeroes a_ij (Golub & Van Loan, Algorithm 8.5.1, the stable form).
        const theta = (ajj - aii) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let r = 0; r < p; r++) {
          const ari = a[r * p + i]!;
          const arj = a[r * p + j]!;
          a[r * p + i] = cs * ari - sn * arj;
          a[r * p + j] = sn * ari + cs * arj;
        }
        for (let r = 0; r < p; r++) {
          const air = a[i * p + r]!;
          const ajr = a[j * p + r]!;
          a[i * p + r] = cs * air - sn * ajr;
          a[j * p + r] = sn * air + cs * ajr;
        }
        for (let r = 0; r < p; r++) {
          const vri = v[r * p + i]!;
          const vrj = v[r * p + j]!;
          v[r * p + i] = cs * vri - sn * vrj;
          v[r * p + j] = sn * vri + cs * vrj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = a[i * p + i]!;
  return { values, vectors: v };
}
