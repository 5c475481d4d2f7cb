import { join } from 'node:path';
import { DEMO_AS_OF } from '../../shared/demo/demo-as-of.js';
import type { InitWorkspaceResult } from '../../shared/workspace/init-workspace.js';
import { CONFIG_REF, UNITS_DIR } from '../../shared/workspace/init-workspace.js';

/**
 * What `init` did and what to do next, for the engineer setting up a province (stderr): the files
 * made, why `--demo` added nothing to a workspace that exists, and the next command.
 */
export function initSummary(r: InitWorkspaceResult, options: { workspace: string; demo: boolean }): string {
  const ws = options.workspace;
  const lines = [`Đã tạo ${r.created.length} tệp, giữ nguyên ${r.skipped.length} tệp đã có trong ${ws}`];
  for (const f of r.created) lines.push(`  + ${f}`);
  const cli = 'npm run cli --';
  if (options.demo && r.configExisted) {
    // init never overwrites: an office's own config must not be replaced by the demo's.
    lines.push(
      '',
      `Không thêm số liệu mẫu: thư mục đã có tệp cấu hình ${join(ws, CONFIG_REF)}, và init không bao giờ ghi đè tệp đã có (tệp cấu hình hay bảng tính của đơn vị).`,
      `Để xem bản mẫu, tạo một thư mục mới: ${cli} init --workspace <thư mục mới> --demo`,
    );
    return lines.join('\n');
  }
  lines.push('', 'Bước tiếp theo:');
  if (options.demo) {
    lines.push(
      `  1. Chạy kiểm tra số liệu mẫu (kế hoạch năm 2018, nên cố định ngày tính): ${cli} run --workspace ${ws} --as-of ${DEMO_AS_OF}`,
      `  2. Mở ${join(ws, 'summary.xlsx')} (bảng tổng hợp), ${join(ws, UNITS_DIR)}/*.xlsx (trang "Kết quả kiểm tra") và ${join(ws, 'outbox')}/*.eml (thư cảnh báo).`,
    );
    return lines.join('\n');
  }
  if (r.reportingUnits === 0) {
    lines.push(
      `  1. Mở ${join(ws, CONFIG_REF)} và đọc trang "Hướng dẫn" (cách ghi kỳ, ví dụ từng trang, danh mục chỉ số).`,
      '  2. Nhập trang "Đơn vị" (đơn vị nộp báo cáo ghi tên tệp ở cột "Bảng tính"), "Lịch báo cáo", "Chỉ tiêu", "Số liệu đầu kỳ" và "Người nhận"; lưu tệp.',
      `  3. Chạy lại ${cli} init --workspace ${ws} để tạo bảng tính cho từng đơn vị trong ${join(ws, UNITS_DIR)}.`,
      `  4. Gửi bảng tính cho từng đơn vị; khi đơn vị gửi lại, chép vào ${join(ws, UNITS_DIR)} rồi chạy ${cli} run --workspace ${ws}`,
    );
  } else {
    const made = r.created.filter((f) => f.startsWith(`${UNITS_DIR}/`)).length;
    lines.push(
      made > 0
        ? `  1. Gửi ${made} bảng tính mới trong ${join(ws, UNITS_DIR)} cho các đơn vị (mỗi đơn vị một tệp, tên tệp như cột "Bảng tính").`
        : `  1. Bảng tính của cả ${r.reportingUnits} đơn vị đã có trong ${join(ws, UNITS_DIR)}; đơn vị mới thêm vào trang "Đơn vị" sẽ có bảng tính khi chạy lại init.`,
      `  2. Chạy kiểm tra: ${cli} run --workspace ${ws}`,
    );
  }
  if (r.configIssues > 0) lines.push(`Lưu ý: tệp cấu hình có ${r.configIssues} lỗi; lệnh run liệt kê từng lỗi kèm ô và cách sửa.`);
  return lines.join('\n');
}
