import type { CodeDeployState, SimulatedDeployment } from './codedeploy-model';
import { isActive } from './codedeploy-model';

/**
 * The app behind a deployment group's load balancer: which deployment's revision takes its traffic, and what that
 * revision answers. Traffic follows the simulated blue/green deployment: on blue (the last good deployment) until
 * the reroute, on green from then on, and on blue again after a rollback.
 */

export interface ServingRevision {
  /** The deployment whose instances take the traffic. */
  deploymentId: string;
  /** `web/v42.zip` */
  key: string;
  /** True while a running deployment's green fleet takes it (in the termination wait, blue still warm). */
  green: boolean;
  /** The revision answers 500 on `/` (lifecycle's breakNextRevision). */
  broken: boolean;
}

export interface AppAnswer {
  status: number;
  body: string;
}

/** Whether a deployment's own (green) instances took the traffic, and kept it, from the deployment. */
function servedBy(deployment: SimulatedDeployment): boolean {
  const { info } = deployment;
  const rerouted = info.instanceTerminationWaitTimeStarted === true;
  if (isActive(deployment)) return rerouted;
  if (info.status === 'Succeeded') return true;
  // Stopped after the reroute without a rollback: traffic stays on green (codedeploy-lifecycle.ts).
  return info.status === 'Stopped' && rerouted && !info.rollbackInfo?.rollbackDeploymentId;
}

/**
 * The newest deployment of the group whose instances serve: a running one once rerouted, else the last that
 * succeeded or kept green. Failed ones, those stopped before the reroute or rolled back, and running ones not yet
 * rerouted leave the traffic where it was. A rollback deployment serves the revision it put back.
 */
export function servingRevision(world: CodeDeployState, group: string): ServingRevision | undefined {
  const deployment = world.inGroup(group).find(servedBy);
  if (!deployment) return undefined;
  return {
    deploymentId: deployment.info.deploymentId ?? '',
    key: deployment.info.revision?.s3Location?.key ?? '',
    green: isActive(deployment),
    broken: deployment.brokenRevision === true,
  };
}

/** `v42` from `web/v42.zip`. */
export const revisionLabel = (key: string): string => key.replace(/^.*\//, '').replace(/\.[^.]*$/, '');

/** What the load balancer answers when WAF blocks a request (its default Block action, no custom response). */
export const WAF_FORBIDDEN: AppAnswer = {
  status: 403,
  body: '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n',
};

/**
 * The app's answer for a path (`/` and `/admin`; anything else 404), from the revision serving. No revision
 * serving means no healthy target: the load balancer's 503.
 */
export function appAnswer(path: string, serving: ServingRevision | undefined): AppAnswer {
  if (!serving) return { status: 503, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' };
  const revision = revisionLabel(serving.key);
  const pathname = path.split('?')[0] ?? '';
  if (pathname === '/') {
    return serving.broken
      ? {
          status: 500,
          body: `<h1>Server Error (500)</h1><!-- edu-web ${revision}: TemplateDoesNotExist: home.html -->`,
        }
      : { status: 200, body: `<h1>edu-web</h1><p>Courses, served by ${revision}</p>` };
  }
  if (pathname === '/admin') {
    return {
      status: 200,
      body: `<h1>Site administration</h1><form><button>Log in</button></form><!-- ${revision} -->`,
    };
  }
  return { status: 404, body: '<h1>Not Found</h1><p>The requested resource was not found on this server.</p>' };
}
