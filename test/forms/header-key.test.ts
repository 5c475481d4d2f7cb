import { describe, expect, it } from 'vitest';
import { headerKey, plainKey } from '../../shared/forms/header-key.js';

describe('headerKey', () => {
  it('unifies old and new tone-mark placement', () => {
    expect(headerKey('hoá')).toBe(headerKey('hóa'));
    expect(headerKey('Văn hoá - Xã hội')).toBe(headerKey('Văn hóa - Xã hội'));
    expect(headerKey('Thuỷ lợi')).toBe(headerKey('Thủy lợi'));
    expect(headerKey('khoẻ')).toBe(headerKey('khỏe'));
    expect(headerKey('hoà')).toBe(headerKey('hòa'));
  });

  it('keeps words that differ by tone apart', () => {
    expect(headerKey('ma')).not.toBe(headerKey('mã'));
    expect(headerKey('mà')).not.toBe(headerKey('mã'));
    expect(headerKey('Mã xã')).not.toBe(headerKey('Ma xa'));
    expect(headerKey('Số hộ nghèo')).not.toBe(headerKey('Số hộ ngheo'));
  });

  it('folds case, including Vietnamese capitals', () => {
    expect(headerKey('MÃ XÃ')).toBe(headerKey('Mã xã'));
    expect(headerKey('ĐẠT')).toBe(headerKey('đạt'));
    expect(headerKey('TC1')).toBe('tc1');
  });

  it('trims and collapses spaces, tabs, line breaks and non-breaking spaces', () => {
    expect(headerKey('  Tổng   số hộ ')).toBe(headerKey('Tổng số hộ'));
    expect(headerKey('Tổng\u00a0số\u00a0hộ')).toBe(headerKey('Tổng số hộ'));
    expect(headerKey('Tổng số\nhộ')).toBe(headerKey('Tổng số hộ'));
    expect(headerKey('Tổng\t \u202fsố hộ')).toBe(headerKey('Tổng số hộ'));
    expect(headerKey('\u200bMã xã')).toBe(headerKey('Mã xã'));
    expect(headerKey('   ')).toBe('');
  });

  it('treats decomposed (NFD) input like composed input', () => {
    expect(headerKey('Mã xã'.normalize('NFD'))).toBe(headerKey('Mã xã'));
    expect(headerKey('Năm công nhận'.normalize('NFD'))).toBe(headerKey('Năm công nhận'));
  });

  it('keeps the words and order readable', () => {
    expect(headerKey('TC2 - Giao thông')).toBe('tc2 - giao thông');
    expect(headerKey('Mã xã')).toBe('ma4 xa4');
  });
});

describe('plainKey', () => {
  it('drops every diacritic and đ', () => {
    expect(plainKey('Huyện')).toBe('huyen');
    expect(plainKey('tỉnh')).toBe('tinh');
    expect(plainKey('XÃ')).toBe('xa');
    expect(plainKey('Đạt')).toBe('dat');
    expect(plainKey(' Nhóm ')).toBe('nhom');
  });
});
