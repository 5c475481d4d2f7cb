import { describe, expect, it } from 'vitest';
import { unitCode } from '../../../shared/domain/ids.js';
import { mergeDttsRows } from '../../../shared/programmes/dtts/dtts-merge.js';

const u = unitCode('185');

describe('mergeDttsRows', () => {
  it('keeps the last accepted figure of a code whose new row has errors, flagged stale, and drops codes no longer reported', () => {
    const previous = [
      { unit: u, code: 'DA1.nha_o', achieved: 40 },
      { unit: u, code: 'DA1.dat_o', achieved: 3 },
      { unit: u, code: 'DA3.khoanh_nuoi', achieved: 12 },
    ];
    const parsed = [{ unit: u, code: 'DA1.dat_o', achieved: 5 }];
    const r = mergeDttsRows(previous, parsed, ['da1.nha_o', 'da1.dat_o']);
    expect(r.rows).toEqual([
      { unit: u, code: 'DA1.dat_o', achieved: 5 },
      { unit: u, code: 'DA1.nha_o', achieved: 40 },
    ]);
    expect(r.staleCodes).toEqual(['DA1.nha_o']);
  });
});
