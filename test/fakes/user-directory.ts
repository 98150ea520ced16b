import type { Directory } from '../../commands/access';

export interface FakeDirectory extends Directory {
  /** The user groups asked about, in order. */
  lookups: string[];
}

/** Slack user groups and their members; a group not listed has no members. */
export function fakeDirectory(groups: Record<string, readonly string[]> = {}): FakeDirectory {
  const lookups: string[] = [];
  return {
    lookups,
    membersOf: (userGroupId) => {
      lookups.push(userGroupId);
      return Promise.resolve(groups[userGroupId] ?? []);
    },
  };
}
