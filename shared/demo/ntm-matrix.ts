/**
 * Builds a 0/1 matrix (communes x criteria) with given row sums (criteria met per commune) and
 * column totals (communes meeting each criterion), so demo data reproduces a plan's figures exactly.
 */
export class CriteriaMatrixError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CriteriaMatrixError';
  }
}

/**
 * Ryser's greedy construction: rows in decreasing order of their sum, each taking the columns with
 * the largest remaining totals. It finds a matrix whenever one exists (Gale-Ryser); the result is
 * checked anyway and any mismatch throws.
 */
export function buildCriteriaMatrix(rowSums: readonly number[], columnTotals: readonly number[]): boolean[][] {
  const cols = columnTotals.length;
  const rowTotal = rowSums.reduce((a, b) => a + b, 0);
  const colTotal = columnTotals.reduce((a, b) => a + b, 0);
  if (rowTotal !== colTotal) throw new CriteriaMatrixError(`Row sums add to ${rowTotal}, column totals to ${colTotal}`);
  const remaining = [...columnTotals];
  const matrix: boolean[][] = rowSums.map(() => new Array<boolean>(cols).fill(false));
  const order = rowSums.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i);
  for (const { s, i } of order) {
    if (s > cols || s < 0) throw new CriteriaMatrixError(`Row ${i} needs ${s} of ${cols} criteria`);
    const pick = remaining
      .map((left, c) => ({ left, c }))
      .sort((a, b) => b.left - a.left || a.c - b.c)
      .slice(0, s);
    const row = matrix[i] as boolean[]; // one row per row sum
    for (const { left, c } of pick) {
      if (left <= 0) throw new CriteriaMatrixError(`No matrix has these row sums and column totals (row ${i})`);
      row[c] = true;
      remaining[c] = left - 1;
    }
  }
  // Verify: every row and column adds up exactly.
  matrix.forEach((row, i) => {
    const got = row.filter(Boolean).length;
    if (got !== rowSums[i]) throw new CriteriaMatrixError(`Row ${i}: ${got} instead of ${rowSums[i]}`);
  });
  columnTotals.forEach((want, c) => {
    const got = matrix.reduce((n, row) => n + (row[c] ? 1 : 0), 0);
    if (got !== want) throw new CriteriaMatrixError(`Column ${c}: ${got} instead of ${want}`);
  });
  return matrix;
}
