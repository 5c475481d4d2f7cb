/** Raw snapshots (audit trail). Keys are `/`-separated paths. */
export interface ObjectStore {
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  list(prefix: string): Promise<string[]>;
}
