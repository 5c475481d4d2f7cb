/**
 * Raw snapshots (audit trail) and bodies too large for a store item. Keys are `/`-separated
 * relative paths; every implementation refuses the same keys and throws the errors of
 * `object-store-errors.ts`.
 */
export interface ObjectStore {
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  list(prefix: string): Promise<string[]>;
}
