/** "2026-11-28 16:05" in UTC: the one timestamp format on every page, the same for every viewer. */
export function dateTime(value: Date | string): string {
  return (typeof value === 'string' ? value : value.toISOString()).slice(0, 16).replace('T', ' ');
}
