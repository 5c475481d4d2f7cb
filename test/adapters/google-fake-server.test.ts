import { drive } from '@googleapis/drive';
import { sheets } from '@googleapis/sheets';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_SERVICE_ACCOUNT, FAKE_TOKEN, FakeGoogleServer } from '../support/fake-google/fake-google-server.js';

/**
 * The fake server itself, driven by the real @googleapis clients with no adapter in between: the
 * adapter tests are only as good as the fake's faithfulness to Google's wire behaviour.
 */
let fake: FakeGoogleServer;

const clients = (token = FAKE_TOKEN) => {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token });
  return {
    sheets: sheets({ version: 'v4', auth, rootUrl: fake.rootUrl }),
    drive: drive({ version: 'v3', auth, rootUrl: fake.rootUrl }),
  };
};

const statusOf = async (p: Promise<unknown>): Promise<{ status: number; message: string }> => {
  try {
    await p;
  } catch (e) {
    const err = e as { response?: { status?: number; data?: { error?: { message?: string } } } };
    return { status: err.response?.status ?? -1, message: err.response?.data?.error?.message ?? '' };
  }
  return { status: 200, message: '' };
};

beforeAll(async () => {
  fake = await FakeGoogleServer.start({ maxPageSize: 100 });
});
afterAll(async () => {
  await fake.close();
});

describe('fake Google server, through the real clients', () => {
  it('requires a known bearer token (401 UNAUTHENTICATED otherwise)', async () => {
    const id = fake.createSpreadsheet({ title: 'auth', tabs: [{ title: 'A' }] });
    const r = await statusOf(clients('wrong-token').sheets.spreadsheets.get({ spreadsheetId: id }, { retry: false }));
    expect(r.status).toBe(401);
    const ok = await clients().sheets.spreadsheets.get({ spreadsheetId: id, fields: 'sheets.properties(sheetId,title)' });
    expect(ok.data).toEqual({ sheets: [{ properties: { sheetId: 0, title: 'A' } }] });
  });

  it('renders values.batchGet like Google: typed values, trailing empties trimmed, clipped echo range', async () => {
    const id = fake.createSpreadsheet({
      title: 'values',
      tabs: [
        {
          title: "Giảm nghèo 'A'",
          rows: [
            ['Mã xã', 'Tên xã', 'Số hộ', null, null],
            [],
            [null, 'Xã B', 12.5, true, ''],
            ['06', { formula: '=1/0', result: { error: '#DIV/0!' } }, 0],
            [null, null],
          ],
        },
      ],
    });
    const res = await clients().sheets.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ["'Giảm nghèo ''A'''!A:AZ"],
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    expect(res.data.valueRanges).toEqual([
      {
        range: "'Giảm nghèo ''A'''!A1:Z1000",
        majorDimension: 'ROWS',
        values: [['Mã xã', 'Tên xã', 'Số hộ'], [], ['', 'Xã B', 12.5, true], ['06', '#DIV/0!', 0]],
      },
    ]);
  });

  it('omits values for an empty tab and refuses the whole batchGet when one tab is unknown', async () => {
    const id = fake.createSpreadsheet({ title: 'missing', tabs: [{ title: 'NTM', rows: [['x']] }, { title: 'Trống' }] });
    const c = clients();
    const empty = await c.sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["'Trống'!A1:C3"] });
    expect(empty.data.valueRanges).toEqual([{ range: "'Trống'!A1:C3", majorDimension: 'ROWS' }]);
    const r = await statusOf(c.sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["'NTM'!A:AZ", "'Giảm nghèo'!A:AZ"] }));
    expect(r).toEqual({ status: 400, message: "Unable to parse range: 'Giảm nghèo'!A:AZ" });
  });

  it('applies a batchUpdate all or nothing, and bumps the Drive version only on success', async () => {
    const id = fake.createSpreadsheet({ title: 'atomic', tabs: [{ title: 'A', rows: [['giữ nguyên']] }] });
    const before = fake.file(id)?.version;
    const c = clients();
    const bad = await statusOf(
      c.sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            {
              updateCells: {
                start: { sheetId: 0, rowIndex: 0, columnIndex: 0 },
                rows: [{ values: [{ userEnteredValue: { stringValue: 'đổi' } }] }],
                fields: 'userEnteredValue',
              },
            },
            { deleteSheet: { sheetId: 999 } },
          ],
        },
      }),
    );
    expect(bad).toEqual({ status: 400, message: 'Invalid requests[1].deleteSheet: No grid with id: 999' });
    expect(fake.values(id, 'A')).toEqual([['giữ nguyên']]);
    expect(fake.file(id)?.version).toBe(before);
    await c.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateCells: {
              start: { sheetId: 0, rowIndex: 0, columnIndex: 0 },
              rows: [{ values: [{ userEnteredValue: { stringValue: 'đổi' } }] }],
              fields: 'userEnteredValue',
            },
          },
        ],
      },
    });
    expect(fake.values(id, 'A')).toEqual([['đổi']]);
    expect(fake.file(id)?.version).toBe((before ?? 0) + 1);
    expect(fake.file(id)?.lastModifyingUser).toBe(FAKE_SERVICE_ACCOUNT);
  });

  it('applies repeatCell under its field mask and keeps fields the mask does not name', async () => {
    const created = await clients().sheets.spreadsheets.create({ requestBody: { properties: { title: 'Tạo bằng Sheets' } } });
    const id = created.data.spreadsheetId ?? '';
    expect(created.data.sheets?.map((s) => s.properties?.sheetId)).toEqual([0]);
    expect(fake.file(id)?.parents).toEqual(['root']);
    fake.editCells(id, 'Trang tính1', 'A1', [['a', 'b']]);
    fake.formatCell(id, 'Trang tính1', 'A1', { textFormat: { bold: true } });
    await clients().sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            repeatCell: {
              range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 },
              cell: { userEnteredFormat: { backgroundColor: { red: 1, green: 0, blue: 0 } }, note: 'không ghi' },
              fields: 'userEnteredFormat.backgroundColor',
            },
          },
        ],
      },
    });
    expect(fake.cell(id, 'Trang tính1', 'A1')).toEqual({
      userEnteredValue: { stringValue: 'a' },
      userEnteredFormat: { textFormat: { bold: true }, backgroundColor: { red: 1, green: 0, blue: 0 } },
    });
    expect(fake.cell(id, 'Trang tính1', 'B1')?.note).toBeUndefined();
  });

  it('pages files.list at the server maximum and honours the fields mask', async () => {
    const folder = fake.createFolder('Trang');
    for (let i = 0; i < 250; i++) fake.createSpreadsheet({ title: `S${i}`, folderId: folder, tabs: [{ title: 'A' }] });
    const c = clients();
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await c.drive.files.list({
        q: `'${folder}' in parents and trashed=false`,
        fields: 'nextPageToken,files(id,name,version,lastModifyingUser(me))',
        pageSize: 1000,
        ...(pageToken ? { pageToken } : {}),
      });
      pages += 1;
      for (const f of res.data.files ?? []) {
        expect(Object.keys(f).sort()).toEqual(['id', 'lastModifyingUser', 'name', 'version']);
        expect(f.lastModifyingUser).toEqual({ me: false });
        seen.push(f.name ?? '');
      }
      pageToken = res.data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
  });

  it('creates a spreadsheet through Drive with one default tab of id 0, and hides unshared files', async () => {
    const folder = fake.createFolder('Mới');
    const c = clients();
    const created = await c.drive.files.create({
      requestBody: { name: 'Huyện A', mimeType: 'application/vnd.google-apps.spreadsheet', parents: [folder] },
      fields: 'id,name,parents',
    });
    const id = created.data.id ?? '';
    expect(created.data).toEqual({ id, name: 'Huyện A', parents: [folder] });
    expect(fake.tabs(id)).toEqual([{ sheetId: 0, title: 'Trang tính1' }]);
    fake.deny(id);
    expect((await statusOf(c.drive.files.get({ fileId: id, fields: 'id' }))).status).toBe(404);
    expect((await statusOf(c.sheets.spreadsheets.get({ spreadsheetId: id }))).status).toBe(403);
    const listed = await c.drive.files.list({ q: `'${folder}' in parents`, fields: 'files(id)' });
    expect(listed.data.files).toEqual([]);
  });
});

describe('fake Google server: what the Google front end relies on', () => {
  it('returns only the sheets that ranges touch, and refuses the whole get when a range names a missing tab', async () => {
    const id = fake.createSpreadsheet({ title: 'ranges', tabs: [{ title: 'A', rows: [['a']] }, { title: 'B', rows: [['b']] }, { title: 'C' }] });
    const { sheets: api } = clients();
    const one = await api.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["'B'!A:AZ"],
      fields: 'sheets(properties(title),data(rowData(values(effectiveValue))))',
    });
    expect(one.data.sheets?.map((s) => s.properties?.title)).toEqual(['B']);
    const all = await api.spreadsheets.get({ spreadsheetId: id, fields: 'sheets(properties(title),data(rowData(values(effectiveValue,note))))' });
    expect(all.data.sheets?.map((s) => s.properties?.title)).toEqual(['A', 'B', 'C']);
    expect(all.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]).toEqual({ effectiveValue: { stringValue: 'a' } });
    const r = await statusOf(api.spreadsheets.get({ spreadsheetId: id, ranges: ["'B'!A:AZ", "'Không có'!A:AZ"] }, { retry: false }));
    expect(r).toEqual({ status: 400, message: "Unable to parse range: 'Không có'!A:AZ" });
  });

  it('gives tabs it did not create with a given id large random ids, as Google does', () => {
    const id = fake.createSpreadsheet({ title: 'ids', tabs: [{ title: 'Trang tính1' }, { title: 'NTM' }, { title: 'Giảm nghèo' }] });
    const ids = fake.tabs(id).map((t) => t.sheetId);
    expect(ids[0]).toBe(0);
    expect(ids.slice(1).every((n) => n >= 100_000_000)).toBe(true);
    expect(new Set(ids).size).toBe(3);
    const recreated = fake.recreateTab(id, 'NTM');
    expect(recreated).not.toBe(ids[1]);
    expect(fake.tabs(id).map((t) => t.title)).toEqual(['Trang tính1', 'NTM', 'Giảm nghèo']);
  });

  it('answers 404 for an unknown ID on both APIs, and 403 on Sheets for a spreadsheet not shared with the caller', async () => {
    const hidden = fake.createSpreadsheet({ title: 'hidden', tabs: [{ title: 'A' }] });
    fake.deny(hidden);
    const { sheets: api, drive: files } = clients();
    expect((await statusOf(api.spreadsheets.get({ spreadsheetId: hidden }, { retry: false }))).status).toBe(403);
    expect((await statusOf(files.files.get({ fileId: hidden }, { retry: false }))).status).toBe(404);
    expect((await statusOf(api.spreadsheets.get({ spreadsheetId: '1NoSuchXXXX' }, { retry: false }))).status).toBe(404);
    expect((await statusOf(files.files.get({ fileId: '1NoSuchXXXX' }, { retry: false }))).status).toBe(404);
  });

  it('returns the spreadsheet after a batchUpdate when asked, limited to responseRanges and the fields mask', async () => {
    const id = fake.createSpreadsheet({
      title: 'reply',
      tabs: [
        { title: 'A', rows: [['a', 1]] },
        { title: 'B', rows: [['b']] },
      ],
    });
    const sheetId = fake.tabs(id)[1]?.sheetId ?? -1;
    const { sheets: api } = clients();
    const reply = await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      fields: 'updatedSpreadsheet(sheets(properties(sheetId,title),data(rowData(values(effectiveValue)))))',
      requestBody: {
        requests: [
          {
            updateCells: {
              start: { sheetId, rowIndex: 0, columnIndex: 1 },
              rows: [{ values: [{ userEnteredValue: { stringValue: 'mới' } }] }],
              fields: 'userEnteredValue',
            },
          },
        ],
        includeSpreadsheetInResponse: true,
        responseRanges: ["'A'!A:AZ"],
        responseIncludeGridData: false,
      },
    });
    expect(reply.data).toEqual({
      updatedSpreadsheet: {
        sheets: [
          {
            properties: { sheetId: fake.tabs(id)[0]?.sheetId, title: 'A' },
            data: [{ rowData: [{ values: [{ effectiveValue: { stringValue: 'a' } }, { effectiveValue: { numberValue: 1 } }] }] }],
          },
        ],
      },
    });
    expect(fake.values(id, 'B')).toEqual([['b', 'mới']]);
    // A response range naming a missing tab refuses the whole call: nothing applied.
    const version = fake.file(id)?.version;
    const r = await statusOf(
      api.spreadsheets.batchUpdate(
        { spreadsheetId: id, requestBody: { requests: [{ deleteSheet: { sheetId } }], includeSpreadsheetInResponse: true, responseRanges: ["'B'!A:AZ"] } },
        { retry: false },
      ),
    );
    expect(r.status).toBe(400);
    expect(fake.file(id)?.version).toBe(version);
  });

  it('counts Sheets reads and writes per user in two buckets apart, Drive in neither, and answers 429 over a bucket', async () => {
    const limited = await FakeGoogleServer.start({ quota: { readsPerMinute: 2, writesPerMinute: 1 } });
    try {
      const id = limited.createSpreadsheet({ title: 'quota', tabs: [{ title: 'A' }] });
      const auth = new OAuth2Client();
      auth.setCredentials({ access_token: FAKE_TOKEN });
      const api = sheets({ version: 'v4', auth, rootUrl: limited.rootUrl });
      const files = drive({ version: 'v3', auth, rootUrl: limited.rootUrl });
      const write = () =>
        api.spreadsheets.batchUpdate(
          { spreadsheetId: id, requestBody: { requests: [{ updateSpreadsheetProperties: { properties: { title: 'x' }, fields: 'title' } }] } },
          { retry: false },
        );
      const read = () => api.spreadsheets.get({ spreadsheetId: id }, { retry: false });
      expect((await statusOf(read())).status).toBe(200);
      expect((await statusOf(write())).status).toBe(200);
      expect((await statusOf(read())).status).toBe(200);
      const overWrites = await statusOf(write());
      expect(overWrites).toEqual({ status: 429, message: expect.stringContaining("quota metric 'Write requests'") as unknown });
      const overReads = await statusOf(read());
      expect(overReads.message).toContain("'Read requests per minute per user'");
      for (let i = 0; i < 5; i++) expect((await statusOf(files.files.get({ fileId: id }, { retry: false }))).status).toBe(200);
      expect([limited.countBucket('read'), limited.countBucket('write'), limited.countBucket('drive'), limited.quotaRefusals()]).toEqual([3, 2, 5, 2]);
    } finally {
      await limited.close();
    }
  });
});
