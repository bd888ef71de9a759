/**
 * The little dense linear algebra the rating fits need: Cholesky factorisation of a symmetric
 * positive-definite n × n matrix (row-major Float64Array) and solves with the factor.
 * Matrices here are one row and column per model (a few hundred at most), so a plain O(n³)
 * factorisation takes well under a millisecond.
 */

/**
 * Factorises the symmetric positive-definite `matrix` as L·Lᵀ, returning L (lower triangle,
 * row-major; the upper triangle is zero), or `undefined` if a pivot is not positive — that is,
 * the matrix is not numerically positive definite. Only the lower triangle of `matrix` is read.
 */
export function choleskyFactor(matrix: Float64Array, size: number): Float64Array | undefined {
  if (matrix.length !== size * size) throw new RangeError("matrix must be size × size");
  const lower = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    const rowStart = row * size;
    for (let column = 0; column <= row; column++) {
      const columnStart = column * size;
      let sum = matrix[rowStart + column]!;
      for (let k = 0; k < column; k++) sum -= lower[rowStart + k]! * lower[columnStart + k]!;
      if (column === row) {
        if (!(sum > 0)) return undefined;
        lower[rowStart + row] = Math.sqrt(sum);
      } else {
        lower[rowStart + column] = sum / lower[columnStart + column]!;
      }
    }
  }
  return lower;
}

/** Solves (L·Lᵀ)·x = rhs given L from `choleskyFactor`; returns x (rhs is left untouched). */
export function choleskySolve(lower: Float64Array, size: number, rhs: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(rhs);
  for (let row = 0; row < size; row++) {
    const rowStart = row * size;
    let sum = x[row]!;
    for (let k = 0; k < row; k++) sum -= lower[rowStart + k]! * x[k]!;
    x[row] = sum / lower[rowStart + row]!;
  }
  for (let row = size - 1; row >= 0; row--) {
    let sum = x[row]!;
    for (let k = row + 1; k < size; k++) sum -= lower[k * size + row]! * x[k]!;
    x[row] = sum / lower[row * size + row]!;
  }
  return x;
}

/** The inverse of the matrix whose Cholesky factor is `lower`, row-major (it is symmetric). */
export function choleskyInverse(lower: Float64Array, size: number): Float64Array {
  const inverse = new Float64Array(size * size);
  const unit = new Float64Array(size);
  for (let column = 0; column < size; column++) {
    unit.fill(0);
    unit[column] = 1;
    const solved = choleskySolve(lower, size, unit);
    for (let row = 0; row < size; row++) inverse[row * size + column] = solved[row]!;
  }
  return inverse;
}

/**
 * The Newton step Δ solving H·Δ = −g for a Hessian that is positive definite in exact arithmetic.
 * Should rounding say otherwise, a growing multiple of the identity is added — `damping` first,
 * times `growth` at each further try — until it factorises: the step is then shorter and still
 * downhill.
 */
export function dampedNewtonStep(
  hessian: Float64Array,
  gradient: ArrayLike<number>,
  size: number,
  damping: () => number,
  growth: number,
): Float64Array {
  let lower = choleskyFactor(hessian, size);
  if (lower === undefined) {
    let added = damping();
    while (lower === undefined) {
      const damped = Float64Array.from(hessian);
      for (let i = 0; i < size; i++) damped[i * size + i] = damped[i * size + i]! + added;
      lower = choleskyFactor(damped, size);
      added *= growth;
    }
  }
  const step = choleskySolve(lower, size, gradient);
  for (let i = 0; i < size; i++) step[i] = -step[i]!;
  return step;
}
