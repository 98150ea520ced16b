/**
 * The one rule for turning a URL someone else wrote into a link in Slack: a deployment's description from CodeDeploy,
 * a CI run URL from the CI route. It is a link only when it is https:// under one of the configuration's `ciLinks`
 * prefixes (docs/decisions/0021), because a link in an approval or progress message is a click people trust.
 */

/** The configured prefixes as the URL parser writes them (lower-case host), so a comparison is like for like. */
function normalised(prefixes: readonly string[]): string[] {
  return prefixes.flatMap((prefix) => {
    try {
      return [new URL(prefix).href];
    } catch {
      return [];
    }
  });
}

/**
 * The URL as a link target when it is an https URL under one of the prefixes, undefined otherwise. It is compared
 * after parsing, so `..` segments, credentials or an encoded host cannot pass off another site as the CI host; `|`,
 * `<` and `>`, which end Slack's link syntax, come back percent-encoded.
 */
export function ciUrl(candidate: string | undefined, prefixes: readonly string[]): string | undefined {
  if (!candidate) return undefined;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return undefined;
  if (!normalised(prefixes).some((prefix) => url.href.startsWith(prefix))) return undefined;
  return url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

/** The host of a URL, to name one that is not linked; undefined when it is no URL. */
export function urlHost(candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  try {
    return new URL(candidate).host;
  } catch {
    return undefined;
  }
}
