/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, started on loopback at a
 * free port, stopped and removed by `stop()`. Uses the server binaries of the Debian package
 * (`.ci/run` installs it; PULLCHECK_REQUIRE_POSTGRES=1 there makes a missing server a failure,
 * not a skip). PostgreSQL refuses to run as root, so as root the server runs as `postgres`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder holding initdb, pg_ctl and postgres; null when no server is installed. */
export function postgresBinaries(): string | null {
  const fromPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
    fromPath.status === 0 ? fromPath.stdout.trim() : '',
    ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`) : []),
  ];
  return candidates.find((dir) => dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  port: number;
  /** Runs SQL (a file with -f, or a command) through psql; returns stdout. PGTZ is UTC. */
  psql(args: string[]): string;
  stop(): void;
}

export async function startCluster(bin: string): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const asServer = (command: string, args: string[]): string[] => (asRoot ? ['runuser', '-u', 'postgres', '--', join(bin, command), ...args] : [join(bin, command), ...args]);
  const run = (argv: string[]): void => {
    execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  run(asServer('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']));
  const port = await freePort();
  run(asServer('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`, 'start']));
  const psqlBinary = existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
  return {
    port,
    psql: (args) =>
      execFileSync(psqlBinary, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', ...args], {
        encoding: 'utf8',
        env: { ...process.env, PGTZ: 'UTC' },
        maxBuffer: 256 * 1024 * 1024,
      }),
    stop: () => {
      const [command, ...args] = asServer('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      spawnSync(command!, args);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
