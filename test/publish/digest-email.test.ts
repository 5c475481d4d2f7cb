import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts/alert.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { digestSubject, escapeHtml, renderDigest } from '../../shared/publish/digest-email.js';
import { fixtureAlerts, fixtureHierarchy, fixtureUnits, PERIOD } from './fixture.js';

const RUN_AT = '2018-12-31T05:00:00.000Z';

describe('renderDigest', () => {
  const render = (alerts: Alert[], hierarchy = fixtureHierarchy(), summaryRef: string | null = 'summary.xlsx') =>
    renderDigest({ recipient: 'vp@laocai.gov.vn', alerts, period: PERIOD, asOf: '2018-12-31', runAt: RUN_AT, hierarchy, summaryRef: summaryRef ?? undefined });

  it('counts alerts in the subject by kind', () => {
    const alerts = fixtureAlerts().filter((a) => a.kind === 'target_missed' || a.kind === 'target_at_risk');
    expect(render(alerts).subject).toBe('[NTM-GN] Kỳ 2018: 3 cảnh báo mới (1 không đạt, 2 có nguy cơ)');
    expect(digestSubject(PERIOD, fixtureAlerts())).toBe('[NTM-GN] Kỳ 2018: 4 cảnh báo mới (1 không đạt, 2 có nguy cơ, 1 có lỗi số liệu)');
    expect(digestSubject(PERIOD, [])).toBe('[NTM-GN] Kỳ 2018: không có cảnh báo mới');
  });

  it('writes a plain-text body grouped by kind, units in tree order, with where to look and that it is automatic', () => {
    const mail = render(fixtureAlerts());
    expect(mail.to).toBe('vp@laocai.gov.vn');
    expect(mail.text).toBe(
      [
        'Kính gửi Anh/Chị,',
        '',
        'Lần kiểm tra số liệu lúc 31/12/2018 12:00 (kỳ báo cáo 2018, tính đến ngày 31/12/2018) có 4 cảnh báo mới cần Anh/Chị lưu ý.',
        '',
        '1. CHỈ TIÊU KHÔNG ĐẠT (1)',
        '   - Huyện Mường Khương: 0 xã đạt chuẩn, mục tiêu 1.',
        '',
        '2. CHỈ TIÊU CÓ NGUY CƠ KHÔNG ĐẠT (2)',
        '   - Tỉnh Lào Cai: tỷ lệ hộ nghèo giảm 2,5 điểm %, mục tiêu 3.',
        '   - Nhóm xã biên giới: bình quân 14,5 tiêu chí/xã, mục tiêu 15.',
        '',
        '3. BÁO CÁO CÓ LỖI SỐ LIỆU (1)',
        '   - Huyện Mường Khương: Bảng tính của Huyện Mường Khương có 2 lỗi.',
        '',
        'Chi tiết xem tại bảng tổng hợp (summary.xlsx), các tab "Tiến độ chỉ tiêu", "Tình hình nộp báo cáo" và "Cảnh báo"; lỗi số liệu của từng đơn vị nằm ở tab "Kết quả kiểm tra" trong bảng tính của đơn vị đó.',
        '',
        'Thư này được hệ thống theo dõi Chương trình mục tiêu quốc gia gửi tự động; vui lòng không trả lời thư này.',
        '',
      ].join('\n'),
    );
  });

  it('writes an HTML body with the same sections', () => {
    const { html } = render(fixtureAlerts());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="vi">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    const headings = [...html.matchAll(/<h3[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Chỉ tiêu không đạt (1)', 'Chỉ tiêu có nguy cơ không đạt (2)', 'Báo cáo có lỗi số liệu (1)']);
    expect(html).toContain('<li><strong>Nhóm xã biên giới</strong>: bình quân 14,5 tiêu chí/xã, mục tiêu 15.</li>');
    expect(html).toContain('bảng tổng hợp (summary.xlsx)');
    expect(html).toContain('tab &quot;Kết quả kiểm tra&quot;');
    expect(html).toContain('gửi tự động');
  });

  it('escapes every value in the HTML body', () => {
    const units = fixtureUnits().map((u) => (u.code === '082' ? { ...u, name: 'Huyện <script>alert("x")</script> & Co' } : u));
    const alerts = fixtureAlerts().map((a) => (a.key === 'k2' ? { ...a, message: 'Lỗi ở ô <b>C5</b> & "D6"' } : a));
    const { html, text } = render(alerts, new Hierarchy(units), 'https://example.vn/?a=1&b="2"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>C5');
    expect(html).toContain('<strong>Huyện &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</strong>');
    expect(html).toContain('Lỗi ở ô &lt;b&gt;C5&lt;/b&gt; &amp; &quot;D6&quot;');
    expect(html).toContain('<a href="https://example.vn/?a=1&amp;b=&quot;2&quot;">bảng tổng hợp</a>');
    // The plain-text body keeps the text as it is.
    expect(text).toContain('   - Huyện <script>alert("x")</script> & Co: Lỗi ở ô <b>C5</b> & "D6"');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;');
  });

  it('falls back to the code for a unit missing from the hierarchy and omits an absent summary reference', () => {
    const [first] = fixtureAlerts();
    if (!first) throw new Error('fixture');
    const mail = render([{ ...first, kind: 'report_missing', unit: '99999', message: 'Chưa nộp.' }], fixtureHierarchy(), null);
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: 1 cảnh báo mới (1 chưa nộp)');
    expect(mail.text).toContain('1. CHƯA NỘP BÁO CÁO (1)\n   - 99999: Chưa nộp.');
    expect(mail.text).toContain('Chi tiết xem tại bảng tổng hợp, các tab');
  });
});

describe('renderDigest for the office, with mail that did not get through', () => {
  const undelivered = [
    { address: 'huyenb@tinh.example', message: '550 5.1.1 no such user', permanent: true, since: '2018-12-30T05:00:00.000Z', attempts: 2 },
    { address: 'xa<1>@tinh.example', message: 'Không kết nối được máy chủ thư mail.tinh.vn:25: Timeout', permanent: false, since: RUN_AT, attempts: 1 },
  ];
  const render = (alerts: Alert[]) =>
    renderDigest({
      recipient: 'vp@laocai.gov.vn',
      alerts,
      period: PERIOD,
      asOf: '2018-12-31',
      runAt: RUN_AT,
      hierarchy: fixtureHierarchy(),
      summaryRef: 'summary.xlsx',
      undelivered,
    });

  it('sends a digest that only says who could not be reached, and why', () => {
    const mail = render([]);
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: 2 thư cảnh báo không gửi được');
    expect(mail.text).toContain(
      [
        'Lần kiểm tra số liệu lúc 31/12/2018 12:00 (kỳ báo cáo 2018, tính đến ngày 31/12/2018) không có cảnh báo mới, nhưng hệ thống chưa gửi được thư cảnh báo tới 2 người nhận.',
        '',
        '1. KHÔNG GỬI ĐƯỢC THƯ (2)',
        '   - huyenb@tinh.example: địa chỉ bị từ chối (550 5.1.1 no such user), từ 30/12/2018 12:00, đã thử 2 lần.',
        '   - xa<1>@tinh.example: tạm thời không gửi được (Không kết nối được máy chủ thư mail.tinh.vn:25: Timeout), từ 31/12/2018 12:00, đã thử 1 lần.',
        '   Hệ thống tự gửi lại ở mỗi lần kiểm tra; nếu địa chỉ sai, vui lòng sửa ở tab "Người nhận" hoặc cột Email của tab "Đơn vị" trong bảng tính cấu hình.',
      ].join('\n'),
    );
    const headings = [...mail.html.matchAll(/<h3[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Không gửi được thư (2)']);
    expect(mail.html).toContain('<li><strong>xa&lt;1&gt;@tinh.example</strong>: tạm thời không gửi được');
  });

  it('adds the section after the alerts and says so in the subject', () => {
    const mail = render(fixtureAlerts());
    expect(mail.subject).toBe('[NTM-GN] Kỳ 2018: 4 cảnh báo mới (1 không đạt, 2 có nguy cơ, 1 có lỗi số liệu); 2 thư cảnh báo không gửi được');
    expect(mail.text).toContain('có 4 cảnh báo mới cần Anh/Chị lưu ý.');
    expect(mail.text).toContain(
      '3. BÁO CÁO CÓ LỖI SỐ LIỆU (1)\n   - Huyện Mường Khương: Bảng tính của Huyện Mường Khương có 2 lỗi.\n\n4. KHÔNG GỬI ĐƯỢC THƯ (2)\n',
    );
    const headings = [...mail.html.matchAll(/<h3[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings.at(-1)).toBe('Không gửi được thư (2)');
  });
});
