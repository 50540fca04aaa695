// Opens COUNT TCP connections to HOST:PORT from LOCAL_ADDRESS and never sends a byte; prints one
// JSON line: how many connected, how many the server closed without a word (refused by the
// connection cap) or after answering 408 (the headers timeout), and how many were not closed
// after HOLD_MS. Those are connections the kernel completed for the client but dropped from a
// full accept queue: the app never saw them. Runs as its own process so that its sockets count
// against its own open-file limit.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const [host, port, localAddress, count, holdMs] = process.argv.slice(2);
const started = performance.now();
const result = { localAddress, connected: 0, failed: 0, refused: 0, timedOut: 0, timedOutAfterMs: [], notClosed: 0 };
const open = new Set();

await Promise.all(
  Array.from(
    { length: Number(count) },
    () =>
      new Promise((resolve) => {
        const socket = connect({ host, port: Number(port), localAddress });
        let connected = false;
        let answer = '';
        socket.on('error', () => undefined);
        // Read what the server says: unread, the FIN after a 408 would go unnoticed.
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.once('connect', () => {
          connected = true;
          result.connected++;
          open.add(socket);
          resolve();
        });
        socket.once('close', () => {
          open.delete(socket);
          if (!connected) {
            result.failed++;
            resolve();
          } else if (answer.startsWith('HTTP/1.1 408')) {
            result.timedOut++;
            result.timedOutAfterMs.push(Math.round(performance.now() - started));
          } else result.refused++;
        });
      }),
  ),
);
// The burst is over: the parent measures the service from here on too.
console.log(JSON.stringify({ connectedAfterMs: Math.round(performance.now() - started) }));
while (open.size > 0 && performance.now() - started < Number(holdMs)) await sleep(100);
result.notClosed = open.size;
for (const socket of open) socket.destroy();
result.timedOutAfterMs = result.timedOutAfterMs.length ? [Math.min(...result.timedOutAfterMs), Math.max(...result.timedOutAfterMs)] : [];
console.log(JSON.stringify(result));
