import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../commands/access';

/** How long a container trusts a user group's member list (membership changes are rare; access checks are many). */
export const USER_GROUP_TTL_MS = 5 * 60_000;

/** Slack user groups through `usergroups.users.list`, cached per container with an expiry. */
export function slackDirectory(client: WebClient, now: () => number = () => Date.now()): Directory {
  const cache = new Map<string, { members: Promise<readonly string[]>; until: number }>();
  return {
    membersOf(userGroupId) {
      const hit = cache.get(userGroupId);
      if (hit && hit.until > now()) return hit.members;
      const members = client.usergroups.users.list({ usergroup: userGroupId }).then((result) => result.users ?? []);
      cache.set(userGroupId, { members, until: now() + USER_GROUP_TTL_MS });
      // A failed lookup is not cached: the next request asks Slack again.
      members.catch(() => cache.delete(userGroupId));
      return members;
    },
  };
}
