import { Command, Option } from 'commander';
import type { CmsCliOptions } from './commands/cms.js';
import type { BrowsersCliOptions } from './commands/browsers.js';
import type { SimulateCliOptions } from './commands/simulate-options.js';
import type { StartCliOptions } from './commands/start.js';
import type { WorkstationClientCliOptions } from './commands/workstation-client.js';
import type { CliIo } from './io.js';
import { FINDINGS_FORMATS } from './format/index.js';
import { packageVersion } from './version.js';

/** Receives the exit code of the command that ran. */
export type Done = (code: number) => void;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Declares the commands and normalises their options; each action lazily
 * imports its command module so `hbctl schema` never loads the simulator.
 */
export function buildProgram(io: CliIo, done: Done): Command {
  const program = new Command('hbctl')
    .description('Validate, explain, compile and simulate contact-center heartbeat, watchdog and keep-alive settings.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // main() prints commander's errors itself, as one `hbctl: ...` line.
      outputError: () => undefined,
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .addHelpText('after', '\nExit codes: 0 ok, 1 findings (validate/compile/explain) or changes (diff), 2 usage or I/O error.');
  addValidate(program, io, done);
  addCompile(program, io, done);
  addExplain(program, io, done);
  addSchema(program, io, done);
  addDiff(program, io, done);
  addSimulate(program, io, done);
  addStart(program, io, done);
  addCms(program, io, done);
  addWorkstationClient(program, io, done);
  addBrowsers(program, io, done);
  return program;
}

function addValidate(program: Command, io: CliIo, done: Done): void {
  program
    .command('validate')
    .description('check YAML files or directories (default profiles/)')
    .argument('[paths...]', 'files or directories (default profiles/)')
    .addOption(new Option('--format <format>', 'output format').choices(FINDINGS_FORMATS).default('text'))
    .option('--strict', 'warnings fail too (exit 1)')
    .option('-q, --quiet', 'list errors only (warnings still count in the summary)')
    .addHelpText('after', '\nExit codes: 0 valid, 1 error findings (or warnings with --strict), 2 usage or I/O error.')
    .action(async (paths: string[], o: { format: (typeof FINDINGS_FORMATS)[number]; strict?: boolean; quiet?: boolean }) => {
      const { validate } = await import('./commands/validate.js');
      done(await validate({ paths, format: o.format, strict: o.strict === true, quiet: o.quiet === true }, io));
    });
}

function addCompile(program: Command, io: CliIo, done: Done): void {
  program
    .command('compile')
    .description('write the deterministic runtime JSON (nothing is written when there are errors)')
    .argument('[paths...]', 'files or directories (default profiles/)')
    .option('-o, --output <file>', 'target file, written atomically; "-" or omitted: stdout')
    .addOption(new Option('--format <format>', 'output format').choices(['json']).default('json'))
    .addHelpText('after', '\nExit codes: 0 written, 1 error findings (nothing written), 2 usage or I/O error.')
    .action(async (paths: string[], o: { output?: string; format: string }) => {
      const { compile } = await import('./commands/compile.js');
      done(await compile({ paths, format: o.format, ...(o.output !== undefined ? { output: o.output } : {}) }, io));
    });
}

function addExplain(program: Command, io: CliIo, done: Done): void {
  program
    .command('explain')
    .description("show a role's effective settings, each value with its origin")
    .argument('<role>', 'business role name')
    .argument('[paths...]', 'files or directories (default profiles/)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 ok, 1 error findings in the input, 2 unknown role, usage or I/O error.')
    .action(async (role: string, paths: string[], o: { format: 'text' | 'json' }) => {
      const { explain } = await import('./commands/explain.js');
      done(await explain({ role, paths, format: o.format }, io));
    });
}

function addSchema(program: Command, io: CliIo, done: Done): void {
  program
    .command('schema')
    .description('print the JSON Schema of one kind, or of all kinds')
    .argument('[kind]', 'e.g. HeartbeatProfile or heartbeat-profile')
    .action(async (kind: string | undefined) => {
      const { schema } = await import('./commands/schema.js');
      done(await schema(kind !== undefined ? { kind } : {}, io));
    });
}

function addDiff(program: Command, io: CliIo, done: Done): void {
  program
    .command('diff')
    .description('compare two configurations (YAML file/directory or compiled JSON) role by role')
    .argument('<old>', 'YAML file or directory, or a compiled JSON file')
    .argument('<new>', 'YAML file or directory, or a compiled JSON file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nExit codes: 0 no change, 1 changes, 2 usage or I/O error, or error findings in a YAML side (printed; nothing is compared).',
    )
    .action(async (oldPath: string, newPath: string, o: { format: 'text' | 'json' }) => {
      const { diff } = await import('./commands/diff.js');
      done(await diff({ old: oldPath, new: newPath, format: o.format }, io));
    });
}

function addSimulate(program: Command, io: CliIo, done: Done): void {
  program
    .command('simulate')
    .description('deterministic virtual-time run of browsers, CMS and faults against the compiled config')
    .argument('[paths...]', 'files or directories (default profiles/)')
    .requiredOption('--scenario <file>', 'scenario YAML file')
    .option('--seed <n>', 'random seed (same seed, same report)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--html <file>', 'also write an HTML report; "-": print it instead of the text or JSON report')
    .option('--compare <names>', 'comma-separated heartbeat profile names to run side by side')
    .option('--set <field=values>', 'variants of a profile field, e.g. heartbeatLag=30,60,90 (repeatable)', collect, [])
    .option('--max-events <n>', 'work budget: events all runs may process (default 100000000)')
    .option('-q, --quiet', 'no progress output')
    .action(async (paths: string[], o: SimulateFlags) => {
      const { simulateCommand } = await import('./commands/simulate.js');
      done(await simulateCommand(simulateOptions(paths, o), io));
    });
}

function addStart(program: Command, io: CliIo, done: Done): void {
  program
    .command('start')
    .description('run the live supervisor: browser pings over WebSocket, the CMS over TCP, watchdogs and keep-alive engines')
    .argument('[paths...]', 'files or directories (default profiles/)')
    .option('--compiled <file>', 'run the output of hbctl compile instead of YAML')
    .option('--listen <host:port>', 'HTTP and WebSocket address; port 0 picks a free one (default 127.0.0.1:7480)')
    .option('--auth-token-file <file>', 'token agents and operators must present (required beyond loopback)')
    .option('--allow-origin <origin>', 'another origin whose pages may open the agent WebSocket (repeatable)', collect, [])
    .option('--store <url>', 'shared memory: memory (default) or redis://host:port/db (docs/redis.md)')
    .option('--cms <host:port>', 'reach every CMS system at this address instead of its configured endpoints')
    .option('--listener <name=host:port>', 'where a workstation listener listens instead of its compiled address (repeatable)', collect, [])
    .addOption(new Option('--log-format <format>', 'log lines').choices(['json', 'pretty']).default('json'))
    .option('--watch', 'reload when an input file changes (SIGHUP always reloads)')
    .option('--with-cms', 'also run the built-in CMS (hbctl cms) and connect every CMS system to it')
    .option('--calls-per-second <n>', 'with --with-cms: call arrivals per second')
    .option('--browsers <n>', 'also run this many simulated browsers (hbctl browsers) against the supervisor')
    .option('--browsers-role <role>', 'with --browsers: their business role (default: the first role of the configuration by name)')
    .addHelpText('after', '\nSIGHUP (or --watch) recompiles and applies the configuration without dropping sessions; SIGTERM or SIGINT stops within 5 s.\nExit codes: 0 stopped, 1 error findings (not started), 2 usage or I/O error.')
    .action(async (paths: string[], o: Omit<StartCliOptions, 'paths'>) => {
      const { startCommand } = await import('./commands/start.js');
      done(await startCommand({ ...o, paths }, io));
    });
}

function addCms(program: Command, io: CliIo, done: Done): void {
  program
    .command('cms')
    .description('run a built-in CMS over TCP: agent logins, calls routed to ready agents, outages on demand')
    .option('--listen <host:port>', 'address to listen on; port 0 picks a free one', '127.0.0.1:7481')
    .option('--calls-per-second <n>', 'mean call arrivals per second (default 0: no calls)')
    .option('--handle-time <duration>', 'how long an accepted call keeps its agent busy (default 30s)')
    .option('--ring-timeout <duration>', 'an unanswered offer rings out after this: agent not ready, call rerouted (default 20s)')
    .option('--outage-at <duration>', 'start an outage this long after start')
    .option('--outage-for <duration>', 'end that outage after this long (default: until SIGUSR1)')
    .option('--seed <n>', 'random seed for call arrivals (default 1)')
    .option('--max-connections <n>', 'concurrent supervisor connections (default 64)')
    .option('--token-env <name>', 'environment variable holding the token supervisors must send (required beyond loopback)')
    .addHelpText('after', '\nSIGUSR1 starts or ends an outage; SIGTERM or SIGINT stops (exit 0). Protocol: docs/cms-protocol.md.')
    .action(async (o: CmsCliOptions) => {
      const { cmsCommand } = await import('./commands/cms.js');
      done(await cmsCommand(o, io));
    });
}

/** Like `collect`, without a default, so the help shows none and a required option stays required. */
function collectOptional(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function addBrowsers(program: Command, io: CliIo, done: Done): void {
  program
    .command('browsers')
    .description('run simulated agent browsers (WebSocket clients) against supervisors, with faults')
    .requiredOption('--url <urls>', "the supervisor's http:// address; several, comma-separated or repeated: a browser whose supervisor goes away moves to the next", collectOptional)
    .requiredOption('--count <n>', 'number of browsers')
    .option('--role <role[:count]>', 'business role of the browsers, or ROLE:COUNT of them (repeatable; one role without a count takes the rest; default IC_AGENT)', collectOptional)
    .option('--prefix <text>', 'agent id prefix: agent-0001, agent-0002, ... (default agent-)')
    .option('--crash-after <duration>', 'browsers crash this long after the start: no goodbye, connection dropped')
    .option('--crash-count <k>', 'only k browsers crash, chosen with --seed (default all)')
    .option('--freeze-after <duration>', 'browsers freeze this long after the start: no pings, no answers, socket kept open')
    .option('--freeze-for <duration>', 'how long a freeze lasts')
    .option('--freeze-count <k>', 'only k browsers freeze, chosen with --seed (default all)')
    .option('--answer-calls <answer>', 'accept, reject or ignore call offers (default accept)')
    .option('--relogin-after <duration>', 'log in again this long after a log-off the browser did not ask for, or never (default 60s)')
    .option('--spread <duration>', 'logins spread over this long (default the first ping interval)')
    .option('--duration <duration>', 'stop after this long (default: until SIGTERM or SIGINT)')
    .option('--seed <n>', 'random seed: fault victims, login spread, reconnect jitter (default 1)')
    .option('--token-env <name>', "environment variable holding the supervisor's token")
    .option('-q, --quiet', 'print only the summary line')
    .addHelpText('after', '\nOne JSON line per event, then a summary line (docs/browsers.md). SIGTERM or SIGINT: goodbye from every live browser, exit 0.')
    .action(async (o: BrowsersCliOptions) => {
      const { browsersCommand } = await import('./commands/browsers.js');
      done(await browsersCommand(o, io));
    });
}

/** What commander hands the simulate action besides the paths. */
type SimulateFlags = Omit<SimulateCliOptions, 'paths'>;

function simulateOptions(paths: string[], o: SimulateFlags): SimulateCliOptions {
  return {
    paths,
    scenario: o.scenario,
    format: o.format,
    set: o.set,
    quiet: o.quiet === true,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.html !== undefined ? { html: o.html } : {}),
    ...(o.compare !== undefined ? { compare: o.compare } : {}),
    ...(o.maxEvents !== undefined ? { maxEvents: o.maxEvents } : {}),
  };
}

function addWorkstationClient(program: Command, io: CliIo, done: Done): void {
  program
    .command('workstation-client')
    .description('the client side of a workstation listener: calls, -K probes, TPESYSTEM (docs/workstation-protocol.md)')
    .requiredOption('--connect <host:port>', 'the listener to connect to')
    .option('--call-interval <duration>', 'time between calls (default 10s)')
    .addOption(new Option('--keep-alive <mode>', "who probes (default: the listener's -K)").choices(['client', 'handler', 'both', 'none']))
    .option('--calls <n>', 'calls to make, then exit (default: until interrupted)')
    .option('--stop-answering-after <duration>', 'from then on answer no probe and send none, as if vanished')
    .option('--token <token>', "the listener's token (needed beyond loopback)")
    .addOption(new Option('--format <format>', 'one line per event').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 every call ok, 1 a call failed (TPESYSTEM or refused), 2 usage error or listener unreachable.')
    .action(async (o: WorkstationClientCliOptions) => {
      const { workstationClient } = await import('./commands/workstation-client.js');
      done(await workstationClient(o, io));
    });
}
