/**
 * Hosts that are this machine, the only ones a check may reach over plain http:// (`local: true`): a request to
 * them never crosses a network (docs/decisions/0019). `URL.hostname` writes IPv6 addresses in brackets.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}
