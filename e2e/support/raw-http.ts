import net from 'node:net';
import { E2E_PORT } from './env';

/** Sends a request line Node's HTTP clients would refuse to send (TRACK, CONNECT…) and returns the status code. */
export function rawStatus(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(E2E_PORT, 'localhost', () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: localhost:${E2E_PORT}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(Number(data.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}
