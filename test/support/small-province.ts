import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeGoogleServer } from './fake-google/fake-google-server.js';
import { writeFixtureWorkbook } from './xlsx-fixture.js';

/**
 * A small province as plain rows, loadable as .xlsx files (written with plain exceljs) or as
 * spreadsheets of the fake Google server, so the same data can run through both front ends:
 * one province, three districts with a few errors each.
 */
export type Cell = string | number | boolean | null | { formula: string; result: number | string | { error: string } };
export interface Tab {
  name: string;
  rows: Cell[][];
}
export type UnitKey = 'a' | 'b' | 'c';

export const UNIT_CODES: Record<UnitKey, string> = { a: '001', b: '002', c: '003' };
export const AS_OF = '2024-12-25';
const CRITERIA = Array.from({ length: 19 }, (_, i) => i + 1);
const all = (v: Cell): Cell[] => CRITERIA.map(() => v);

/** The control workbook's tabs; `workbook` gives each district's `Bảng tính` value. */
export function controlTabs(workbook: Record<UnitKey, string>): Tab[] {
  return [
    {
      name: 'Đơn vị',
      rows: [
        ['DANH MỤC ĐƠN VỊ'],
        ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
        ['01', 'Tỉnh Thử', 'tỉnh', null, null, null, null],
        ['001', 'Huyện A', 'huyện', '01', null, workbook.a, 'huyena@tinh.example'],
        ['002', 'Huyện B', 'huyện', '01', null, workbook.b, 'huyenb@tinh.example; pho.huyenb@tinh.example'],
        ['003', 'Huyện C', 'huyện', '01', null, workbook.c, null],
        ['00001', 'Xã Một', 'xã', '001', 'xã biên giới', null, null],
        ['00002', 'Xã Hai', 'xã', '001', null, null, null],
        ['00003', 'Xã Ba', 'xã', '002', null, null, null],
        ['00004', 'Xã Bốn', 'xã', '002', 'xã biên giới', null, null],
        ['00005', 'Xã Năm', 'xã', '003', null, null, null],
      ],
    },
    {
      name: 'Chỉ tiêu',
      rows: [
        ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu', 'So sánh', 'Ghi chú'],
        ['ntm', '2024', '01', 'ntm.standard', 3, '>=', null],
        ['giam_ngheo', '2024', '01', 'poverty.rate', '10', '<=', null],
        ['ntm', '2024', 'nhóm:xã biên giới', 'ntm.standard', 2, null, 'Xã biên giới'],
      ],
    },
    {
      name: 'Số liệu đầu kỳ',
      rows: [
        ['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
        ['01', '2024', 4000, 500, 200],
      ],
    },
    {
      name: 'Lịch báo cáo',
      rows: [
        ['Chương trình', 'Kỳ', 'Hạn nộp'],
        ['ntm', '2024', '20/12/2024'],
        ['giam_ngheo', '2024', '20/12/2024'],
      ],
    },
    {
      name: 'Người nhận',
      rows: [
        ['Email', 'Vai trò', 'Đơn vị'],
        ['vanphong@tinh.example', 'văn phòng', null],
      ],
    },
  ];
}

/** Unit workbooks; `fixed` repairs Huyện A's two NTM errors. */
export function unitTabs(fixed = false): Record<UnitKey, Tab[]> {
  const hai = all('Đạt');
  if (!fixed) {
    hai[4] = null; // TC5 blank: column G
    hai[1] = 'đạt lắm'; // TC2 invalid: column D
  }
  return {
    a: [
      {
        name: 'NTM',
        rows: [
          ['BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2024'],
          ['Mã xã', 'Tên xã', ...CRITERIA.map((n) => `TC${n}`), 'Năm công nhận'],
          ['00001', 'Xã Một', ...all('Đạt'), 2023],
          ['00002', 'Xã Hai', ...hai, null],
        ],
      },
      {
        name: 'Giảm nghèo',
        rows: [
          ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
          ['00001', 'Xã Một', '1.234', 100, '50'],
          ['00002', 'Xã Hai', 800, '1,955', 40],
        ],
      },
    ],
    b: [
      {
        name: 'NTM',
        rows: [
          ['Mã xã', 'Tên xã', ...CRITERIA.map((n) => `TC${n}`)],
          ['00003', 'Xã Ba', ...all('Đạt')],
          ['00004', 'Xã Bốn', ...CRITERIA.map((n) => (n <= 12 ? 'Đạt' : 'Chưa đạt'))],
        ],
      },
      {
        name: 'Giảm nghèo',
        rows: [
          ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo', 'Ghi chú riêng'],
          ['00003', 'Xã Ba', 900, { formula: '1/0', result: { error: '#DIV/0!' } }, 30, null],
          ['00004', 'Xã Bốn', 700, 50, 20, 'đã rà soát'],
        ],
      },
    ],
    // Huyện C has no poverty tab although poverty is scheduled.
    c: [
      {
        name: 'NTM',
        rows: [
          ['Mã xã', 'Tên xã', ...CRITERIA.map((n) => `TC${n}`)],
          ['00005', 'Xã Năm', ...all('Đạt')],
        ],
      },
    ],
  };
}

// ---- xlsx ----

export async function writeXlsxProvince(workspace: string, fixed = false): Promise<void> {
  await mkdir(join(workspace, 'units'), { recursive: true });
  await writeFixtureWorkbook(join(workspace, 'config.xlsx'), controlTabs({ a: 'a.xlsx', b: 'b.xlsx', c: 'c.xlsx' }));
  await writeXlsxUnits(workspace, fixed);
}

export async function writeXlsxUnits(workspace: string, fixed: boolean, only?: UnitKey): Promise<void> {
  const units = unitTabs(fixed);
  for (const key of Object.keys(units) as UnitKey[]) {
    if (only !== undefined && key !== only) continue;
    await writeFixtureWorkbook(join(workspace, 'units', `${key}.xlsx`), units[key]);
  }
}

// ---- Google (the fake) ----

export interface GoogleProvince {
  folder: string;
  control: string;
  units: Record<UnitKey, string>;
}

/** The province as spreadsheets in a new Drive folder of the fake (unit spreadsheets first, their IDs in `Bảng tính`). */
export function seedGoogleProvince(fake: FakeGoogleServer, folderName = 'Văn phòng Điều phối'): GoogleProvince {
  const folder = fake.createFolder(folderName);
  const tabs = unitTabs(false);
  const units = {} as Record<UnitKey, string>;
  for (const key of Object.keys(tabs) as UnitKey[]) {
    units[key] = fake.createSpreadsheet({
      title: `Huyện ${key.toUpperCase()}`,
      folderId: folder,
      tabs: tabs[key].map((t) => ({ title: t.name, rows: t.rows })),
    });
  }
  const control = fake.createSpreadsheet({ title: 'Cấu hình MTQG', folderId: folder, tabs: controlTabs(units).map((t) => ({ title: t.name, rows: t.rows })) });
  return { folder, control, units };
}
