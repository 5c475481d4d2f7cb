import type { UnitCode } from '../domain/ids.js';
import type { CommuneRow, RowsMergeInput, RowsMergeResult } from './programme-module.js';

/**
 * The merge every programme of commune rows uses: accept the new version's valid rows while losing
 * nothing. A commune whose new row has errors, or every commune of a tab that cannot be read,
 * keeps its last accepted row, flagged stale; a programme not reported this period keeps its rows.
 */
export function mergeCommuneRows<Row extends CommuneRow>(input: RowsMergeInput<Row>): RowsMergeResult<Row> {
  const prevRows = input.previous;
  if (!input.scheduled) return { rows: prevRows ? [...prevRows] : undefined, stale: [] };
  if (input.failed) return { rows: prevRows ? [...prevRows] : undefined, stale: (prevRows ?? []).map((r) => r.commune) };
  const out = [...(input.parsed ?? [])];
  const stale: UnitCode[] = [];
  const have = new Set(out.map((r) => r.commune));
  const prevByCommune = new Map((prevRows ?? []).map((r) => [r.commune, r] as const));
  for (const commune of input.errored) {
    const kept = prevByCommune.get(commune);
    if (kept && !have.has(commune)) {
      out.push(kept);
      have.add(commune);
      stale.push(commune);
    }
  }
  return { rows: out, stale };
}
