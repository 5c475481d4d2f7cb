import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * How the command line answers people who call it wrongly: the usage on `--help` (exit 0), and for
 * every usage error a Vietnamese message, exit 2 and a workspace left exactly as it was.
 */

/** Every file and folder under `dir` with its size and modification time. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const s = await stat(path);
      out.push(`${relative(dir, path)}${entry.isDirectory() ? '/' : ''} ${entry.isDirectory() ? '' : s.size} ${s.mtimeMs}`);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(dir);
  return out.sort();
}

const ENGLISH = /Unknown option|argument missing|Invalid time value|Unexpected argument|TypeError/;

describe('command line usage', () => {
  let ws: string;
  let stateAfterInit: string[];

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-usage-'));
    const init = await runCli(['init', '--workspace', ws, '--demo']);
    expect(init.code, init.stderr).toBe(0);
    stateAfterInit = await readdir(join(ws, '.state'));
  });

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it.each([[['--help']], [['-h']], [['run', '--help']], [['init', '-h']], [['help']]])('prints the usage for %j and exits 0', async (args) => {
    const res = await runCli(args);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Cách dùng');
    expect(res.stderr).toContain('--period');
    expect(res.stdout).toBe('');
  });

  it.each([
    { args: ['run', '--period', '2019'], says: /Kỳ "2019" không có trong trang "Lịch báo cáo".*2018/ },
    { args: ['run', '--period', '2019', '--json'], says: /Lịch báo cáo/ },
    { args: ['run', '--as-of', '2018-13-45'], says: /--as-of phải là một ngày có thật/ },
    { args: ['run', '--period', 'năm ngoái'], says: /Kỳ không hợp lệ/ },
    { args: ['run', '--bogus'], says: /Tùy chọn không rõ: --bogus/ },
    { args: ['run', '--period'], says: /Thiếu giá trị cho --period/ },
    { args: ['run', '--period', '--json'], says: /Thiếu giá trị cho --period/ },
    { args: ['run', '--json=yes'], says: /--json không nhận giá trị/ },
    { args: ['run', '--reminder-days', 'bảy'], says: /--reminder-days phải là số ngày/ },
    { args: ['run', 'thêm'], says: /Thừa tham số: "thêm"/ },
    { args: ['init', '--period', '2018'], says: /Lệnh init không dùng --period/ },
    { args: ['chạy'], says: /Lệnh không rõ: chạy/ },
    { args: [], says: /Thiếu lệnh/ },
  ])('refuses $args with exit 2, in Vietnamese, writing nothing', async ({ args, says }) => {
    const before = await snapshot(ws);
    const [command, ...rest] = args;
    const res = await runCli(command === undefined ? [] : [command, ...(command === 'run' || command === 'init' ? ['--workspace', ws] : []), ...rest]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(says);
    expect(res.stderr).toContain('Cách dùng');
    expect(res.stderr).not.toMatch(ENGLISH);
    expect(res.stdout).toBe('');
    expect(await snapshot(ws)).toEqual(before);
    // Only what init put there (the demo's 2024 history in the store).
    expect(await readdir(join(ws, '.state'))).toEqual(stateAfterInit);
    expect((await readdir(ws)).includes('summary.xlsx')).toBe(false);
  });

  it('says why init --demo adds nothing to a workspace that exists', async () => {
    const before = await snapshot(ws);
    const res = await runCli(['init', '--workspace', ws, '--demo']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Không thêm số liệu mẫu');
    expect(res.stderr).toContain('init không bao giờ ghi đè');
    expect(res.stderr).toContain('--workspace <thư mục mới> --demo');
    expect(await snapshot(ws)).toEqual(before);
  });

  it('ends init with the next steps', async () => {
    const blank = await mkdtemp(join(tmpdir(), 'ntp-usage-blank-'));
    try {
      const res = await runCli(['init', '--workspace', blank]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain('Bước tiếp theo');
      expect(res.stderr).toContain('trang "Hướng dẫn"');
      expect(res.stderr).toContain(`init --workspace ${blank}`);
    } finally {
      await rm(blank, { recursive: true, force: true });
    }
  });

  it('shows the run time in Vietnam time and counts problems apart from units', async () => {
    const res = await runCli(['run', '--workspace', ws, '--period', '2018', '--as-of', '2018-10-15']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/chạy lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(giờ Việt Nam\)/);
    expect(res.stderr).not.toMatch(/\d{8}T\d{6}Z/);
    expect(res.stderr).toMatch(/có lỗi số liệu\s+4/);
    expect(res.stderr).toContain('4 lỗi trong 4 bảng tính');
    expect(res.stderr).not.toMatch(/^Lỗi: /m);
  });
});
