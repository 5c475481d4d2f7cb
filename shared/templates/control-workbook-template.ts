import { OFFICE_ROLE, type ControlConfig } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import { criteriaSetForPeriod } from '../domain/criteria-sets.js';
import { periodId } from '../domain/ids.js';
import { PROGRAMME_LABEL, PROGRAMMES } from '../domain/programme.js';
import { LEVEL_LABEL } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import { BASELINES_TAB, DTTS_CATALOGUE_TAB, MERGERS_TAB, RECIPIENTS_TAB, SCHEDULE_TAB, TARGETS_TAB, UNITS_TAB, type TabSpec } from '../forms/tab-specs.js';
import type { IndicatorInfo, IndicatorKind } from '../indicators/catalogue.js';
import { DEFAULT_ORIGIN, defaultDttsCatalogue } from '../programmes/dtts/dtts-catalogue.js';
import { indicatorCatalogue } from '../programmes/indicator-catalogue.js';
import { PROGRAMME_MODULES } from '../programmes/registry.js';
import type { DttsCatalogue } from '../domain/dtts-catalogue.js';
import { type LayoutColumnKind, type NotesSheetLayout, type TableSheetLayout, type WorkbookLayout } from './sheet-layout.js';

/** Column kinds of the control tabs, by field; codes and periods are text so `06` stays `06`. */
const KINDS: Record<string, Record<string, LayoutColumnKind>> = {
  [UNITS_TAB.name]: { code: 'code', parent: 'code', level: 'choice' },
  [TARGETS_TAB.name]: { programme: 'choice', period: 'code', scope: 'code', indicator: 'choice', target: 'number', op: 'choice' },
  [BASELINES_TAB.name]: { unit: 'code', period: 'code', households: 'count', poor: 'count', nearPoor: 'count' },
  [SCHEDULE_TAB.name]: { programme: 'choice', period: 'code', due: 'date', scope: 'code' },
  [RECIPIENTS_TAB.name]: { role: 'choice', scope: 'code' },
  [MERGERS_TAB.name]: { from: 'code', to: 'code', effective: 'date' },
  [DTTS_CATALOGUE_TAB.name]: { code: 'code', project: 'choice' },
};

/** Roles offered in `Người nhận`: the office (also told about undelivered mail) and its leadership; others may be typed. */
const ROLES: readonly string[] = [OFFICE_ROLE, 'lãnh đạo'];

/** The tab listing every indicator id with its label: the source of the `Chỉ số` dropdown. */
export const INDICATOR_LIST_TAB = 'Danh mục chỉ số';
export const CONTROL_GUIDE_TAB = 'Hướng dẫn';

const KIND_LABEL: Record<IndicatorKind, string> = { count: 'số đếm', percent: 'tỷ lệ %', average: 'bình quân', pp: 'điểm %' };

/**
 * The criteria set whose labels the template shows: the one in force that year, else the newest
 * before it (labels only: the parser checks each target against its own period's set).
 */
function templateSet(year: number): CriteriaSet | undefined {
  for (let y = year; y >= year - 10; y--) {
    const set = criteriaSetForPeriod(periodId(String(y)));
    if (set !== undefined) return set;
  }
  return undefined;
}

function catalogue(year: number, dtts: DttsCatalogue | undefined): IndicatorInfo[] {
  const set = templateSet(year);
  return set === undefined ? [] : indicatorCatalogue(set, PROGRAMME_MODULES, dtts);
}

/** A dropdown entry of `Chỉ số`: the id, then its label (the parser reads the id, the first word). */
export const indicatorChoice = (i: IndicatorInfo): string => `${i.id} - ${i.label}`;

function choicesFor(field: string, year: number, dtts: DttsCatalogue | undefined): readonly string[] {
  switch (field) {
    case 'level':
      return Object.values(LEVEL_LABEL);
    case 'programme':
      return PROGRAMMES;
    case 'op':
      return ['>=', '<=', '='];
    case 'role':
      return ROLES;
    case 'indicator':
      return catalogue(year, dtts).map(indicatorChoice);
    case 'project':
      return (dtts ?? defaultDttsCatalogue()).projects.map((p) => p.id);
    default:
      return [];
  }
}

/** Guidance printed under each tab's title, so an empty control workbook explains itself. */
const GUIDANCE: Record<string, string> = {
  [UNITS_TAB.name]:
    'Mỗi dòng một đơn vị (tỉnh, huyện, xã). Mã đơn vị nhập dạng văn bản, giữ số 0 ở đầu. Đơn vị cha để trống cho tỉnh. Nhóm: các nhãn cách nhau bởi dấu ";" (ví dụ: xã biên giới; xã ĐBKK). Bảng tính: tên tệp trong thư mục units của đơn vị nộp báo cáo. Email: các địa chỉ cách nhau bởi dấu ";".',
  [TARGETS_TAB.name]:
    'Mỗi dòng một chỉ tiêu kế hoạch. Đơn vị: mã đơn vị hoặc nhóm:<nhãn> (ví dụ nhóm:xã biên giới). Chỉ số: chọn trong danh sách (trang "Danh mục chỉ số") hoặc gõ mã (ntm.standard, ntm.criterion.2, poverty.rate_reduction_pp...). Tỷ lệ nhập theo phần trăm (23,2 là 23,2%). So sánh để trống là >=. Ví dụ ở trang "Hướng dẫn".',
  [BASELINES_TAB.name]: 'Số liệu rà soát hộ nghèo đầu kỳ của từng đơn vị, dùng để tính số hộ và tỷ lệ hộ nghèo giảm trong kỳ.',
  [SCHEDULE_TAB.name]:
    'Chương trình phải báo cáo trong từng kỳ và hạn nộp (dd/mm/yyyy). Đơn vị (không bắt buộc): chỉ áp dụng cho đơn vị này và các đơn vị trực thuộc; để trống là mọi đơn vị nộp báo cáo.',
  [RECIPIENTS_TAB.name]:
    'Người nhận thư cảnh báo, đọc được bảng tổng hợp. Vai trò: văn phòng (để trống cũng là văn phòng; được báo cả khi có thư không gửi được) hoặc lãnh đạo. Đơn vị để trống là toàn tỉnh. Cán bộ của từng đơn vị ghi ở cột Email của trang "Đơn vị".',
  [MERGERS_TAB.name]:
    'Không bắt buộc. Mỗi dòng một đơn vị cũ đã sáp nhập: mã cũ (không cần có trong trang "Đơn vị"), mã đơn vị mới (phải có trong trang "Đơn vị") và ngày có hiệu lực (dd/mm/yyyy). Từ ngày đó, số liệu đầu kỳ và số liệu kỳ trước của đơn vị cũ được cộng cho đơn vị mới.',
  [DTTS_CATALOGUE_TAB.name]:
    'Không bắt buộc. Chỉ tiêu DTTS bổ sung vào danh mục có sẵn (các chỉ tiêu của Kế hoạch 59/KH-UBND tỉnh Lạng Sơn năm 2023, xem trang "Danh mục chỉ số"). Mã chỉ tiêu: mã dự án, dấu chấm, tên ngắn không dấu (ví dụ DA5.dao_tao_nghe); chỉ số tương ứng ở trang "Chỉ tiêu" là dtts.<mã viết thường>. Ghi lại một mã có sẵn để sửa nội dung của mã đó.',
};

/** Rows of every control tab: title, guidance, then the header; data starts on the row after. */
export const CONTROL_HEADER_ROW = 3;

const isoToDate = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function table(spec: TabSpec, rows: RawCell[][], year: number, dtts: DttsCatalogue | undefined): TableSheetLayout {
  const kinds = KINDS[spec.name] ?? {};
  return {
    kind: 'table',
    name: spec.name,
    titleRows: [`Tệp cấu hình - ${spec.name}`, GUIDANCE[spec.name] ?? ''],
    columns: spec.columns.map((c) => {
      const kind = kinds[c.field] ?? 'text';
      // The indicator column is wider: its dropdown entries carry the label.
      const width = c.field === 'indicator' ? 44 : c.width;
      return { field: c.field, header: c.header, width, kind, ...(kind === 'choice' ? { choices: choicesFor(c.field, year, dtts) } : {}) };
    }),
    rows,
    spareRows: 50,
    protectHeader: false,
    freezeColumns: 0,
  };
}

/** Every indicator id with its label, programme and kind, in the catalogue's order. */
function indicatorList(year: number, dtts: DttsCatalogue | undefined): TableSheetLayout {
  return {
    kind: 'table',
    name: INDICATOR_LIST_TAB,
    titleRows: [
      `Tệp cấu hình - ${INDICATOR_LIST_TAB}`,
      'Các mã dùng ở cột "Chỉ số" của trang "Chỉ tiêu" (chọn trong danh sách thả xuống, hoặc gõ mã). Trang này để tra cứu; hệ thống không đọc trang này.',
    ],
    columns: [
      { field: 'choice', header: 'Mục trong danh sách', width: 60, kind: 'text' },
      { field: 'id', header: 'Mã chỉ số', width: 26, kind: 'text' },
      { field: 'label', header: 'Nội dung', width: 50, kind: 'text' },
      { field: 'programme', header: 'Chương trình', width: 13, kind: 'text' },
      { field: 'kind', header: 'Loại số', width: 11, kind: 'text' },
    ],
    rows: catalogue(year, dtts).map((i) => [indicatorChoice(i), i.id, i.label, i.programme, KIND_LABEL[i.kind]]),
    spareRows: 0,
    protectHeader: true,
    freezeColumns: 0,
  };
}

/** The engineer's guide: the order to fill the tabs, how periods and dates are written, example rows. */
function guide(): NotesSheetLayout {
  return {
    kind: 'notes',
    name: CONTROL_GUIDE_TAB,
    title: 'Hướng dẫn thiết lập tệp cấu hình',
    width: 90,
    // Short lines: a notes row is not made taller for wrapped text by every program.
    lines: [
      'Tệp này do văn phòng điều phối nhập. Ở mỗi trang, dòng 3 là dòng tiêu đề; nhập từ dòng 4.',
      'Có thể đổi thứ tự cột, nhưng không đổi tên tiêu đề.',
      'Thứ tự nên nhập: 1. Đơn vị  2. Lịch báo cáo  3. Danh mục DTTS (nếu cần thêm chỉ tiêu DTTS)  4. Chỉ tiêu  5. Số liệu đầu kỳ (giảm nghèo)  6. Người nhận.',
      'Sau khi nhập trang Đơn vị, chạy lại lệnh init để tạo bảng tính cho từng đơn vị nộp báo cáo.',
      '',
      'CÁCH GHI KỲ (cột "Kỳ"), giống nhau ở mọi trang:',
      '    năm: 2018;  quý: 2018-Q3;  nửa năm: 2018-H1 (6 tháng đầu năm) hoặc 2018-H2;  tháng: 2018-07.',
      'CÁCH GHI NGÀY (cột "Hạn nộp"): ngày/tháng/năm, ví dụ 20/12/2018.',
      'MÃ ĐƠN VỊ: ghi dạng văn bản, giữ số 0 ở đầu (06, 00178). Mã xã theo danh mục của Tổng cục Thống kê.',
      'CHƯƠNG TRÌNH (cột "Chương trình"):',
      ...PROGRAMMES.map((p) => `    ${p}: ${PROGRAMME_LABEL[p]}`),
      '',
      'VÍ DỤ TRANG "Đơn vị" (Mã đơn vị | Tên đơn vị | Cấp | Đơn vị cha | Nhóm | Bảng tính | Email):',
      '    20 | Tỉnh Lạng Sơn | tỉnh | (trống) | (trống) | (trống) | (trống)',
      '    181 | Huyện Tràng Định | huyện | 20 | (trống) | ls-181-trang-dinh.xlsx | ntm.trangdinh@langson.gov.vn',
      '    06052 | Xã Hùng Sơn | xã | 181 | xã biên giới; xã ĐBKK | (trống) | (trống)',
      'VÍ DỤ TRANG "Lịch báo cáo" (Chương trình | Kỳ | Hạn nộp | Đơn vị):',
      '    ntm | 2018 | 20/12/2018 | (trống: mọi đơn vị nộp báo cáo)',
      '    giam_ngheo | 2018 | 31/12/2018 | 06 (chỉ các đơn vị thuộc tỉnh có mã 06)',
      'VÍ DỤ TRANG "Chỉ tiêu" (Chương trình | Kỳ | Đơn vị | Chỉ số | Mục tiêu | So sánh | Ghi chú):',
      '    ntm | 2018 | 20 | ntm.standard - Số xã đạt chuẩn (19 tiêu chí) | 48 | >= | KH 42/KH-UBND',
      '    ntm | 2018 | nhóm:xã biên giới | ntm.avg_criteria - Bình quân số tiêu chí/xã | 12 | >= | (trống)',
      '    giam_ngheo | 2018 | 06 | poverty.rate_reduction_pp - Mức giảm tỷ lệ hộ nghèo (điểm %) | 3 | >= | (trống)',
      '    giam_ngheo | 2018 | 06 | poverty.rate - Tỷ lệ hộ nghèo | 20,5 | <= | tỷ lệ theo phần trăm: 20,5 là 20,5%',
      '    dtts | 2023 | 20 | dtts.da1.nha_o - Hỗ trợ nhà ở (hộ) | 640 | >= | KH 59/KH-UBND',
      'VÍ DỤ TRANG "Danh mục DTTS" (Mã chỉ tiêu | Dự án | Nội dung | Đơn vị tính):',
      '    DA5.dao_tao_nghe | DA5 | Đào tạo nghề cho lao động vùng DTTS | người',
      'VÍ DỤ TRANG "Số liệu đầu kỳ" (Đơn vị | Kỳ | Tổng số hộ | Số hộ nghèo | Số hộ cận nghèo):',
      '    0604 | 2018 | 6850 | 2136 | 512',
      'SÁP NHẬP (trang "Sáp nhập", không bắt buộc): từ "Từ ngày", số liệu đầu kỳ và kỳ trước của mã cũ được cộng cho mã mới; xã sáp nhập giữ mã cũ vẫn ghi số liệu đầu kỳ của mình.',
      '    ví dụ (Mã cũ | Mã mới | Từ ngày | Tên đơn vị cũ): 06055 | 06052 | 01/07/2025 | Xã Hồng Thái',
      'VÍ DỤ TRANG "Người nhận" (Email | Vai trò | Đơn vị):',
      '    vanphong.ntm@langson.gov.vn | văn phòng | (trống: toàn tỉnh)',
      '    giamdoc.sonnmt@langson.gov.vn | lãnh đạo | (trống)',
      '',
      `DANH MỤC CHỈ SỐ: trang "${INDICATOR_LIST_TAB}" liệt kê mọi mã chỉ số kèm nội dung.`,
      'Cột "Chỉ số" của trang "Chỉ tiêu" có danh sách thả xuống; hệ thống đọc phần mã ở đầu (phần sau dấu "-" để đọc).',
      'Sau mỗi lần chạy kiểm tra, lỗi trong tệp này (nếu có) được liệt kê kèm ô và cách sửa:',
      '    npm run cli -- run --workspace <thư mục> --json',
    ],
  };
}

export interface ControlLayoutOptions {
  /** The year whose criteria set labels the indicator list (default: this year). */
  year?: number;
}

/** The control workbook's tabs as plain data, filled from a ControlConfig, then the guide and the indicator list. */
export function controlWorkbookLayout(config: ControlConfig, options: ControlLayoutOptions = {}): WorkbookLayout {
  const year = options.year ?? new Date().getFullYear();
  const dtts = config.dttsCatalogue;
  const tab = (spec: TabSpec, rows: RawCell[][]): TableSheetLayout => table(spec, rows, year, dtts);
  return {
    sheets: [
      tab(
        UNITS_TAB,
        config.units.map((u) => [
          u.code,
          u.name,
          LEVEL_LABEL[u.level],
          opt(u.parent),
          u.groups.join('; ') || null,
          opt(u.workbook),
          u.emails.join('; ') || null,
        ]),
      ),
      tab(
        TARGETS_TAB,
        config.targets.map((t) => [t.programme, t.period, t.scope, t.indicator, t.target, t.op, opt(t.note)]),
      ),
      tab(
        BASELINES_TAB,
        config.baselines.map((b) => [b.unit, b.period, b.households, b.poor, opt(b.nearPoor)]),
      ),
      tab(
        SCHEDULE_TAB,
        config.schedule.map((s) => [s.programme, s.period, s.due === undefined ? null : isoToDate(s.due), opt(s.scope)]),
      ),
      tab(
        RECIPIENTS_TAB,
        config.recipients.map((r) => [r.email, r.role, opt(r.scope)]),
      ),
      tab(
        MERGERS_TAB,
        (config.mergers ?? []).map((m) => [m.from, m.to, isoToDate(m.effective), opt(m.fromName)]),
      ),
      tab(
        DTTS_CATALOGUE_TAB,
        (dtts?.entries ?? []).filter((e) => e.origin !== DEFAULT_ORIGIN).map((e) => [e.code, e.project, e.content, opt(e.unit)]),
      ),
      guide(),
      indicatorList(year, dtts),
    ],
  };
}

/** An Excel formula's absolute reference to a column range of a tab (`'Danh mục chỉ số'!$A$4:$A$64`). */
/** A control workbook with headers and guidance only. */
export const EMPTY_CONTROL_CONFIG: ControlConfig = { units: [], targets: [], baselines: [], schedule: [], recipients: [], issues: [] };
