/**
 * A private PostgreSQL (Debian's postgresql-15, testbed/services/install.sh) for n8n's queue mode:
 * a fresh cluster in a temporary folder, listening only on 127.0.0.1:<port>, one password user.
 * PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` system
 * user (or `nobody`) through setpriv, which execs in place, so the pid we track is the server's.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { run, tail } from '../n8n/process';
import {
	LOOPBACK,
	assertPortFree,
	probe,
	spawnService,
	temporaryFolder,
	type ServiceProcess,
} from './service';

const SERVICE = 'PostgreSQL';
export const INSTALL_HINT =
	'Install it with `bash testbed/services/install.sh` (Debian packages postgresql and redis-server).';

/** The newest /usr/lib/postgresql/<major>/bin (Debian's layout), or PG_BIN_DIR. */
export function postgresBinDir(): string {
	if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'postgres')))
		: [];
	if (majors.length === 0)
		throw new Error(
			`${SERVICE} is not installed (no ${root}/<version>/bin/postgres). ${INSTALL_HINT}`,
		);
	return path.join(root, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** uid/gid of the first of `names` in /etc/passwd. */
function systemUser(names: readonly string[]): { name: string; uid: number; gid: number } {
	const lines = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
	for (const name of names) {
		const f = lines.find((l) => l.startsWith(`${name}:`))?.split(':');
		if (f) return { name, uid: Number(f[2]), gid: Number(f[3]) };
	}
	throw new Error(
		`${SERVICE} does not run as root, and none of the users ${names.join(', ')} exists to run it.`,
	);
}

/** An answer to PostgreSQL's SSLRequest is one byte: 'S' or 'N'. Anything else is another program. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Resolves when a PostgreSQL server answers at host:port; a ServiceUnreachableError otherwise. */
export function checkPostgres(host: string, port: number, timeoutMs?: number): Promise<void> {
	return probe(
		SERVICE,
		host,
		port,
		SSL_REQUEST,
		(a) => a.length === 1 && (a[0] === 0x53 || a[0] === 0x4e),
		timeoutMs,
	);
}

export interface PostgresServer extends ServiceProcess {
	host: string;
	user: string;
	password: string;
	/** CREATE DATABASE; resolves its name */
	createDatabase(name: string): Promise<string>;
}

export interface StartPostgresOptions {
	port: number;
	/** default 60 s */
	readyTimeoutMs?: number;
}

/** initdb + postgres on 127.0.0.1:<port> with its data in a fresh temporary folder. */
export async function startPostgres({
	port,
	readyTimeoutMs = 60000,
}: StartPostgresOptions): Promise<PostgresServer> {
	const bin = postgresBinDir();
	// Before initdb, which takes a while.
	await assertPortFree(SERVICE, port);
	const dir = temporaryFolder('n8n-queue-pg-');
	const dataDir = path.join(dir, 'data');
	const user = 'n8n';
	const password = randomBytes(12).toString('hex');
	const pwFile = path.join(dir, 'pw');
	fs.writeFileSync(pwFile, password, { mode: 0o600 });
	let asUser: string[] = [];
	if (process.getuid?.() === 0) {
		const u = systemUser(['postgres', 'nobody']);
		fs.chownSync(dir, u.uid, u.gid);
		fs.chownSync(pwFile, u.uid, u.gid);
		asUser = ['setpriv', `--reuid=${u.uid}`, `--regid=${u.gid}`, '--clear-groups', '--'];
	}
	const cmd = (exe: string, args: string[]) =>
		(asUser.length
			? [asUser[0], [...asUser.slice(1), path.join(bin, exe), ...args]]
			: [path.join(bin, exe), args]) as [string, string[]];

	const init = await run(
		...cmd('initdb', [
			'-D',
			dataDir,
			'-U',
			user,
			`--pwfile=${pwFile}`,
			'--auth=scram-sha-256',
			'-E',
			'UTF8',
			'--locale=C',
			'--no-sync',
		]),
		{
			cwd: dir,
			timeoutMs: 120000,
		},
	);
	if (init.code !== 0) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(
			`${SERVICE}'s initdb failed (exit ${init.code}):\n${tail(init.stdout + init.stderr, 20)}`,
		);
	}
	// Throwaway data: no fsync; the socket in our folder (the system's /run/postgresql may not exist).
	const settings = [
		`listen_addresses=${LOOPBACK}`,
		`unix_socket_directories=${dir}`,
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
		'max_connections=60',
	];
	const [exe, args] = cmd('postgres', [
		'-D',
		dataDir,
		'-p',
		String(port),
		...settings.flatMap((s) => ['-c', s]),
	]);
	const server = await spawnService({
		service: SERVICE,
		cmd: exe,
		args,
		port,
		dir,
		readyLine: /ready to accept connections/,
		ready: () => checkPostgres(LOOPBACK, port),
		// SIGINT: "fast shutdown" (SIGTERM would wait for every client to disconnect)
		stopSignal: 'SIGINT',
		readyTimeoutMs,
	});
	return {
		...server,
		host: LOOPBACK,
		user,
		password,
		async createDatabase(name) {
			if (!/^[a-z_][a-z0-9_]*$/.test(name))
				throw new Error(`Database name "${name}": use lowercase letters, digits and _ only.`);
			const res = await run(
				path.join(bin, 'psql'),
				[
					'-h',
					LOOPBACK,
					'-p',
					String(port),
					'-U',
					user,
					'-d',
					'postgres',
					'-v',
					'ON_ERROR_STOP=1',
					'-qc',
					`CREATE DATABASE ${name}`,
				],
				{
					env: { ...process.env, PGPASSWORD: password },
					timeoutMs: 30000,
				},
			);
			if (res.code !== 0)
				throw new Error(`${SERVICE}: CREATE DATABASE ${name} failed: ${res.stderr.trim()}`);
			return name;
		},
	};
}
