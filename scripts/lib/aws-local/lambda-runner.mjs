// A Lambda function's bundle run as the Node.js runtime runs it: a fresh process (a cold start),
// the bundle's module imported, its handler called once with the event read from stdin. Plain
// JavaScript on purpose: the bundle must run on Node without tsx, as on Lambda. The result goes
// to file descriptor 3, so the function's own logs on stdout and stderr stay logs.
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, exportName, timeoutMs] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const deadline = Date.now() + Number(timeoutMs);
const context = {
  awsRequestId: `local-${process.pid}`,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  callbackWaitsForEmptyEventLoop: false,
};
const reply = createWriteStream(null, { fd: 3 });
const send = (message) => new Promise((resolve) => reply.end(JSON.stringify(message), resolve));
try {
  const mod = await import(pathToFileURL(bundle).href);
  const handler = mod[exportName];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${bundle} exports no function "${exportName}"`), { name: 'Runtime.HandlerNotFound' });
  const result = await handler(event, context);
  await send({ ok: true, result: result ?? null, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
} catch (error) {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  await send({ ok: false, errorType: name, errorMessage: message, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
}
// As on Lambda, the invocation ends with the handler: timers or sockets left open do not hold it.
process.exit(0);
