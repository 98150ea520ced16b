import { ciUrl } from '../ci-links';

/**
 * Who or what started a deployment blueshift did not start, as CodeDeploy tells it (GetDeployment's `creator`,
 * `description` and revision), and which of that may become a link (docs/decisions/0021).
 */
export interface DeploymentOrigin {
  /** CodeDeploy's creator: user, codeDeployRollback, CodeDeployAutoUpdate…; undefined when it did not say. */
  creator: string | undefined;
  /** The description whoever started it wrote: untrusted text, shown as text. */
  description: string | undefined;
  /** A GitHub revision's commit page; a link only when it is on a configured CI host. */
  commitUrl: string | undefined;
}

/** A piece of untrusted text: plain text, or a URL on a configured CI host that may be a link. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; url: string; label: string };

/**
 * CodeDeploy's creators in words. The service model documents user, autoscaling, codeDeployRollback and
 * CodeDeployAutoUpdate; the others are listed without a meaning, so they are named, not explained.
 */
const CREATORS: Readonly<Record<string, string>> = {
  user: 'an AWS user or role (the console, the CLI or CI)',
  codeDeployRollback: "CodeDeploy's automatic rollback",
  CodeDeployAutoUpdate: 'CodeDeploy, updating instances launched during a deployment',
  autoscaling: 'Auto Scaling, for a new instance',
  autoscalingTermination: 'Auto Scaling, for an instance it terminates',
  CodeDeploy: 'CodeDeploy',
  CloudFormation: 'CloudFormation',
  CloudFormationRollback: "CloudFormation's rollback",
};

/** The creator in words, undefined for one CodeDeploy does not document (shown raw). */
export function creatorWords(creator: string | undefined): string | undefined {
  return creator !== undefined && Object.hasOwn(CREATORS, creator) ? CREATORS[creator] : undefined;
}

// CodeDeploy keeps at most 256 characters; anything longer did not come from it.
export const DESCRIPTION_MAX = 256;
// Characters that end a URL in running text, and those Slack's link syntax gives a meaning to (`<url|label>`).
const URL_IN_TEXT = /https:\/\/[^\s<>|"'`\\]+/g;
const TRAILING = /[.,;:!?)\]}]+$/;

/** The description cut into text and the URLs on a configured CI host; every other URL stays text. */
export function descriptionParts(description: string, prefixes: readonly string[]): TextPart[] {
  const text = description.length > DESCRIPTION_MAX ? `${description.slice(0, DESCRIPTION_MAX - 1)}…` : description;
  const parts: TextPart[] = [];
  let at = 0;
  const pushText = (piece: string) => {
    if (!piece) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += piece;
    else parts.push({ kind: 'text', text: piece });
  };
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const token = match[0].replace(TRAILING, '');
    const start = match.index;
    const url = ciUrl(token, prefixes);
    pushText(text.slice(at, start));
    if (url) parts.push({ kind: 'link', url, label: token });
    else pushText(token);
    at = start + token.length;
  }
  pushText(text.slice(at));
  return parts;
}

/** A GitHub revision's commit page (CodeDeploy deploys GitHub revisions from github.com only). */
export function commitUrl(github: { repository: string; commitId: string } | undefined): string | undefined {
  if (!github || !/^[\w.-]+\/[\w.-]+$/.test(github.repository) || !/^[0-9a-f]{7,40}$/i.test(github.commitId))
    return undefined;
  return `https://github.com/${github.repository}/commit/${github.commitId}`;
}
