'use client';

import { useSyncExternalStore } from 'react';
import { dateTime } from '@/lib/format';
import { localDateTime } from '@/lib/format-local';

const noSubscription = () => () => {};

/**
 * A moment in the viewer's own time zone, with the zone named ("2026-11-28 17:05 CET"). The server renders it in
 * UTC, which hydration keeps, and the browser then swaps in its own zone; <time> carries the exact instant.
 */
export function LocalTime({ value }: { value: Date | string }) {
  const iso = typeof value === 'string' ? value : value.toISOString();
  const text = useSyncExternalStore(
    noSubscription,
    () => localDateTime(iso),
    () => `${dateTime(iso)} UTC`,
  );
  return <time dateTime={iso}>{text}</time>;
}
