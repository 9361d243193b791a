// A real S3 server for tests: Ceph's RADOS Gateway on a one-node cluster in a temp folder, ready in about 3 s.
// Real rather than mocked because the S3 quirks that matter (checksums, ETags, ACL grants) are the server's.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { cephConf } from './ceph-conf';
import { CephDaemons } from './ceph-daemons';

export { ensureCephInstalled, type CephInstall } from './ceph-install';

const run = promisify(execFile);
const REGION = 'us-east-1';

export type StartCephOptions = {
  /** RAM the OSD may fill with objects; the default keeps a leaky test from eating the machine. */
  memstoreBytes?: number;
  /** Whole start-up, from writing ceph.conf to the first successful ListBuckets. */
  timeoutMs?: number;
};

export type CephS3 = {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
  client(): S3Client;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function randomKey(bytes: number, alphabet: string): string {
  return [...randomBytes(bytes)].map((b) => alphabet[b % alphabet.length]).join('');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Ceph 16 answers a streamed PutObject that carries the SDK's default trailing checksum with 411, so checksums
// are sent and checked only where an operation requires them.
function s3Client(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint,
    region: REGION,
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

export async function startCeph(options: StartCephOptions = {}): Promise<CephS3> {
  const memstoreBytes = options.memstoreBytes ?? 1024 ** 3;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const remaining = () => Math.max(1_000, deadline - Date.now());

  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-ceph-'));
  for (const sub of ['run', 'log', 'mon', 'osd/ceph-0', 'rgw/ceph-rgw']) mkdirSync(path.join(dir, sub), { recursive: true });
  const conf = path.join(dir, 'ceph.conf');
  const accessKeyId = randomKey(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  const secretAccessKey = randomKey(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const daemons = new CephDaemons(path.join(dir, 'log'), () => [accessKeyId, secretAccessKey], removeDir);
  let step = 'choosing ports';

  // Command output is kept out of errors: radosgw-admin prints the keys it was given.
  const ceph = async (command: string, args: string[]) => {
    try {
      const { stdout } = await run(command, ['-c', conf, ...args], { timeout: remaining(), maxBuffer: 16 * 1024 * 1024 });
      return stdout.trim();
    } catch (err) {
      const e = err as { code?: unknown; signal?: unknown; stderr?: string };
      const stderr = command === 'radosgw-admin' ? '' : `: ${(e.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
      throw new Error(`${command} ${args[0]} failed (${e.signal ?? e.code})${stderr}`);
    }
  };

  try {
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const fsid = randomUUID();
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    writeFileSync(conf, cephConf({ dir, fsid, monPort, rgwPort, memstoreBytes }));

    step = 'creating the monitor';
    await ceph('monmaptool', ['--create', '--add', 'a', `v1:127.0.0.1:${monPort}`, '--fsid', fsid, path.join(dir, 'monmap')]);
    await ceph('ceph-mon', ['--mkfs', '-i', 'a', '--monmap', path.join(dir, 'monmap')]);
    daemons.start('mon.a', 'ceph-mon', ['-c', conf, '-f', '-i', 'a']);

    step = 'creating the OSD';
    const osdUuid = randomUUID();
    const osdId = await ceph('ceph', ['osd', 'new', osdUuid]);
    await ceph('ceph', ['osd', 'crush', 'add', `osd.${osdId}`, '1.0', 'root=default', 'host=localhost']);
    mkdirSync(path.join(dir, `osd/ceph-${osdId}`), { recursive: true });
    await ceph('ceph-osd', ['--mkfs', '-i', osdId, '--osd-uuid', osdUuid]);
    daemons.start(`osd.${osdId}`, 'ceph-osd', ['-c', conf, '-f', '-i', osdId]);

    step = 'waiting for the gateway to listen';
    daemons.start('client.rgw', 'radosgw', ['-c', conf, '-f', '-n', 'client.rgw']);
    // The user is created only once the gateway has set up its zone, so the two never race to create it.
    while (!(await answers(endpoint))) {
      daemons.assertRunning();
      if (Date.now() > deadline) throw new Error('timed out');
      await sleep(100);
    }

    step = 'creating the S3 user';
    await ceph('radosgw-admin', ['user', 'create', '--uid', 'preflight-tests', '--display-name', 'Preflight tests',
      '--access-key', accessKeyId, '--secret-key', secretAccessKey]);

    step = 'waiting for ListBuckets';
    const probe = s3Client(endpoint, accessKeyId, secretAccessKey);
    try {
      while (!(await listsBuckets(probe))) {
        daemons.assertRunning();
        if (Date.now() > deadline) throw new Error('timed out');
        await sleep(100);
      }
    } finally {
      probe.destroy();
    }

    return {
      endpoint,
      region: REGION,
      accessKeyId,
      secretAccessKey,
      client: () => s3Client(endpoint, accessKeyId, secretAccessKey),
      async stop() {
        await daemons.stop();
        removeDir();
      },
    };
  } catch (err) {
    const logs = daemons.logTail();
    await daemons.stop();
    removeDir();
    throw new Error(`Ceph did not start (${step}): ${(err as Error).message}\n${logs}`);
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function listsBuckets(client: S3Client): Promise<boolean> {
  try {
    await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}
