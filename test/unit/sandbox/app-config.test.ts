import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSetFor } from '../../../lib/config/checks';
import { parseConfig } from '../../../lib/config/parse';
import { DEFAULT_STEP_MS, TERMINATION_WAIT_STEPS } from '../../../sandbox/aws/account';
import { appCheckPorts } from '../../../sandbox/app-config';

const SANDBOX_CONFIG = readFileSync(join(__dirname, '..', '..', '..', 'sandbox', 'config.yml'), 'utf8');
const PORTS = new Map([
  ['edu-web-prod', 41001],
  ['edu-web-staging', 41002],
]);

describe("the sandbox's checks on its app endpoints", () => {
  it("puts each port-0 check on its environment's deployment group endpoint, keeping the file's comments", () => {
    // Prepare
    const ports = appCheckPorts(SANDBOX_CONFIG);
    // Act
    const rendered = ports.render(PORTS);
    const config = parseConfig(rendered, 'rendered.yml');
    // Assess
    expect(ports.deploymentGroups).toEqual(['edu-web-prod', 'edu-web-staging']);
    expect(checkSetFor(config.apps.web!, 'prod')?.http.map((check) => check.url)).toEqual([
      'http://127.0.0.1:41001/',
      'http://127.0.0.1:41001/admin',
    ]);
    expect(checkSetFor(config.apps.web!, 'staging')?.http.map((check) => check.url)).toEqual([
      'http://127.0.0.1:41002/',
      'http://127.0.0.1:41002/admin',
    ]);
    expect(rendered).toContain('# The configuration `npm start` runs the bot with');
    expect(rendered).not.toContain(':0/');
  });

  it('gives sandbox/config.yml a watch that can pass while the simulated CodeDeploy keeps blue', () => {
    // Act
    const prod = checkSetFor(parseConfig(SANDBOX_CONFIG, 'sandbox/config.yml').apps.web!, 'prod');
    // Assess: at the default step, blue outlasts the watch by more than a look (30 s), so it can pass
    expect(prod).toMatchObject({ onFailure: 'rollback' });
    expect(prod?.watchMs).toBeGreaterThan(0);
    expect((prod?.watchMs ?? 0) + 30_000).toBeLessThan(TERMINATION_WAIT_STEPS * DEFAULT_STEP_MS);
  });

  it('leaves a configuration without port-0 checks as it is', () => {
    // Prepare
    const yaml =
      'apps:\n  web:\n    codedeploy: { groups: { prod: g } }\n    checks:\n      prod:\n        http:\n          - { url: "https://www.example.edu/" }\n';
    // Act
    const ports = appCheckPorts(yaml);
    // Assess
    expect(ports.deploymentGroups).toEqual([]);
    expect(ports.render(new Map())).toBe(yaml);
  });

  it('refuses to render a port-0 check whose group got no endpoint', () => {
    expect(() => appCheckPorts(SANDBOX_CONFIG).render(new Map([['edu-web-prod', 41001]]))).toThrow(
      'no app endpoint was started for edu-web-staging',
    );
  });
});
