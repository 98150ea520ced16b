import type { Stage } from '../../../commands/deploy/ports';
import { STAGES } from '../../../commands/deploy/ports';
import type { ProgressView } from '../../../commands/deploy/progress-view';

/** The blue/green story, one milestone per stage; counts are added where they tell how far a step has got. */
const MILESTONES: Record<Stage, string> = {
  queued: 'Queued',
  provisioning: 'Green fleet provisioned',
  installing: 'Revision installed on green',
  ready: 'Ready to reroute',
  rerouting: 'Traffic rerouted to green',
  rerouted: 'Blue fleet on standby',
  terminating: 'Blue fleet terminating',
  done: 'Done',
};

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function counts(stage: Stage, view: ProgressView): string {
  const instances = view.instances;
  if (!instances) return '';
  const { green, blue } = instances;
  switch (stage) {
    case 'installing':
      if (!green.total) return '';
      return ` · ${green.succeeded}/${plural(green.total, 'instance')}${green.failed ? `, ${green.failed} failed` : ''}`;
    case 'rerouting':
      return blue.total ? ` · blue: ${blue.trafficBlocked}/${blue.total} out of the load balancer` : '';
    case 'rerouted':
    case 'terminating':
      return blue.total ? ` · ${plural(blue.total, 'blue instance')}` : '';
    default:
      return '';
  }
}

function icon(index: number, current: number, view: ProgressView): string {
  if (view.outcome === 'succeeded' || index < current) return '✅';
  if (index > current) return '▫️';
  if (view.outcome === 'failed') return '❌';
  return view.outcome === 'stopped' ? '⏹' : '⏳';
}

/** The checklist: ✅ done, ⏳ (or ❌, ⏹) where the deployment is, ▫️ still to come. */
export function stageChecklist(view: ProgressView): string {
  const current = STAGES.indexOf(view.stage);
  return STAGES.map((stage, index) => {
    const reached = index <= current || view.outcome === 'succeeded';
    return `${icon(index, current, view)} ${MILESTONES[stage]}${reached ? counts(stage, view) : ''}`;
  }).join('\n');
}

export function milestone(stage: Stage): string {
  return MILESTONES[stage];
}
