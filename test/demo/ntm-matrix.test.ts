import { describe, expect, it } from 'vitest';
import { buildCriteriaMatrix, CriteriaMatrixError } from '../../shared/demo/ntm-matrix.js';

const rowSumsOf = (m: boolean[][]): number[] => m.map((r) => r.filter(Boolean).length);
const colSumsOf = (m: boolean[][], cols: number): number[] => Array.from({ length: cols }, (_, c) => m.filter((r) => r[c]).length);

describe('buildCriteriaMatrix', () => {
  it('meets the given row sums and column totals exactly', () => {
    const rows = [3, 1, 2, 2, 0, 3];
    const cols = [5, 3, 2, 1];
    const m = buildCriteriaMatrix(rows, cols);
    expect(rowSumsOf(m)).toEqual(rows);
    expect(colSumsOf(m, 4)).toEqual(cols);
  });

  it('finds a matrix where a naive fill would get stuck (Gale-Ryser greedy)', () => {
    // Filling rows left to right would give both 2-rows columns 0 and 1 and leave column 2 unfillable.
    const m = buildCriteriaMatrix([2, 2, 1, 1], [2, 2, 2]);
    expect(colSumsOf(m, 3)).toEqual([2, 2, 2]);
  });

  it('throws when no matrix exists', () => {
    expect(() => buildCriteriaMatrix([3, 0], [2, 1])).toThrow(CriteriaMatrixError); // totals differ
    expect(() => buildCriteriaMatrix([2, 2], [2, 2, 0])).not.toThrow();
    expect(() => buildCriteriaMatrix([3, 1], [2, 2, 0])).toThrow(CriteriaMatrixError); // a row needs a column with nothing left
  });
});
