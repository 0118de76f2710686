/**
 * The services n8n's queue mode needs beside it: PostgreSQL (the shared database) and Redis (the
 * job queue), each private to one run — on a free loopback port, data in a temporary folder,
 * stopped (and the folder removed) by stop(), or at the latest when this process exits.
 *
 *   install.sh   Debian's postgresql + redis-server, when missing (apt-get; idempotent)
 *   service.ts   start-up, stop, port and reachability checks with clear errors
 *   postgres.ts  initdb + postgres (as a system user when we are root)
 *   redis.ts     redis-server without persistence
 */
import path from 'node:path';

import { PORT_RANGES, findFreePort } from '../n8n/ports';
import { run, tail } from '../n8n/process';
import { startPostgres, type PostgresServer } from './postgres';
import { startRedis, type RedisServer } from './redis';

export * from './service';
export * from './postgres';
export * from './redis';

/** `bash testbed/services/install.sh`: installs what is missing, does nothing otherwise. */
export async function installServices(): Promise<void> {
	const res = await run('bash', [path.join(__dirname, 'install.sh')], {
		timeoutMs: 10 * 60 * 1000,
	});
	if (res.code !== 0)
		throw new Error(
			`Installing PostgreSQL and Redis failed (exit ${res.code}):\n${tail(res.stdout + res.stderr, 20)}`,
		);
}

export interface QueueServices {
	postgres: PostgresServer;
	redis: RedisServer;
	/** seconds both took to start */
	startSeconds: number;
	stop(): Promise<void>;
}

/** PostgreSQL and Redis on free ports of PORT_RANGES.services; stops the first when the second fails. */
export async function startQueueServices(): Promise<QueueServices> {
	const t0 = Date.now();
	const pgPort = await findFreePort(...PORT_RANGES.services);
	const postgres = await startPostgres({ port: pgPort });
	let redis: RedisServer;
	try {
		redis = await startRedis({ port: await findFreePort(...PORT_RANGES.services, [pgPort]) });
	} catch (err) {
		await postgres.stop();
		throw err;
	}
	return {
		postgres,
		redis,
		startSeconds: (Date.now() - t0) / 1000,
		async stop() {
			await Promise.all([redis.stop(), postgres.stop()]);
		},
	};
}
