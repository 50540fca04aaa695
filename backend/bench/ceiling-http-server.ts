// The HTTP ceiling for the benchmark: a bare node:http server that reads the same POST body,
// parses it and answers 201, doing no validation and no I/O. Our ingest rate is read as a
// fraction of what this machine can answer at all, measured in the same run.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      const accepted = Array.isArray(parsed) ? parsed.length : 1;
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted }));
    } catch {
      response.writeHead(400).end();
    }
  });
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
