import { ciUrl, urlHost } from '../../../commands/ci-links';
import type { Preview } from './request';
import { escape, linkTo, section } from './kit';

/** Where a CI deployment comes from, as the request said (only the role is verified: it signed the request). */
export interface CiOrigin {
  /** The role's ARN, as its session named it. */
  role: string;
  runUrl: string | undefined;
  commit: string | undefined;
  /** Who triggered the run, as the CI says. */
  actor: string | undefined;
}

/**
 * One line naming the CI run, its trigger and commit, and the role that signed. The run is linked only when its
 * URL is under one of the configuration's `ciLinks` (commands/ci-links.ts).
 */
export function ciOriginLine(origin: CiOrigin, ciLinks: readonly string[]): string {
  const link = ciUrl(origin.runUrl, ciLinks);
  const host = urlHost(origin.runUrl);
  const run = link
    ? linkTo(link, 'CI run')
    : host
      ? `a CI run on \`${escape(host)}\` (not linked: not under a prefix in ciLinks)`
      : 'a CI run (it gave no link)';
  return [
    `:robot_face: From ${run}`,
    origin.actor ? `triggered by \`${escape(origin.actor)}\` (as the CI says)` : 'trigger not given',
    origin.commit ? `commit \`${escape(origin.commit.slice(0, 12))}\`` : 'no commit given',
    `signed by role \`${escape(origin.role)}\``,
  ].join(' · ');
}

/** /deploy's preview for an approval, with the CI run it comes from first. */
export function ciPreview(preview: Preview, origin: CiOrigin, ciLinks: readonly string[]): Preview {
  return { ...preview, blocks: [section(ciOriginLine(origin, ciLinks)), ...preview.blocks] };
}
