import { describe, expect, it } from 'vitest';
import { indicatorId } from '../../shared/domain/ids.js';
import { indexIndicators, indicatorKey } from '../../shared/indicators/indicator-index.js';

describe('indexIndicators', () => {
  it('keys values by scope and indicator, the later value winning', () => {
    const id = indicatorId('ntm.standard');
    const index = indexIndicators([
      { programme: 'ntm', unit: 'D1', indicator: id, value: 1 },
      { programme: 'ntm', unit: 'nhóm:biên giới', indicator: id, value: 2 },
      { programme: 'ntm', unit: 'D1', indicator: id, value: 3 },
    ]);
    expect(indicatorKey('D1', id)).toBe('D1|ntm.standard');
    expect(index.size).toBe(2);
    expect(index.get('D1|ntm.standard')?.value).toBe(3);
    expect(index.get(indicatorKey('nhóm:biên giới', id))?.value).toBe(2);
    expect(index.get('D2|ntm.standard')).toBeUndefined();
  });
});
