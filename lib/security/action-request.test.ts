import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT_BYTES, actionBodyRefusal, actionHeadersRefusal, readCappedText } from './action-request';

const refusedStatus = (body: string) => actionBodyRefusal(body)?.status ?? null;

describe('server-action requests Next would answer with a 500', () => {
  it('lets what Preflight’s pages send through: plain JSON arguments, React’s self-contained "$" values', () => {
    expect(actionHeadersRefusal('text/plain;charset=UTF-8', '120')).toBeNull();
    expect(refusedStatus(JSON.stringify([{ title: 'Plan', content: { a: { b: [{ c: 'd' }] } }, version: 2 }]))).toBeNull();
    expect(refusedStatus(JSON.stringify([{ a: '$undefined', b: '$NaN', c: '$-0', d: '$D2027-01-01T00:00:00.000Z', e: '$n42', f: '$$escaped' }]))).toBeNull();
    expect(refusedStatus('[]')).toBeNull();
  });

  it('refuses other body types and oversize bodies from the headers alone', () => {
    expect(actionHeadersRefusal('multipart/form-data; boundary=x', '10')?.status).toBe(415);
    expect(actionHeadersRefusal(null, '10')?.status).toBe(415);
    expect(actionHeadersRefusal('text/plain', String(ACTION_BODY_LIMIT_BYTES + 1))?.status).toBe(413);
    expect(refusedStatus(JSON.stringify(['x'.repeat(ACTION_BODY_LIMIT_BYTES)]))).toBe(413);
  });

  it('refuses bodies that are not a JSON argument list', () => {
    for (const body of ['', 'not json', '{"0":1}', '"x"', JSON.stringify(Array.from({ length: 1001 }, () => 0))]) expect(refusedStatus(body), body.slice(0, 20)).toBe(400);
  });

  it('refuses nesting that would overflow React’s reviver, without overflowing itself', () => {
    expect(refusedStatus(`[${'['.repeat(100_000)}${']'.repeat(100_000)}]`)).toBe(400);
    expect(refusedStatus(`[${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}]`)).toBe(400);
  });

  it('refuses references to parts a plain-text body cannot carry, and BigInts React refuses', () => {
    for (const ref of ['$1', '$@1', '$Q1', '$W1', '$F1', '$K1', '$B1', '$T', '$h1', '$1:__proto__:then', `$n${'9'.repeat(301)}`, '$nabc']) {
      expect(refusedStatus(JSON.stringify([{ name: ref }])), ref.slice(0, 20)).toBe(400);
    }
  });

  it('reads a body only up to the limit, so one sent without a length is never held whole', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    expect(await readCappedText(endless, 256 * 1024)).toBeNull();
    // It stopped right after passing the limit instead of draining the stream.
    expect(pulled).toBeLessThanOrEqual(6);
    const small = new Blob(['["é", 1]']).stream();
    expect(await readCappedText(small)).toBe('["é", 1]');
    expect(await readCappedText(null)).toBe('');
  });
});
