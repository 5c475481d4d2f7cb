import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts/alert.js';
import { indicatorId } from '../../shared/domain/ids.js';
import { renderDigest, type DigestInput } from '../../shared/publish/digest-email.js';
import { fixtureHierarchy, PERIOD } from './fixture.js';

const RUN_AT = '2018-10-20T03:00:00.000Z';
const base = (over: Partial<DigestInput>): DigestInput => ({
  recipient: 'vp@laocai.gov.vn',
  alerts: [],
  period: PERIOD,
  asOf: '2018-10-20',
  runAt: RUN_AT,
  hierarchy: fixtureHierarchy(),
  summaryRef: 'summary.xlsx',
  ...over,
});

const target = (key: string, indicator: string, label: string, detail: string, factId = 'target_at_risk|10|ntm.standard'): Alert => ({
  kind: 'target_at_risk',
  unit: '10',
  indicator: indicatorId(indicator),
  severity: 'warning',
  message: `Tỉnh Lào Cai: chỉ tiêu '${label}' ${detail}`,
  key,
  fingerprint: 'f',
  recipients: ['vp@laocai.gov.vn'],
  fact: { id: factId, label, detail },
});
const DETAIL = 'có nguy cơ không đạt: hiện 47, theo tiến độ dự kiến 58, mục tiêu ít nhất 48 (hạn 31/12/2018)';
const standard = target('s', 'ntm.standard', 'Số xã đạt chuẩn (19 tiêu chí)', DETAIL);
const bucket = target('b', 'ntm.bucket.19', 'Số xã đạt 19 tiêu chí', DETAIL);
const share = target('p', 'ntm.standard.pct', 'Tỷ lệ xã đạt chuẩn', 'có nguy cơ không đạt: hiện 22,71%, mục tiêu ít nhất 23,2% (hạn 31/12/2018)');
const criterion = target(
  'c',
  'ntm.criterion.2',
  'Số xã đạt tiêu chí 2 (Giao thông)',
  'có nguy cơ không đạt: hiện 57, mục tiêu ít nhất 58',
  'target_at_risk|10|ntm.criterion.2',
);

const invalid: Alert = {
  kind: 'data_invalid',
  unit: '082',
  severity: 'warning',
  message: "Huyện Mường Khương: bảng tính còn 12 lỗi, các dòng có lỗi chưa được tổng hợp; xem tab 'Kết quả kiểm tra' để sửa.",
  key: 'data_invalid|082|',
  fingerprint: 'invalid|12',
  recipients: ['mk@laocai.gov.vn', 'vp@laocai.gov.vn'],
  problems: {
    errors: 12,
    warnings: 1,
    list: Array.from({ length: 10 }, (_, i) => ({
      severity: 'error' as const,
      tab: 'NTM',
      cell: `D${i + 4}`,
      message: `TC2 (Giao thông): "đạt lắm" không phải là kết quả tiêu chí hợp lệ. (${i + 1})`,
    })),
  },
};

describe('digest lines that state one fact', () => {
  it('merges ntm.standard, ntm.bucket.19 and the share into one line naming each', () => {
    const mail = renderDigest(base({ alerts: [standard, criterion, bucket, share] }));
    const lines = mail.text.split('\n').filter((l) => l.startsWith('   - '));
    expect(lines).toEqual([
      "   - Tỉnh Lào Cai: chỉ tiêu 'Số xã đạt chuẩn (19 tiêu chí)' và 'Số xã đạt 19 tiêu chí' (cùng một số liệu) có nguy cơ không đạt: hiện 47, theo tiến độ dự kiến 58, mục tiêu ít nhất 48 (hạn 31/12/2018); chỉ tiêu 'Tỷ lệ xã đạt chuẩn' (cùng một số liệu) có nguy cơ không đạt: hiện 22,71%, mục tiêu ít nhất 23,2% (hạn 31/12/2018)",
      "   - Tỉnh Lào Cai: chỉ tiêu 'Số xã đạt tiêu chí 2 (Giao thông)' có nguy cơ không đạt: hiện 57, mục tiêu ít nhất 58",
    ]);
    expect(mail.text).toContain('1. CHỈ TIÊU CÓ NGUY CƠ KHÔNG ĐẠT (2)');
    // The subject and the opening count what the body lists: two lines.
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: 2 cảnh báo mới (2 có nguy cơ)');
    expect(mail.text).toContain('có 2 cảnh báo mới cần Anh/Chị lưu ý.');
    expect(mail.html.match(/<li>/g)).toHaveLength(2);
  });
});

describe('a reminder', () => {
  it('says Nhắc lại and the day it was first sent, in the subject and on its line', () => {
    const mail = renderDigest(base({ alerts: [criterion], reminders: new Map([['c', '2018-10-01T20:00:00.000Z']]) }));
    // 20:00 UTC on 1 October is 2 October in Vietnam.
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: Nhắc lại 1 cảnh báo, gửi lần đầu ngày 02/10/2018 (1 có nguy cơ)');
    expect(mail.subject).not.toContain('mới');
    expect(mail.text).toContain('có 1 cảnh báo nhắc lại (chưa được khắc phục) cần Anh/Chị lưu ý.');
    expect(mail.text).toContain('mục tiêu ít nhất 58 (nhắc lại: gửi lần đầu ngày 02/10/2018)');
  });

  it('counts new and reminded alerts apart', () => {
    const mail = renderDigest(base({ alerts: [standard, criterion], reminders: new Map([['c', '2018-10-01T03:00:00.000Z']]) }));
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: 1 cảnh báo mới (1 có nguy cơ); nhắc lại 1 cảnh báo, gửi lần đầu ngày 01/10/2018 (1 có nguy cơ)');
  });
});

describe('units that fixed their errors', () => {
  it('are named in a section of their own, and a digest may hold only them', () => {
    const mail = renderDigest(base({ resolved: [{ key: 'data_invalid|082|', kind: 'data_invalid', unit: '082', firstSentAt: '2018-10-15T03:00:00.000Z' }] }));
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: 1 đơn vị đã sửa xong lỗi');
    expect(mail.text).toContain('không có cảnh báo mới: 1 đơn vị đã sửa xong lỗi.');
    expect(mail.text).toContain(
      '1. ĐÃ SỬA XONG LỖI (1)\n   - Huyện Mường Khương: bảng tính không còn lỗi, số liệu đã được tổng hợp (lỗi được báo từ ngày 15/10/2018).',
    );
    expect(mail.html).toContain('Đã sửa xong lỗi (1)</h3>');
  });
});

describe("a unit's own digest", () => {
  const mail = renderDigest(
    base({ recipient: 'mk@laocai.gov.vn', alerts: [invalid], audience: 'unit', workbooks: [{ unit: 'Huyện Mường Khương', ref: 'muong-khuong.xlsx' }] }),
  );

  it('lists its problems with tab and cell, the first ten, and counts the rest', () => {
    expect(mail.text).toContain('       • Trang "NTM", ô D4: TC2 (Giao thông): "đạt lắm" không phải là kết quả tiêu chí hợp lệ. (1)');
    expect(mail.text.match(/^ {7}• /gm)).toHaveLength(10);
    expect(mail.text).toContain('       … và 2 lỗi, 1 cảnh báo khác (tổng cộng 12 lỗi, 1 cảnh báo); xem đủ ở trang "Kết quả kiểm tra".');
    expect(mail.html).toContain('<li>Trang &quot;NTM&quot;, ô D13: ');
  });

  it('points at its own workbook, never at the summary', () => {
    expect(mail.text).not.toContain('summary.xlsx');
    expect(mail.text).not.toContain('bảng tổng hợp');
    expect(mail.html).not.toContain('summary.xlsx');
    expect(mail.text).toContain('trang "Kết quả kiểm tra" trong bảng tính báo cáo của đơn vị (muong-khuong.xlsx)');
  });

  it('links the spreadsheet in the Google front end', () => {
    const url = 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit';
    const google = renderDigest(
      base({
        recipient: 'mk@laocai.gov.vn',
        alerts: [invalid],
        audience: 'unit',
        summaryRef: 'https://docs.google.com/spreadsheets/d/summary/edit',
        workbooks: [{ unit: 'Huyện Mường Khương', ref: url }],
      }),
    );
    expect(google.html).toContain(`<a href="${url}">${url}</a>`);
    expect(google.html).not.toContain('/d/summary/');
  });

  it('leaves the office digest without the list', () => {
    const office = renderDigest(base({ alerts: [invalid] }));
    expect(office.text).not.toContain('•');
    expect(office.text).toContain('bảng tổng hợp (summary.xlsx)');
  });
});
