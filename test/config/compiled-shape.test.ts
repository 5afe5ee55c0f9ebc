import { describe, expect, it } from 'vitest';
import { hashOf } from '../../src/config/compiled/compile.js';
import { checkCompiledShape } from '../../src/config/compiled/shape.js';
import { checkFiles, compileChecked, PROFILES_DIR, readYamlDir } from '../helpers/config.js';

const good = compileChecked(checkFiles(readYamlDir(PROFILES_DIR)));

/** A copy of the bundled compiled config changed by `edit`, re-hashed so only the shape is wrong. */
function edited(edit: (c: Record<string, any>) => void): unknown {
  const copy = JSON.parse(JSON.stringify(good)) as Record<string, any>;
  edit(copy);
  copy.hash = hashOf(copy as never);
  return copy;
}

describe('checkCompiledShape', () => {
  it('accepts what hbctl compile writes', () => {
    const r = checkCompiledShape(JSON.parse(JSON.stringify(good)));
    expect(r.ok).toBe(true);
  });

  it.each([
    ['a role without heartbeat', (c: Record<string, any>) => (c.roles.IC_AGENT.heartbeat = null), 'roles.IC_AGENT.heartbeat is not an object'],
    ['a heartbeat value without origin', (c: Record<string, any>) => delete c.roles.IC_AGENT.heartbeat.heartbeatLagMs.origin, 'roles.IC_AGENT.heartbeat.heartbeatLagMs.origin is not an object'],
    ['an unknown mode', (c: Record<string, any>) => (c.roles.IC_AGENT.heartbeat.mode = 'C'), 'roles.IC_AGENT.heartbeat.mode is not one of'],
    ['a configuration whose profiles is no list', (c: Record<string, any>) => (c.communicationsConfigurations['IC Push Keep Alive'].profiles = {}), "communicationsConfigurations.IC Push Keep Alive.profiles is not a list"],
    ['missing keep-alive settings', (c: Record<string, any>) => delete c.keepAlive, 'keepAlive is not an object'],
    ['a CMS with a text ackTimeout', (c: Record<string, any>) => (c.cms.CMS_MAIN.ackTimeoutMs = '5s'), 'cms.CMS_MAIN.ackTimeoutMs is not a number'],
    ['a profile origin without its file', (c: Record<string, any>) => delete c.roles.IC_AGENT.heartbeat.browserPingIntervalMs.origin.file, 'roles.IC_AGENT.heartbeat.browserPingIntervalMs.origin.file is not a string'],
    ['an unknown origin source', (c: Record<string, any>) => (c.roles.IC_AGENT.heartbeat.browserPingIntervalMs.origin.source = 'guess'), 'origin.source is not one of'],
    ['a parameter override origin without its profile', (c: Record<string, any>) => delete c.communicationsConfigurations['IC Push Keep Alive'].profiles[0].parameters.PushKeepAliveTimer.origin.profile, 'PushKeepAliveTimer.origin.profile is not a string'],
    ['a wrong apiVersion', (c: Record<string, any>) => (c.apiVersion = 'hbctl/v2'), 'apiVersion is not one of "hbctl/v1"'],
    ['a role filed under another name', (c: Record<string, any>) => (c.roles.OTHER = c.roles.IC_AGENT), "roles.OTHER.name is not 'OTHER'"],
    ['a listener filed under another name', (c: Record<string, any>) => (c.listeners.WSL2 = c.listeners.WSL), "listeners.WSL2.name is not 'WSL2'"],
    ['a "__proto__" role', (c: Record<string, any>) => Object.defineProperty(c.roles, '__proto__', { value: c.roles.IC_AGENT, enumerable: true }), '"__proto__" key at roles'],
  ])('rejects %s, naming the path', (_name, edit, message) => {
    const r = checkCompiledShape(edited(edit));
    expect(r).toEqual({ ok: false, message: expect.stringContaining(message) });
  });

  // Regression: the canonical copy assigned `__proto__` as a prototype, so the key was not hashed and a smuggled entry kept a valid hash.
  it('hashes a "__proto__" key (as JSON.parse makes it) like any other key', () => {
    const copy = JSON.parse(JSON.stringify(good)) as Record<string, any>;
    const smuggled = JSON.parse(`{"__proto__": ${JSON.stringify(copy.roles.IC_AGENT)}}`) as object;
    Object.assign(copy, { extra: smuggled });
    const without = JSON.parse(JSON.stringify(good)) as Record<string, any>;
    Object.assign(without, { extra: {} });
    expect(hashOf(copy as never)).not.toBe(hashOf(without as never));
  });

  it('rejects a config whose hash does not match its content', () => {
    const copy = JSON.parse(JSON.stringify(good)) as Record<string, any>;
    copy.roles.IC_AGENT.heartbeat.heartbeatLagMs.value = 1;
    expect(checkCompiledShape(copy)).toEqual({ ok: false, message: expect.stringContaining('hash does not match') });
  });

  it('rejects what is not an object', () => {
    expect(checkCompiledShape([])).toEqual({ ok: false, message: 'it is not a JSON object' });
  });
});
