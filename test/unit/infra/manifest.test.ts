import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { specsFor } from '../../../commands/registry';
import { SLASH_COMMANDS, usageLine } from '../../../commands/spec';

interface SlashCommandEntry {
  command: string;
  url: string;
  description: string;
  usage_hint: string;
  should_escape: boolean;
}
interface Manifest {
  features: { bot_user: { display_name: string }; slash_commands: SlashCommandEntry[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
  };
}

const REQUEST_URL = 'https://<api-id>.execute-api.<region>.amazonaws.com/slack/events';

function loadManifest(): Manifest {
  return parse(readFileSync(join(__dirname, '..', '..', '..', 'manifest.yml'), 'utf8')) as Manifest;
}

describe('manifest.yml', () => {
  it('declares the four slash commands, all sent to the slack function', () => {
    // Act
    const commands = loadManifest().features.slash_commands;
    // Assess
    expect(commands.map((entry) => entry.command)).toEqual(SLASH_COMMANDS.map((command) => `/${command}`));
    for (const entry of commands) {
      expect(entry).toMatchObject({ url: REQUEST_URL, should_escape: false });
      expect(entry.description.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('gives each command the usage hint of its grammar, including help and /deploy lock, unlock and end-watch', () => {
    // Act
    const hints = Object.fromEntries(
      loadManifest().features.slash_commands.map((entry) => [entry.command, entry.usage_hint]),
    );
    // Assess
    expect(hints).toEqual({
      '/deploy':
        '<app> <env> [revision] [override <reason…>] | lock <app> <env> [for <duration>] [reason…] | unlock <app> <env> | end-watch <app> <env> reason… | help',
      '/rollback': '<app> <env> [reason…] | help',
      '/waf-exempt': '<env> <rule> <path> [for <duration>] [from <cidr>] [reason…] | list [env] | revoke <id> | help',
      '/status': '[app] [env] | help',
    });
    // Every form a command spec declares appears in its hint, so the two cannot drift apart.
    for (const command of SLASH_COMMANDS) {
      for (const spec of specsFor(command)) {
        expect(hints[`/${command}`]).toContain(usageLine(spec).replace(`/${command}`, '').trim());
      }
    }
  });

  it('asks for exactly the four bot scopes, with interactivity on and no Socket Mode', () => {
    // Act
    const manifest = loadManifest();
    // Assess
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'usergroups:read',
    ]);
    expect(manifest.settings).toMatchObject({
      interactivity: { is_enabled: true, request_url: REQUEST_URL },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
    });
  });
});
