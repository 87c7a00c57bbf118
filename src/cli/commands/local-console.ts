// `discovery-cli local console [--open]`: the address of the running local cloud's console on
// stdout, and with --open the system's browser on it.
import { spawn } from 'node:child_process';
import type { Command } from 'commander';

export function registerLocalConsole(local: Command, defaultPort: string): void {
  local
    .command('console')
    .description('Print the address of the local console (functions, APIs, tables, keys, the discovery catalog, the call log); --open opens it')
    .option('--state-dir <dir>', 'state folder of the local cloud', '.discovery/local')
    .option('--port <port>', 'port to probe when no server.json is found (default DISCOVERY_LOCAL_PORT or 4577)', defaultPort)
    .option('--open', 'open the console in the default browser')
    .action(async (flags: { stateDir: string; port: string; open?: boolean }) => {
      const { checkHealth, readServerInfo } = await import('../../local/daemon.js');
      const info = readServerInfo(flags.stateDir);
      const base = info?.url ?? `http://127.0.0.1:${Number(flags.port)}`;
      if (!(await checkHealth(base))) {
        throw new Error(`no local cloud answers ${base}/_local/health. Fix: start it with \`npx discovery-cli local start --detach\` (or deploy --local), then run this again.`);
      }
      const url = `${base}/_local/console`;
      process.stdout.write(`${url}\n`);
      if (flags.open) openInBrowser(url);
    });
}

/** Hands the address to the desktop's opener; the CLI does not wait for the browser. */
function openInBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (err) => process.stderr.write(`could not open a browser (${command}: ${err.message}); open ${url} yourself.\n`));
  child.unref();
}
