export const PROGRAMMES = ['ntm', 'giam_ngheo', 'dtts'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export function isProgramme(s: string): s is Programme {
  return (PROGRAMMES as readonly string[]).includes(s);
}

/**
 * Vietnamese names used in sheets and e-mails. The control workbook accepts every programme of the
 * contract; those with a module (shared/programmes/registry.ts) take their label from here.
 */
export const PROGRAMME_LABEL: Record<Programme, string> = {
  ntm: 'Xây dựng nông thôn mới',
  giam_ngheo: 'Giảm nghèo bền vững',
  dtts: 'Phát triển KT-XH vùng đồng bào DTTS&MN',
};

/** A programme id as stored and typed in the control workbook (`giam_ngheo`). */
export type ProgrammeId = Programme;
