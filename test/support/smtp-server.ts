import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The DATA section with dot-stuffing undone, as latin1 text (parse it with mailparser). */
  data: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Every address offered at RCPT, accepted or refused, in order: who was tried. */
  rcpts: string[];
  /** Connections accepted so far. */
  readonly connections: number;
  /**
   * Replies given at RCPT instead of `250 ok`, by address (exact, as the client sends it):
   * e.g. `550 5.1.1 no such user` or `450 4.2.0 mailbox busy`. Change it between runs.
   */
  refuse: Map<string, string>;
  close(): Promise<void>;
}

/**
 * A minimal SMTP server on 127.0.0.1 (RFC 5321 happy path: EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT), enough for nodemailer. Real sockets, so the client's own connection, pooling and
 * RSET-after-refusal paths run.
 */
export async function startSmtpServer(refuse: Iterable<[string, string]> = []): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const rcpts: string[] = [];
  const server: Server = createServer();
  const sockets = new Set<Socket>();
  let connections = 0;
  const refused = new Map(refuse);
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    const reply = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    reply('220 test.local ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          // Undo dot-stuffing (RFC 5321 4.5.2).
          const data = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          received.push({ from, to, data });
          inData = false;
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-test.local');
          reply('250 8BITMIME');
        } else if (verb === 'HELO' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 ok');
        } else if (verb === 'RCPT') {
          const rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
          rcpts.push(rcpt);
          const refusal = refused.get(rcpt);
          if (refusal !== undefined) reply(refusal);
          else {
            to.push(rcpt);
            reply('250 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('502 not implemented');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    rcpts,
    get connections() {
      return connections;
    },
    refuse: refused,
    close: () =>
      new Promise<void>((resolve) => {
        // Pooled clients may keep a connection open; a test server must not wait for them.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The recipients of every message received, one list per message. */
export function recipientsOf(server: TestSmtpServer): string[][] {
  return server.received.map((r) => r.to);
}
