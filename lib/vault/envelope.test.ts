import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { DecryptStream, EncryptStream, HEADER_SIZE, IntegrityError, unwrapDataKey, wrapDataKey, type Header } from './envelope';
import { KeyConfigError, parseKeyRing } from './keys';

const SEG = 1024;
const kek = randomBytes(32);
const KEY_ID = 'k1';
const EVIDENCE_ID = 'ev-123';

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Feeds data in uneven chunks, as a network would. */
function source(data: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; ) {
    const n = 1 + ((i * 7919) % 3001);
    pieces.push(data.subarray(i, i + n));
    i += n;
  }
  return Readable.from(pieces);
}

async function encrypt(plain: Buffer, id = EVIDENCE_ID): Promise<Buffer> {
  const dataKey = randomBytes(32);
  const wrappedKey = wrapDataKey(kek, KEY_ID, id, dataKey);
  return collect(source(plain).pipe(new EncryptStream(dataKey, id, { keyId: KEY_ID, wrappedKey }, SEG)));
}

async function decrypt(file: Buffer, key = kek, id = EVIDENCE_ID): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(source(file), new DecryptStream(id, (h: Header) => unwrapDataKey(key, h.keyId, id, h.wrappedKey)), async function* (s) {
    for await (const c of s) chunks.push(c as Buffer);
  });
  return Buffer.concat(chunks);
}

describe('segmented AES-256-GCM envelope', () => {
  it.each([0, 1, SEG - 1, SEG, SEG + 1, 3 * SEG, 7 * SEG + 333])('round-trips %i bytes', async (n) => {
    const plain = randomBytes(n);
    const file = await encrypt(plain);
    expect(file.length).toBe(HEADER_SIZE + n + 16 * Math.max(1, Math.ceil(n / SEG)));
    expect((await decrypt(file)).equals(plain)).toBe(true);
  });

  it('never stores the plaintext', async () => {
    const plain = Buffer.from('TOP-SECRET-EVIDENCE '.repeat(500));
    const file = await encrypt(plain);
    expect(file.includes(Buffer.from('TOP-SECRET'))).toBe(false);
  });

  it('fails when any byte is flipped', async () => {
    const plain = randomBytes(3 * SEG + 100);
    const file = await encrypt(plain);
    // Every byte of the header's authenticated parts, and a spread of body bytes including each segment's tag.
    const positions = [...Array.from({ length: HEADER_SIZE }, (_, i) => i), ...Array.from({ length: 60 }, (_, i) => HEADER_SIZE + Math.floor((i * (file.length - HEADER_SIZE - 1)) / 59))];
    for (const pos of positions) {
      const bad = Buffer.from(file);
      bad[pos] = bad[pos]! ^ 0x01;
      await expect(decrypt(bad), `byte ${pos}`).rejects.toThrow(IntegrityError);
    }
  });

  it('fails on truncation, a dropped last segment, swapped segments and appended data', async () => {
    const plain = randomBytes(3 * SEG + 100);
    const file = await encrypt(plain);
    const full = SEG + 16;
    const segs = (f: Buffer) => [0, 1, 2, 3].map((i) => f.subarray(HEADER_SIZE + i * full, HEADER_SIZE + (i + 1) * full));
    const [a, b, c] = segs(file);
    const header = file.subarray(0, HEADER_SIZE);
    await expect(decrypt(file.subarray(0, file.length - 1))).rejects.toThrow(IntegrityError);
    await expect(decrypt(Buffer.concat([header, a!, b!, c!]))).rejects.toThrow(IntegrityError);
    await expect(decrypt(Buffer.concat([header, b!, a!, c!, file.subarray(HEADER_SIZE + 3 * full)]))).rejects.toThrow(IntegrityError);
    await expect(decrypt(Buffer.concat([file, Buffer.from([0])]))).rejects.toThrow(IntegrityError);
    await expect(decrypt(file.subarray(0, HEADER_SIZE - 1))).rejects.toThrow(IntegrityError);
  });

  it('fails with a wrong key and with another evidence id', async () => {
    const file = await encrypt(randomBytes(2000));
    await expect(decrypt(file, randomBytes(32))).rejects.toThrow(IntegrityError);
    await expect(decrypt(file, kek, 'ev-other')).rejects.toThrow(IntegrityError);
  });
});

describe('key ring', () => {
  const k = () => randomBytes(32).toString('base64');
  it('parses ids and keys and picks the active one', () => {
    const ring = parseKeyRing(`a:${k()},b:${k()}`, 'a');
    expect(ring.activeId).toBe('a');
    expect([...ring.keys.keys()]).toEqual(['a', 'b']);
    expect(parseKeyRing(`a:${k()},b:${k()}`, undefined).activeId).toBe('b');
  });
  it('refuses bad configuration without echoing key material', () => {
    const secret = randomBytes(16).toString('base64');
    expect(() => parseKeyRing(`a:${secret}`, undefined)).toThrow(KeyConfigError);
    try {
      parseKeyRing(`a:${secret}`, undefined);
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
    expect(() => parseKeyRing(`a:${k()}`, 'zz')).toThrow(/not in EVIDENCE_KEYS/);
    expect(() => parseKeyRing(`a:${k()},a:${k()}`, undefined)).toThrow(/twice/);
    expect(() => parseKeyRing('', undefined)).toThrow(KeyConfigError);
  });
});
