import type { LifecycleFailure } from '../deploy/ports';
import type { ScaleOutEpisode, ScalingActivity } from './episode';

/** The same group's CPU credits, when they may be why new instances fail (the incident of docs/architecture.md). */
export type CreditTie =
  /** The sweeper's credit watch warned about the group within its quiet period. */
  | { kind: 'warned'; at: Date }
  /** The throttling diagnosis of the group now: exhausted or draining. */
  | { kind: 'diagnosed'; headline: string }
  | { kind: 'unavailable'; error: string };

/** Everything the scale-out episode's message shows. */
export interface ScaleOutView {
  app: string;
  env: string;
  group: string;
  episode: ScaleOutEpisode;
  /** The latest failed scale-out deployment: its id, console page, revision and failed hooks. */
  latest:
    | {
        deploymentId: string;
        consoleUrl: string;
        revision: string | undefined;
        failures: LifecycleFailure[];
        error: { code: string; message: string } | undefined;
      }
    | undefined;
  activities: { ok: true; items: ScalingActivity[] } | { ok: false; error: string };
  credits: CreditTie | undefined;
  now: Date;
}
