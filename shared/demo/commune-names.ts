import type { SeededRandom } from './seeded-random.js';

// Syllables of real commune names of the northern mountain provinces; pairs are drawn at random.
const FIRST = [
  'Tân',
  'Hồng',
  'Hòa',
  'Bình',
  'Minh',
  'Quang',
  'Thành',
  'Vân',
  'Hữu',
  'Khánh',
  'Đồng',
  'Yên',
  'Hoàng',
  'Xuân',
  'Tú',
  'Thụy',
  'Bắc',
  'Nam',
  'Đại',
  'Trung',
  'Quốc',
  'Mai',
  'Gia',
  'Hưng',
  'Thiện',
  'Vĩnh',
  'An',
  'Phú',
  'Hải',
  'Cao',
  'Thạch',
  'Tràng',
  'Lộc',
  'Kim',
  'Lương',
  'Khuất',
  'Đào',
  'Tri',
  'Hùng',
  'Chí',
];
const SECOND = [
  'Thanh',
  'Lợi',
  'Tiến',
  'Việt',
  'Sơn',
  'Long',
  'Phong',
  'Lạc',
  'Mịch',
  'Lâm',
  'Hợp',
  'Thắng',
  'Xá',
  'Pha',
  'Khê',
  'Lăng',
  'Đoàn',
  'Hà',
  'Thịnh',
  'Liên',
  'Vinh',
  'Định',
  'Châu',
  'Cường',
  'Mỹ',
  'Phúc',
  'Tâm',
  'Thái',
  'Nghĩa',
  'Dũng',
  'Tài',
  'Lập',
  'Khang',
  'Viên',
  'Kiên',
  'Quán',
  'Trà',
  'Nhạc',
  'Hội',
  'Yên',
];

/** Returns a generator of distinct, plausible commune names (`Xã Tân Thanh`). */
export function communeNames(rng: SeededRandom): () => string {
  const used = new Set<string>();
  return () => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const a = FIRST[rng.int(0, FIRST.length - 1)] as string;
      const b = SECOND[rng.int(0, SECOND.length - 1)] as string;
      const name = `Xã ${a} ${b}`;
      if (a === b || used.has(name)) continue;
      used.add(name);
      return name;
    }
    // More names than pairs (the benchmark's 10,000 communes): number them.
    const name = `Xã Số ${used.size + 1}`;
    used.add(name);
    return name;
  };
}
