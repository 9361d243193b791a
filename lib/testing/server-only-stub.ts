// Vitest runs server code directly; Next's client-bundle guard has nothing to guard here.
export {};
