/**
 * A token bucket per API token, in this process: `capacity` requests at once, refilled at `perSecond`. An instance
 * restart forgets the buckets, which only ever errs towards letting a client through.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** null when the request may go ahead, else the seconds to wait before the next one would. */
  take(key: string, now = Date.now()): number | null {
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
    }
    // Bounded memory: the oldest bucket goes first (a Map iterates in insertion order).
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return null;
  }
}
