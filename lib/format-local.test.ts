import { describe, expect, it } from 'vitest';
import { dateTime } from './format';
import { localDateTime } from './format-local';

describe('localDateTime', () => {
  const instant = '2026-11-28T16:05:09.000Z';

  it('writes the date ISO-ordered and names the zone', () => {
    expect(localDateTime(instant, 'UTC')).toBe('2026-11-28 16:05 UTC');
    expect(localDateTime(instant, 'Europe/Berlin')).toBe('2026-11-28 17:05 CET');
    expect(localDateTime(new Date(instant), 'America/New_York')).toBe('2026-11-28 11:05 GMT-5');
  });

  it('moves the date with the zone and keeps a 24-hour clock', () => {
    expect(localDateTime('2026-11-28T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-29 08:30 GMT+9');
    expect(localDateTime('2026-07-01T00:00:00Z', 'UTC')).toBe('2026-07-01 00:00 UTC');
  });

  it('agrees with the server-side UTC format', () => {
    expect(localDateTime(instant, 'UTC')).toBe(`${dateTime(instant)} UTC`);
  });
});
