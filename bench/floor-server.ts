// The I/O floor for bench:evidence: a bare node:http server that hashes an upload, writes it with fsync, and
// streams it back. Anything Preflight adds (auth, type checks, encryption) is measured against this.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

const file = process.argv[2]!;
const port = Number(process.argv[3]);

http
  .createServer(async (req, res) => {
    if (req.method === 'POST') {
      const hash = createHash('sha256');
      const tap = new Transform({
        transform(chunk, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(req, tap, createWriteStream(file));
      const handle = await open(file, 'r+');
      await handle.sync();
      await handle.close();
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(hash.digest('hex'));
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), res);
    }
  })
  .listen(port, () => console.log('floor ready'));
