import { describe, expect, it } from 'vitest';
import { parseCriterionCell } from '../../shared/forms/criterion-cell.js';
import type { RawCell } from '../../shared/forms/raw-sheet.js';

describe('parseCriterionCell', () => {
  it.each<RawCell>(['Đạt', 'đạt', 'ĐẠT', ' Đạt ', 'Đạt'.normalize('NFD'), 'x', 'X', '✓', '✔', '1', 'có', 'Có', 'TRUE', 'true', true, 1])('%s is met', (raw) => {
    expect(parseCriterionCell(raw)).toEqual({ ok: true, met: true });
  });

  it.each<RawCell>(['Chưa đạt', 'chưa đạt', 'CHƯA  ĐẠT', 'Chưa\u00a0đạt', 'không đạt', 'Không', 'không', '0', 'FALSE', false, 0])('%s is not met', (raw) => {
    expect(parseCriterionCell(raw)).toEqual({ ok: true, met: false });
  });

  it.each<RawCell>([null, '', '   '])('blank %s is a missing criterion', (raw) => {
    const r = parseCriterionCell(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('criterion_missing');
    expect(r.hint).toContain('Chưa đạt');
  });

  it.each<RawCell>(['Dat', 'đạt chuẩn', 'y', '2', 2, 0.5, 'chưa', new Date(Date.UTC(2018, 0, 1))])('%s is invalid', (raw) => {
    const r = parseCriterionCell(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('criterion_invalid');
    expect(r.message).toContain('không phải là kết quả tiêu chí hợp lệ');
  });

  it('reports formula errors as such', () => {
    const fromCell = parseCriterionCell({ error: '#REF!' });
    expect(fromCell).toMatchObject({ ok: false, code: 'formula_error' });
    expect(parseCriterionCell('#N/A')).toMatchObject({ ok: false, code: 'formula_error' });
  });
});
