/**
 * What the CPU-credit buttons carry: an app and an environment, both configuration names (lowercase letters,
 * digits, - and _), which the worker checks against the configuration it has. The Auto Scaling group and its
 * instances are read live from AWS on click, never taken from the button.
 */
export interface FleetRef {
  app: string;
  env: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function fleetRefValue(ref: FleetRef): string {
  return `${ref.app}:${ref.env}`;
}

export function parseFleetRef(value: string): FleetRef | undefined {
  const parts = value.split(':');
  if (parts.length !== 2) return undefined;
  const [app = '', env = ''] = parts;
  return NAME.test(app) && NAME.test(env) ? { app, env } : undefined;
}
