import type { GroupTemplate, NoTemplate } from './ports';

/**
 * What changed in AWS between a preview and its approval (docs/decisions/0026): the worker re-reads the groups and
 * their launch templates after the approval, and compares them with what the approver saw. A difference that
 * leaves the approved change meaning the same is said and the change goes on; one that changes what it would do is
 * a refusal with the reason. Pure.
 */
export interface Drift {
  /** Differences said in the thread before the change goes on. */
  notes: string[];
  /** Set when the change must not go on: why. */
  refusal?: string;
}

/** What a change watches in a template beyond its version: the credit setting, or the instance type. */
export type Watched = 'credits' | 'type';

const code = (text: string) => `\`${text}\``;

function compare(before: GroupTemplate, now: GroupTemplate, watched: Watched): Drift {
  const group = code(before.group);
  if (now.templateId !== before.templateId)
    return {
      notes: [],
      refusal: `${group} now launches template ${code(now.templateName)}, not ${code(before.templateName)} as previewed`,
    };
  if (now.versionRef !== before.versionRef)
    return {
      notes: [],
      refusal: `${group} now names version ${code(now.versionRef)} of its template, not ${code(before.versionRef)} as previewed`,
    };
  if (watched === 'type' && now.instanceType !== before.instanceType)
    return {
      notes: [],
      refusal: `${group}'s template now launches ${now.instanceType ?? 'no set type'}, not ${before.instanceType ?? 'no set type'} as previewed`,
    };
  const notes: string[] = [];
  if (now.version !== before.version)
    notes.push(
      `${code(now.templateName)} is at version ${now.version} for ${group}, not ${before.version} as previewed (someone made a version since): the new version is made from ${now.version}, so their change is kept`,
    );
  if (watched === 'credits' && now.credits !== before.credits)
    notes.push(
      `${code(now.templateName)} version ${now.version} now has ${now.credits ?? 'no'} credit setting (previewed: ${before.credits ?? 'none'})`,
    );
  return { notes };
}

export function driftSince(previewed: GroupTemplate[], live: (GroupTemplate | NoTemplate)[], watched: Watched): Drift {
  const notes: string[] = [];
  const refusals: string[] = [];
  for (const now of live) {
    const before = previewed.find((t) => t.group === now.group);
    if (!before) {
      refusals.push(
        `${code(now.group)} serves the app now and was not in the preview (a deployment may have started since)`,
      );
      continue;
    }
    if ('problem' in now) {
      refusals.push(`${code(now.group)}: ${now.problem}`);
      continue;
    }
    const drift = compare(before, now, watched);
    notes.push(...drift.notes);
    if (drift.refusal) refusals.push(drift.refusal);
  }
  for (const before of previewed)
    if (!live.some((now) => now.group === before.group))
      notes.push(`${code(before.group)} no longer serves the app: nothing is changed there`);
  return refusals.length ? { notes, refusal: refusals.join('; ') } : { notes };
}
