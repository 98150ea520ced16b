import type { ProgressView } from '../../../commands/deploy/progress-view';

/** `web → prod · v42`, or `Rollback of web → prod to v41`: plain text, as headers and notifications need. */
export function deploymentTitle(view: ProgressView): string {
  return view.kind === 'rollback'
    ? `Rollback of ${view.app} → ${view.env} to ${view.revision}`
    : `${view.app} → ${view.env} · ${view.revision}`;
}
