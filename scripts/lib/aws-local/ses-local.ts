import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

type StartSes = (config: { host: string; port: number }) => Promise<Server>;
// CommonJS with `exports.default`: a default import is that function under a bundler or vitest,
// but the whole exports object under Node's own ESM loader (tsx). Required, it is the same everywhere.
const startAwsSesV2Local = (createRequire(import.meta.url)('aws-ses-v2-local') as { default: StartSes }).default;

/** One request as the SES client sent it, with the Raw MIME decoded when there is one. */
export interface SesRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body (SendEmail: FromEmailAddress, Content, ConfigurationSetName...). */
  body: Record<string, unknown>;
  /** `Content.Raw.Data` decoded: the MIME message as sent. */
  mime?: Buffer;
}

/** An answer the tap gives instead of forwarding: an SES error as the service sends it, or a dropped connection. */
export type SesFault = { error: string; status: number; message: string } | { drop: true };

/** What aws-ses-v2-local keeps of each message (GET /store). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export interface SesLocal {
  /** The endpoint to give the SES client: the tap in front of aws-ses-v2-local. */
  endpoint: string;
  /** Every request that reached the tap, forwarded or faulted, in order. */
  requests: SesRequest[];
  /** Decides, per request, whether to answer with a fault instead of forwarding. */
  fault: (request: SesRequest) => SesFault | undefined;
  /** Messages aws-ses-v2-local accepted, read over its HTTP API. */
  emails(): Promise<StoredEmail[]>;
  /** Empties the server's store and the tap's record (the store lives in the test worker's module). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/**
 * aws-ses-v2-local in this process on 127.0.0.1, behind a small HTTP tap. The tap records what the
 * client sent (aws-ses-v2-local keeps no ConfigurationSetName and re-parses Raw messages) and can
 * answer one request with an SES error in the service's own wire form (`x-amzn-ErrorType` header,
 * JSON `message`), which the stand-in cannot produce for one recipient; everything else is
 * forwarded to the stand-in unchanged, so the SDK's real request, retry and error paths run.
 */
export async function startSesLocal(): Promise<SesLocal> {
  const backend = await startAwsSesV2Local({ host: '127.0.0.1', port: 0 });
  const backendPort = (backend.address() as AddressInfo).port;
  const requests: SesRequest[] = [];
  const local: SesLocal = {
    endpoint: '',
    requests,
    fault: () => undefined,
    emails: async () => {
      const res = await fetch(`http://127.0.0.1:${backendPort}/store`);
      const store = (await res.json()) as { emails: StoredEmail[] };
      return store.emails;
    },
    clear: async () => {
      requests.length = 0;
      local.fault = () => undefined;
      await fetch(`http://127.0.0.1:${backendPort}/clear-store`, { method: 'POST' });
    },
    close: async () => {
      await Promise.all([closeServer(tap), closeServer(backend)]);
    },
  };
  const tap = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const recorded = record(req, raw);
      requests.push(recorded);
      const fault = local.fault(recorded);
      if (fault === undefined) forward(req, raw, res, backendPort);
      else if ('drop' in fault) res.socket?.destroy();
      else {
        res.writeHead(fault.status, { 'content-type': 'application/json', 'x-amzn-ErrorType': fault.error });
        res.end(JSON.stringify({ message: fault.message }));
      }
    });
  });
  await new Promise<void>((resolve) => tap.listen(0, '127.0.0.1', resolve));
  local.endpoint = `http://127.0.0.1:${(tap.address() as AddressInfo).port}`;
  return local;
}

function record(req: IncomingMessage, raw: Buffer): SesRequest {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (none of SendEmail's requests): kept as an empty body.
  }
  const content = body['Content'] as { Raw?: { Data?: unknown } } | undefined;
  const data = content?.Raw?.Data;
  return {
    method: req.method ?? '',
    path: req.url ?? '',
    headers: { ...req.headers },
    body,
    ...(typeof data === 'string' ? { mime: Buffer.from(data, 'base64') } : {}),
  };
}

function forward(req: IncomingMessage, raw: Buffer, res: ServerResponse, port: number): void {
  const upstream = httpRequest(
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(raw.length) } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.socket?.destroy());
  upstream.end(raw);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
