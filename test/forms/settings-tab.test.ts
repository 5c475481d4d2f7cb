import { describe, expect, it } from 'vitest';
import type { RawWorkbook } from '../../shared/forms/raw-sheet.js';
import { readControlSettings, settingsLayout } from '../../shared/forms/settings-tab.js';

const workbook = (rows: RawWorkbook['sheets'][number]['rows'], name = 'Cấu hình'): RawWorkbook => ({ sheets: [{ name, rows }] });

describe('the control workbook’s `Cấu hình` tab', () => {
  it('reads the settings below a header found by text, whatever the spelling of keys and tab name', () => {
    const raw = workbook(
      [
        ['Tệp cấu hình - Cấu hình'],
        [],
        [null, 'Khoá', 'Giá trị'],
        [null, ' bảng  TỔNG hợp ', '  1abcSummaryIdXXXXXXXXXXXXXXXX '],
        [null, 'Ghi chú', 'bỏ qua'],
        [null, 'Thư mục Drive', 'folder-1'],
        [null, 'Thư mục Drive', 'folder-2'],
      ],
      ' cấu HÌNH ',
    );
    expect(readControlSettings(raw)).toEqual({ summary: '1abcSummaryIdXXXXXXXXXXXXXXXX', driveFolder: 'folder-1' });
    const sheet = raw.sheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(settingsLayout(sheet)).toEqual({ tab: ' cấu HÌNH ', headerRow: 3, keyColumn: 2, valueColumn: 3, rows: { summary: 4, driveFolder: 6 }, lastRow: 7 });
  });

  it('is empty when the tab, its header or a value is missing (the embedded config.xlsx has no such tab)', () => {
    expect(readControlSettings({ sheets: [] })).toEqual({});
    expect(readControlSettings(workbook([['Thư mục Drive', 'x']]))).toEqual({});
    expect(
      readControlSettings(
        workbook([
          ['Khóa', 'Giá trị'],
          ['Bảng tổng hợp', null],
          ['Thư mục Drive', 'f'],
        ]),
      ),
    ).toEqual({ driveFolder: 'f' });
  });
});
