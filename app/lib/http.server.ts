/** Headers of a 429 answer: how long to wait, in seconds (RFC 9110 `Retry-After`). */
export function retryAfterHeaders(seconds: number): Record<string, string> {
  return { "Retry-After": String(Math.max(1, Math.ceil(seconds))) };
}
