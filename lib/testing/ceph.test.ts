// Proves the Ceph harness and pins down how Ceph's S3 behaves where clients and later checks depend on it.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutBucketAclCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCephInstalled, startCeph, type CephS3 } from './ceph';

// Decided while collecting, because a skipped test has to carry the reason in its name.
const install = ensureCephInstalled();
const MiB = 1024 * 1024;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

async function readAll(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function inChunks(data: Buffer, size: number): Readable {
  return Readable.from((function* () {
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
  })());
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

if (!install.ok) it.skip(`skipped: no S3 server (${install.reason})`, () => {});

describe.skipIf(!install.ok)('S3 on Ceph (RADOS Gateway)', () => {
  let s3: CephS3;
  let client: S3Client;
  const bucket = 'preflight-evidence';

  beforeAll(async () => {
    s3 = await startCeph();
    client = s3.client();
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }, 180_000);

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  it('streams 8 MiB up in 5 MiB parts and back byte-identical; the size comes from HeadObject', async () => {
    const data = randomBytes(8 * MiB);
    const upload = new Upload({ client, params: { Bucket: bucket, Key: 'big.bin', Body: inChunks(data, MiB) }, partSize: 5 * MiB });
    // Ceph answers CompleteMultipartUpload without an ETag; HeadObject has it.
    expect((await upload.done()).ETag ?? '').toBe('');

    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    expect(head.ContentLength).toBe(data.length);
    // Two parts, so the multipart form "<md5 of the part md5s>-2".
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);

    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    const back = await readAll(got.Body);
    expect(back.length).toBe(data.length);
    expect(sha256(back)).toBe(sha256(data));
  }, 60_000);

  it('answers a ranged GET with exactly those bytes', async () => {
    const data = randomBytes(64 * 1024);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'range.bin', Body: data }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.bin', Range: 'bytes=1000-1999' }));
    expect(got.ContentRange).toBe(`bytes 1000-1999/${data.length}`);
    expect((await readAll(got.Body)).equals(data.subarray(1000, 2000))).toBe(true);
  });

  it('deletes an object so HeadObject no longer finds it', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone.txt', Body: 'bye' }));
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone.txt' }));
    await expect(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'gone.txt' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('lists an open multipart upload until it is aborted', async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'abandoned.bin' }));
    const open = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(open.Uploads?.map((u) => u.UploadId)).toContain(UploadId);

    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'abandoned.bin', UploadId }));
    const after = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(after.Uploads?.map((u) => u.UploadId) ?? []).not.toContain(UploadId);
  });

  it('shows a public-read bucket as an AllUsers READ grant (what a "bucket is public" check looks for)', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'preflight-public' }));
    const before = await client.send(new GetBucketAclCommand({ Bucket: 'preflight-public' }));
    expect(before.Grants?.some((g) => g.Grantee?.URI === ALL_USERS)).toBe(false);

    await client.send(new PutBucketAclCommand({ Bucket: 'preflight-public', ACL: 'public-read' }));
    const acl = await client.send(new GetBucketAclCommand({ Bucket: 'preflight-public' }));
    expect(acl.Grants).toContainEqual(expect.objectContaining({
      Grantee: expect.objectContaining({ Type: 'Group', URI: ALL_USERS }),
      Permission: 'READ',
    }));
  });

  it('checks Content-MD5 but not x-amz-checksum-* headers', async () => {
    const wrongMd5 = createHash('md5').update('something else').digest('base64');
    await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5.txt', Body: 'hello', ContentMD5: wrongMd5 })))
      .rejects.toMatchObject({ name: 'BadDigest' });

    const wrongSha = createHash('sha256').update('something else').digest('base64');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sha.txt', Body: 'hello', ChecksumSHA256: wrongSha }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'sha.txt' }));
    expect((await readAll(got.Body)).toString()).toBe('hello');
  });

  it('refuses a streamed PutObject from a client on SDK defaults with 411, the reason s3.client() sends checksums only when required', async () => {
    const defaults = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      forcePathStyle: true,
      maxAttempts: 1,
    });
    try {
      const body = inChunks(randomBytes(1024), 256);
      await expect(defaults.send(new PutObjectCommand({ Bucket: bucket, Key: 'streamed.bin', Body: body, ContentLength: 1024 })))
        .rejects.toMatchObject({ $metadata: { httpStatusCode: 411 } });
    } finally {
      defaults.destroy();
    }
    const body = inChunks(randomBytes(1024), 256);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'streamed.bin', Body: body, ContentLength: 1024 }));
  });
});
