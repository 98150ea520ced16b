import { isOfferedFor } from './bigger-types';
import { templateUse, type TemplateUse } from './plan';
import type { GroupTemplate, NoTemplate } from './ports';

/**
 * Moving an app's fleet to a bigger burstable type (docs/decisions/0026): each live group's launch template gets a
 * version with the chosen type, launched the way the group names its version (as for the credit switch). Decided
 * from what AWS says now, and the chosen type checked against each group's own family. Pure.
 */
export interface MovePlan {
  instanceType: string;
  /** Templates that get a version with the new type, and how their group takes it. */
  templates: (GroupTemplate & { use: TemplateUse })[];
  /** Groups whose template already launches the chosen type: left alone. */
  already: GroupTemplate[];
  /** Groups that cannot take it, and why: the move is refused while any is listed. */
  blocked: NoTemplate[];
}

/** Why a group's template cannot move to `chosen`, or undefined when it can (or already runs it). */
function mismatch(template: GroupTemplate, chosen: string): string | undefined {
  if (template.instanceType === chosen) return undefined;
  if (!template.instanceType)
    return `version ${template.version} of launch template \`${template.templateName}\` names no instance type; set one in the template first`;
  if (!isOfferedFor(template.instanceType, chosen))
    return `it runs ${template.instanceType}, and ${chosen} is not a larger size of that family; pick one of the offered types`;
  return undefined;
}

export function movePlan(instanceType: string, templates: (GroupTemplate | NoTemplate)[]): MovePlan {
  const found = templates.filter((t): t is GroupTemplate => !('problem' in t));
  const blocked: NoTemplate[] = [
    ...templates.filter((t): t is NoTemplate => 'problem' in t),
    ...found.flatMap((t) => {
      const problem = mismatch(t, instanceType);
      return problem ? [{ group: t.group, problem }] : [];
    }),
  ];
  const fits = found.filter((t) => !mismatch(t, instanceType));
  return {
    instanceType,
    templates: fits
      .filter((t) => t.instanceType !== instanceType)
      .map((t) => ({ ...t, use: templateUse(t.versionRef) })),
    already: fits.filter((t) => t.instanceType === instanceType),
    blocked,
  };
}

/** A blocked group's problem and what to do about it, in words, for the refusal. */
export function blockedWords(blocked: NoTemplate): string {
  const advice = blockedAdvice(blocked);
  return `\`${blocked.group}\`: ${blocked.problem}${advice ? `; ${advice}` : ''}`;
}

function blockedAdvice(blocked: NoTemplate): string | undefined {
  if (blocked.problem.includes('launch configuration'))
    return 'move the group to a launch template (the Auto Scaling console can copy a launch configuration to one), then ask again';
  if (blocked.problem.includes('mixed instances policy'))
    return "change the policy's instance types in your infrastructure code; blueshift does not edit mixed instances policies";
  return undefined;
}
