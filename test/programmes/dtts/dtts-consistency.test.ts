import { describe, expect, it } from 'vitest';
import type { Target } from '../../../shared/domain/config.js';
import { Hierarchy } from '../../../shared/domain/hierarchy.js';
import { unitCode } from '../../../shared/domain/ids.js';
import type { Unit } from '../../../shared/domain/unit.js';
import { defaultDttsCatalogue } from '../../../shared/programmes/dtts/dtts-catalogue.js';
import { checkDttsConsistency } from '../../../shared/programmes/dtts/dtts-consistency.js';
import { dttsIndicatorId } from '../../../shared/programmes/dtts/dtts-ids.js';
import { districtCode, langSonHierarchy, langSonTargets, langSonUnits, PROVINCE, statedShareTargets, target, THON, XA } from './fixtures.js';

const cat = defaultDttsCatalogue();
const h = langSonHierarchy();

const replace = (targets: Target[], scope: string, indicator: string, value: number): Target[] =>
  targets.map((t) => (t.scope === scope && t.indicator === indicator ? { ...t, target: value } : t));

describe('checkDttsConsistency on the Lạng Sơn 2023 plan', () => {
  it('finds the plan consistent: districts add up to 5 communes and 24 villages, 174/181 = 96,1 %, 1.108/1.478 = 75 %', () => {
    expect(checkDttsConsistency([...langSonTargets(), ...statedShareTargets()], h, cat)).toEqual([]);
  });

  it('reports districts whose plans do not add up to the province’s, with every source', () => {
    const targets = replace(langSonTargets(), districtCode('Chi Lăng'), dttsIndicatorId(THON), 8);
    const found = checkDttsConsistency(targets, h, cat);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.kind).toBe('children_sum');
    expect(f?.scope).toBe(PROVINCE);
    expect(f?.indicator).toBe('dtts.ct.thon_thoat_dbkk');
    expect(f?.message).toBe(
      'Tỉnh Lạng Sơn: kế hoạch \'Thôn thoát khỏi tình trạng đặc biệt khó khăn (thôn)\' là 24 nhưng tổng kế hoạch của 11 đơn vị trực thuộc là 22 (lệch -2). Sửa kế hoạch của tỉnh hoặc của các đơn vị trực thuộc trong trang "Chỉ tiêu" cho khớp.',
    );
    expect(f?.sources).toHaveLength(12);
  });

  it('reports districts already above the province when some have no plan yet', () => {
    const only = langSonTargets().filter((t) => t.indicator === dttsIndicatorId(XA) && (t.scope === PROVINCE || t.target > 0));
    expect(checkDttsConsistency(only, h, cat)).toEqual([]);
    const over = replace(only, districtCode('Bắc Sơn'), dttsIndicatorId(XA), 2);
    const found = checkDttsConsistency(over, h, cat);
    expect(found.map((f) => f.kind)).toEqual(['children_sum']);
    expect(found[0]?.message).toContain('tổng kế hoạch của 5/11 đơn vị trực thuộc đã có kế hoạch là 6');
  });

  it('reports a stated share that disagrees with its count beyond printed rounding', () => {
    const shares = statedShareTargets().map((t) => (t.indicator === dttsIndicatorId('DA4.duong_xa', 'pct') ? { ...t, target: 95.1 } : t));
    const found = checkDttsConsistency([...langSonTargets(), ...shares], h, cat);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind).toBe('count_pct');
    expect(found[0]?.indicator).toBe('dtts.da4.duong_xa.pct');
    expect(found[0]?.message).toContain(
      "ghi 95,1% nhưng kế hoạch 'Xã có đường ô tô đến trung tâm được rải nhựa/bê tông (xã)' là 174/181 xã, tức 96,1% (96,1326%)",
    );
    expect(found[0]?.sources).toHaveLength(3);
    // 75 % printed without decimals covers 74,97 %; printed 75,00 it does not.
    const strict = statedShareTargets().map((t) => (t.indicator === dttsIndicatorId('DA4.duong_thon', 'pct') ? { ...t, decimals: 2 } : t));
    expect(checkDttsConsistency([...langSonTargets(), ...strict], h, cat).map((f) => f.indicator)).toEqual(['dtts.da4.duong_thon.pct']);
  });

  it('takes the communes in Đơn vị as the whole of a count in xã when the plan states none', () => {
    const units: Unit[] = [
      ...langSonUnits(),
      ...[1, 2, 3, 4].map((i): Unit => ({ code: unitCode(`0610${i}`), name: `Xã ${i}`, level: 'xa', parent: districtCode('Bắc Sơn'), groups: [], emails: [] })),
    ];
    const bs = districtCode('Bắc Sơn');
    const targets = [target(bs, dttsIndicatorId('DA4.duong_xa'), 3), target(bs, dttsIndicatorId('DA4.duong_xa', 'pct'), 80)];
    const found = checkDttsConsistency(targets, new Hierarchy(units), cat);
    expect(found.map((f) => [f.kind, f.scope])).toEqual([['count_pct', bs]]);
    expect(found[0]?.message).toContain('3/4 xã, tức 75%');
    // Villages are not listed in Đơn vị: without a stated whole nothing is guessed.
    const thon = [target(bs, dttsIndicatorId('DA4.duong_thon'), 3), target(bs, dttsIndicatorId('DA4.duong_thon', 'pct'), 80)];
    expect(checkDttsConsistency(thon, new Hierarchy(units), cat)).toEqual([]);
  });
});
