/**
 * A private Redis (Debian's redis-server, testbed/services/install.sh) for n8n's queue mode
 * (Bull's job queue and n8n's pub/sub): 127.0.0.1:<port> only, nothing saved to disk.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { INSTALL_HINT } from './postgres';
import {
	LOOPBACK,
	assertPortFree,
	probe,
	spawnService,
	temporaryFolder,
	type ServiceProcess,
} from './service';

const SERVICE = 'Redis';

/** Resolves when a Redis server answers PING at host:port; a ServiceUnreachableError otherwise. */
export function checkRedis(host: string, port: number, timeoutMs?: number): Promise<void> {
	// +PONG, or -NOAUTH/-ERR from a Redis that wants a password: either way Redis answers.
	return probe(
		SERVICE,
		host,
		port,
		Buffer.from('PING\r\n'),
		(a) => /^(\+PONG|-NOAUTH|-ERR)/.test(a.toString('latin1')),
		timeoutMs,
	);
}

function redisServerBin(): string {
	try {
		return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error(`${SERVICE} is not installed (no redis-server on PATH). ${INSTALL_HINT}`);
	}
}

export interface RedisServer extends ServiceProcess {
	host: string;
}

/** redis-server on 127.0.0.1:<port>, working folder a fresh temporary one, no snapshots. */
export async function startRedis({
	port,
	readyTimeoutMs = 30000,
}: {
	port: number;
	readyTimeoutMs?: number;
}): Promise<RedisServer> {
	const bin = redisServerBin();
	await assertPortFree(SERVICE, port);
	const dir = temporaryFolder('n8n-queue-redis-');
	const args = [
		'--port',
		String(port),
		'--bind',
		LOOPBACK,
		'--dir',
		dir,
		'--pidfile',
		path.join(dir, 'redis.pid'),
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
		'--protected-mode',
		'yes',
	];
	const server = await spawnService({
		service: SERVICE,
		cmd: bin,
		args,
		port,
		dir,
		readyLine: /Ready to accept connections/,
		ready: () => checkRedis(LOOPBACK, port),
		stopSignal: 'SIGTERM',
		readyTimeoutMs,
	});
	return { ...server, host: LOOPBACK };
}
