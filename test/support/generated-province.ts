import type { FakeGoogleServer, SeedCell } from './fake-google/fake-google-server.js';

/**
 * A control spreadsheet for a generated province of `n` districts with two communes each, every
 * district submitting a workbook (`Bảng tính` = `tạo mới`, which init --google replaces with the
 * new spreadsheet's ID). Seeded into the fake as the office would have made it (no `Cấu hình`).
 */
export interface GeneratedProvince {
  folder: string;
  control: string;
  districts: { code: string; name: string; email: string; communes: string[] }[];
}

export const OFFICE_EMAIL = 'vanphong@tinh.example';

export function seedGeneratedControl(fake: FakeGoogleServer, n: number, folderName = `Tỉnh ${n} huyện`, communesPerDistrict = 2): GeneratedProvince {
  const folder = fake.createFolder(folderName);
  const districts = Array.from({ length: n }, (_, i) => {
    const code = String(i + 1).padStart(3, '0');
    const communes = Array.from({ length: communesPerDistrict }, (_, j) => `${code}${String(j + 1).padStart(2, '0')}`);
    return { code, name: `Huyện Số ${i + 1}`, email: `huyen${i + 1}@tinh.example`, communes };
  });
  const units: SeedCell[][] = [
    ['DANH MỤC ĐƠN VỊ'],
    ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
    ['01', 'Tỉnh Mẫu', 'tỉnh', null, null, null, null],
    ...districts.map((d) => [d.code, d.name, 'huyện', '01', null, 'tạo mới', d.email]),
    ...districts.flatMap((d) => d.communes.map((c, j) => [c, `Xã ${j + 1} ${d.name}`, 'xã', d.code, null, null, null])),
  ];
  const control = fake.createSpreadsheet({
    title: 'Cấu hình MTQG',
    folderId: folder,
    tabs: [
      { title: 'Đơn vị', rows: units },
      {
        title: 'Chỉ tiêu',
        rows: [
          ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu', 'So sánh'],
          ['ntm', '2024', '01', 'ntm.standard', Math.ceil(n / 2), '>='],
        ],
      },
      { title: 'Số liệu đầu kỳ', rows: [['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo']] },
      {
        title: 'Lịch báo cáo',
        rows: [
          ['Chương trình', 'Kỳ', 'Hạn nộp'],
          ['ntm', '2024', '20/12/2024'],
          ['giam_ngheo', '2024', '20/12/2024'],
        ],
      },
      {
        title: 'Người nhận',
        rows: [
          ['Email', 'Vai trò', 'Đơn vị'],
          [OFFICE_EMAIL, 'văn phòng', null],
        ],
      },
    ],
  });
  return { folder, control, districts };
}

/** Row of the unit template's NTM tab for the commune at `index` (title row, header row, then communes by code). */
export const ntmRow = (index: number): number => 3 + index;

/** A complete NTM row from TC1 (column C): every criterion met. */
export const ALL_MET: SeedCell[] = Array.from({ length: 19 }, () => 'Đạt');

/** Header of the NTM tab for the 2021-2025 criteria set, as staff would type it. */
const NTM_HEADER: SeedCell[] = ['Mã xã', 'Tên xã', ...Array.from({ length: 19 }, (_, i) => `TC${i + 1}`), 'Năm công nhận'];
const POVERTY_HEADER: SeedCell[] = ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'];

/**
 * Each district's own spreadsheet, made by staff before the product (so Google gave its tabs
 * random ids, and it has no feedback tab), laid out like the template (title row, header row,
 * communes from row 3) and filled; its ID is typed into the district's `Bảng tính`, so
 * `init --google` keeps it as it is. Returns the IDs in district order.
 */
export function seedAdoptedUnits(fake: FakeGoogleServer, province: GeneratedProvince): string[] {
  const ids = province.districts.map((d) =>
    fake.createSpreadsheet({
      title: `Báo cáo MTQG ${d.name}`,
      folderId: province.folder,
      tabs: [
        { title: 'Ghi chú', rows: [['Bảng tính của huyện, lập từ năm 2023']] },
        { title: 'NTM', rows: [['BÁO CÁO NÔNG THÔN MỚI'], NTM_HEADER, ...d.communes.map((c, j) => [c, `Xã ${j + 1} ${d.name}`, ...ALL_MET, null])] },
        { title: 'Giảm nghèo', rows: [['BÁO CÁO GIẢM NGHÈO'], POVERTY_HEADER, ...d.communes.map((c, j) => [c, `Xã ${j + 1} ${d.name}`, 500, 50 - j, 20])] },
      ],
    }),
  );
  // `Đơn vị`: title row, header row, the province, then the districts; `Bảng tính` is column F.
  ids.forEach((id, i) => fake.editCells(province.control, 'Đơn vị', `F${4 + i}`, [[id]]));
  return ids;
}
