/**
 * The CI run a request names is linked in Slack only when its URL is https:// on github.com or a host the
 * configuration lists (`ci.runHosts`): the URL comes from the caller, and a link in an approval message is a
 * click an approver trusts. Anything else is shown as its host, unlinked.
 */
export function linkableRunUrl(runUrl: string | undefined, runHosts: readonly string[]): string | undefined {
  if (!runUrl) return undefined;
  let url: URL;
  try {
    url = new URL(runUrl);
  } catch {
    return undefined;
  }
  const hosts = ['github.com', ...runHosts];
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined;
  if (!hosts.includes(url.hostname.toLowerCase())) return undefined;
  // mrkdwn's link syntax ends at `|` and `>`: percent-encoded, they cannot change what is shown or linked.
  return url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

/** The host of a run URL, to name an unlinked one; undefined when it is no URL. */
export function runHost(runUrl: string | undefined): string | undefined {
  if (!runUrl) return undefined;
  try {
    return new URL(runUrl).host;
  } catch {
    return undefined;
  }
}
