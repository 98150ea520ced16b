import type { SectionBlock } from '@slack/types';
import { shortSha, type Changes, type CommitLine } from '../../../commands/changes/types';
import { clip, escape, LIMITS } from './kit';

// "What changed" in an approval request and a progress message (docs/decisions/0024). Commit titles and authors are
// anyone's text: escaped, in an element Slack does not pre-process (`verbatim`), so no mention, broadcast or channel
// name in them goes live. https://api.slack.com/reference/block-kit/composition-objects#text

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function commitLine(commit: CommitLine): string {
  const title = escape(commit.title);
  return `\`${escape(commit.sha)}\` ${title}${commit.author ? ` — ${escape(commit.author)}` : ''}`;
}

/** `abc1234 → def5678 · compare`: the running and the new commit, and GitHub's page comparing them. */
function between(changes: Extract<Changes, { base: string }>): string {
  return `\`${shortSha(changes.base)}\` → \`${shortSha(changes.head)}\` · <${changes.compareUrl}|compare on GitHub>`;
}

function headline(changes: Extract<Changes, { kind: 'commits' }>): string {
  switch (changes.status) {
    case 'identical':
      return 'the same commit as the one running';
    case 'behind':
      return `goes back: removes ${plural(changes.total, 'commit')}`;
    case 'diverged':
      return `${plural(changes.total, 'commit')}, and ${plural(changes.removed, 'commit')} of the running revision left out`;
    default:
      return plural(changes.total, 'commit');
  }
}

function lines(changes: Changes): string[] {
  switch (changes.kind) {
    case 'unknown':
      return [`*What changed*: unknown — ${escape(changes.reason)}`];
    case 'link':
      return [`*What changed*: ${between(changes)}`];
    case 'unread':
      return [
        `*What changed*: ${between(changes)}`,
        `:warning: The changes could not be read: ${escape(changes.reason)}.`,
      ];
    case 'commits': {
      const more = changes.total - changes.commits.length;
      return [
        `*What changed*: ${headline(changes)} · ${between(changes)}`,
        ...changes.commits.map(commitLine),
        ...(more > 0 ? [`_and ${more} more_`] : []),
      ];
    }
  }
}

/** The section listing what a deployment changes. */
export function changesBlock(changes: Changes): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(lines(changes).join('\n'), LIMITS.sectionText), verbatim: true },
  };
}
