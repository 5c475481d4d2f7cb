import type { RawWorkbook } from '../../forms/raw-sheet.js';
import type { TabWrite, WorkbookGateway, WorkbookStat, WriteOptions } from '../../ports/workbook-gateway.js';
import type { GoogleCallStats } from './google-api-client.js';
import type { GoogleWorkbookGateway } from './google-workbook-gateway.js';

/**
 * The Google gateway as a pipeline run uses it, when the Drive folder is only known once the
 * control spreadsheet has been read (its `Cấu hình` tab names the folder):
 * - the control read goes through a gateway without a folder; `useFolder()` then switches every
 *   later call to a gateway listing that folder, so stat() of all units is one files.list;
 * - refs given to `statAlongside()` (the summary spreadsheet) ride along in every stat(): in the
 *   folder they cost nothing, and exists() is then answered from that listing instead of a
 *   files.get, which keeps a run where nothing changed at one Drive call.
 */
export class FolderBoundGateway implements WorkbookGateway {
  private current: GoogleWorkbookGateway;
  private folderId: string | undefined;
  private readonly made: GoogleWorkbookGateway[] = [];
  private alongside: string[] = [];
  /** What the last stat() (or a write since) says about the refs stated alongside. */
  private readonly known = new Map<string, WorkbookStat | undefined>();

  constructor(private readonly make: (folderId: string | undefined) => GoogleWorkbookGateway) {
    this.current = make(undefined);
    this.made.push(this.current);
  }

  /** Lists `folderId` from now on (undefined: no folder, one files.get per workbook). */
  useFolder(folderId: string | undefined): void {
    if (folderId === this.folderId) return;
    this.folderId = folderId;
    this.current = this.make(folderId);
    this.made.push(this.current);
  }

  /** Also stat these refs on every stat(), so exists() on them needs no call of its own. */
  statAlongside(refs: readonly string[]): void {
    this.alongside = [...new Set(refs)];
  }

  /** The gateway in use (for createSpreadsheet, shareWith and direct client calls). */
  get gateway(): GoogleWorkbookGateway {
    return this.current;
  }

  /** Requests sent so far by every gateway this one used. */
  stats(): GoogleCallStats {
    const out: GoogleCallStats = { requests: 0, retries: 0, byOperation: {}, byBucket: { read: 0, write: 0, drive: 0 } };
    for (const g of this.made) {
      const s = g.stats();
      out.requests += s.requests;
      out.retries += s.retries;
      for (const b of ['read', 'write', 'drive'] as const) out.byBucket[b] += s.byBucket[b];
      for (const [op, v] of Object.entries(s.byOperation)) {
        const o = (out.byOperation[op] ??= { requests: 0, retries: 0 });
        o.requests += v.requests;
        o.retries += v.retries;
      }
    }
    return out;
  }

  async stat(refs: readonly string[]): Promise<Map<string, WorkbookStat | undefined>> {
    const extra = this.alongside.filter((r) => !refs.includes(r));
    const all = await this.current.stat([...refs, ...extra]);
    for (const r of this.alongside) this.known.set(r, all.get(r));
    const out = new Map<string, WorkbookStat | undefined>();
    for (const r of refs) out.set(r, all.get(r));
    return out;
  }

  read(ref: string, tabs: readonly string[]): Promise<RawWorkbook> {
    return this.current.read(ref, tabs);
  }

  async writeTabs(ref: string, tabs: readonly TabWrite[], options?: WriteOptions): Promise<WorkbookStat> {
    const after = await this.current.writeTabs(ref, tabs, options);
    if (this.known.has(ref)) this.known.set(ref, after);
    return after;
  }

  async exists(ref: string): Promise<boolean> {
    if (this.known.has(ref)) return this.known.get(ref) !== undefined;
    return this.current.exists(ref);
  }
}
