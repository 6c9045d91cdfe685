/**
 * The URL Omi posts to: the configured webhook URL with `uid` appended by plain string
 * concatenation (`?uid=`, or `&uid=` when the URL already has a query), not URL-encoded; audio
 * deliveries put `sample_rate=<n>&` before it. Existing query parameters are kept.
 */
export function webhookUrl(configured: string, uid: string, sampleRate?: number): string {
  const query = sampleRate === undefined ? `uid=${uid}` : `sample_rate=${sampleRate}&uid=${uid}`;
  return `${configured}${configured.includes('?') ? '&' : '?'}${query}`;
}
