export const PROGRAMMES = ['ntm', 'giam_ngheo', 'dtts'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export function isProgramme(s: string): s is Programme {
  return (PROGRAMMES as readonly string[]).includes(s);
}

/** Vietnamese names used in sheets and e-mails. */
export const PROGRAMME_LABEL: Record<Programme, string> = {
  ntm: 'Xây dựng nông thôn mới',
  giam_ngheo: 'Giảm nghèo bền vững',
  dtts: 'Phát triển KT-XH vùng đồng bào DTTS&MN',
};

/** The unit-workbook tab that carries each programme's data (dtts has no tab yet). */
export const PROGRAMME_TAB: Record<Programme, string | undefined> = {
  ntm: 'NTM',
  giam_ngheo: 'Giảm nghèo',
  dtts: undefined,
};
