import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { isLoopback } from '../commands/checks/check-url';

/**
 * The sandbox's app endpoints in its configuration. sandbox/config.yml is static, so a check that should reach the
 * simulated app says port 0 (`http://127.0.0.1:0/admin`, "a free port", as `PORT=0` does for the console); the
 * sandbox starts one endpoint per deployment group those checks name (the app's group in the check's environment)
 * and writes the configuration the bot reads with the ports it got.
 */
export interface AppCheckPorts {
  /** The deployment groups whose endpoints the checks need, each once. */
  deploymentGroups: string[];
  /** The configuration with each port-0 check URL on its group's endpoint (comments and layout kept). */
  render(ports: ReadonlyMap<string, number>): string;
}

interface PortZeroUrl {
  deploymentGroup: string;
  node: Scalar;
}

const isPortZero = (text: string): boolean => {
  try {
    const url = new URL(text);
    // URL drops a default port but keeps 0: `http://127.0.0.1:0/` has port "0".
    return isLoopback(url) && url.port === '0';
  } catch {
    return false;
  }
};

/** `apps.<app>.checks.<env>.http[].url` scalars on port 0, with the app's deployment group in that environment. */
function portZeroUrls(doc: ReturnType<typeof parseDocument>): PortZeroUrl[] {
  const apps: unknown = doc.get('apps');
  if (!isMap(apps)) return [];
  return apps.items.flatMap(({ value: app }) => {
    if (!isMap(app)) return [];
    const groups = app.getIn(['codedeploy', 'groups']);
    const checks = app.get('checks');
    if (!isMap(groups) || !isMap(checks)) return [];
    return checks.items.flatMap(({ key, value: set }) => {
      const env = isScalar(key) ? String(key.value) : '';
      const group = groups.get(env);
      const http = isMap(set) ? set.get('http') : undefined;
      if (typeof group !== 'string' || !isSeq(http)) return [];
      return http.items.flatMap((check) => {
        const url = isMap(check) ? check.get('url', true) : undefined;
        return isScalar(url) && typeof url.value === 'string' && isPortZero(url.value)
          ? [{ deploymentGroup: group, node: url }]
          : [];
      });
    });
  });
}

export function appCheckPorts(yamlText: string): AppCheckPorts {
  const urls = portZeroUrls(parseDocument(yamlText));
  return {
    deploymentGroups: [...new Set(urls.map((url) => url.deploymentGroup))],
    render(ports) {
      // A fresh document each time, so the scalars set here are its own.
      const doc = parseDocument(yamlText);
      for (const { deploymentGroup, node } of portZeroUrls(doc)) {
        const port = ports.get(deploymentGroup);
        if (port === undefined) throw new Error(`no app endpoint was started for ${deploymentGroup}`);
        const url = new URL(String(node.value));
        url.port = String(port);
        node.value = url.toString();
      }
      return doc.toString({ lineWidth: 0 });
    },
  };
}

/**
 * The configuration with one more dated freeze on an environment (the console's "Start a change freeze"): the bot
 * reads its configuration file again when it changes (lib/config/load.ts), so the freeze is in force at once.
 */
export function withFreeze(
  yamlText: string,
  env: string,
  freeze: { from: string; to: string; reason: string },
): string {
  const doc = parseDocument(yamlText);
  const path = ['environments', env, 'freezes'];
  const freezes: unknown = doc.getIn(path);
  if (isSeq(freezes)) freezes.add(doc.createNode(freeze));
  else doc.setIn(path, doc.createNode([freeze]));
  return doc.toString({ lineWidth: 0 });
}

/**
 * The configuration with each app's GitHub API on port 0 (`apps.<app>.github.apiUrl: http://127.0.0.1:0`, "the
 * sandbox's fake GitHub") pointed at the fake's address, which has a free port of its own (sandbox/github/api.ts).
 */
export function withGitHubApi(yamlText: string, apiUrl: string): string {
  const doc = parseDocument(yamlText);
  const apps: unknown = doc.get('apps');
  if (!isMap(apps)) return yamlText;
  for (const { value: app } of apps.items) {
    const url = isMap(app) ? app.getIn(['github', 'apiUrl'], true) : undefined;
    if (isScalar(url) && typeof url.value === 'string' && isPortZero(url.value)) url.value = apiUrl;
  }
  return doc.toString({ lineWidth: 0 });
}
