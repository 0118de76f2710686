/**
 * testbed/services: a private PostgreSQL and Redis start on loopback ports with their data in
 * temporary folders and are gone after stop(); bad set-up (a port taken, a server not reachable or
 * not the expected one) gets a message that says what is wrong.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import * as n8n from '../n8n';
import { PORT_RANGES, findFreePort, isPortFree, startN8nQueue, trackedPids } from '../n8n';
import {
	PortTakenError,
	SERVICES_DIR_ENV,
	ServiceUnreachableError,
	checkPostgres,
	checkRedis,
	startPostgres,
	startQueueServices,
	startRedis,
	stopLeftoverServices,
	type QueueServices,
} from '../services';

/** A plain TCP server on a free port: "another program". */
async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
	const port = await findFreePort(...PORT_RANGES.services);
	const srv = net.createServer((s) => s.end());
	await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
	return { port, close: () => new Promise((resolve) => srv.close(() => resolve())) };
}

test('PostgreSQL and Redis start, answer, and leave nothing behind after stop()', async () => {
	const services = await startQueueServices();
	try {
		await checkServices(services);
	} finally {
		await services.stop();
	}
	const { postgres, redis } = services;
	expect(postgres.exited()).not.toBeNull();
	expect(redis.exited()).not.toBeNull();
	expect(fs.existsSync(postgres.dir) || fs.existsSync(redis.dir)).toBe(false);
	expect(await isPortFree(postgres.port)).toBe(true);
	expect(await isPortFree(redis.port)).toBe(true);
	await expect(checkPostgres(postgres.host, postgres.port)).rejects.toThrow(
		/PostgreSQL is not reachable at 127\.0\.0\.1:\d+ \(connection refused: nothing listens there\)/,
	);
	await expect(checkRedis(redis.host, redis.port)).rejects.toThrow(ServiceUnreachableError);
});

test("servers a test file left running are stopped by the suite's teardown (stopLeftoverServices)", async () => {
	const previous = process.env[SERVICES_DIR_ENV];
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-leftover-'));
	process.env[SERVICES_DIR_ENV] = root;
	let services: QueueServices | undefined;
	try {
		services = await startQueueServices();
	} finally {
		process.env[SERVICES_DIR_ENV] = previous;
	}
	const { postgres, redis } = services;
	const pids = await stopLeftoverServices(root);
	expect(pids.sort()).toEqual([postgres.pid, redis.pid].sort());
	await n8n.waitFor(
		'both servers to exit',
		() => (postgres.exited() && redis.exited() ? true : undefined),
		10000,
	);
	expect(fs.existsSync(root)).toBe(false);
	await services.stop(); // nothing left to do
});

/** What the first test checks while the servers run. */
async function checkServices({ postgres, redis, startSeconds }: QueueServices): Promise<void> {
	process.stdout.write(`\n[queue] PostgreSQL + Redis started in ${startSeconds.toFixed(1)} s\n`);
	await checkPostgres(postgres.host, postgres.port);
	await checkRedis(redis.host, redis.port);
	await expect(postgres.createDatabase('n8n_check')).resolves.toBe('n8n_check');
	// Each is only what it is: the other's probe fails with a message naming the service.
	await expect(checkRedis(postgres.host, postgres.port)).rejects.toThrow(
		/Redis is not reachable at 127\.0\.0\.1:\d+ \(the connection was closed without an answer\)/,
	);
	await expect(checkPostgres(redis.host, redis.port, 1000)).rejects.toThrow(
		/PostgreSQL is not reachable at 127\.0\.0\.1:\d+ \(no answer within 1 s\)/,
	);

	// n8n in queue mode is not started when one of them does not answer.
	const closed = await findFreePort(...PORT_RANGES.services, [postgres.port, redis.port]);
	const backend = (pgPort: number, redisPort: number) => ({
		postgres: {
			host: postgres.host,
			port: pgPort,
			user: postgres.user,
			password: postgres.password,
			database: 'postgres',
		},
		redis: { host: redis.host, port: redisPort },
	});
	// Never created: startN8nQueue() checks the services before it starts anything.
	const unusedFolders = [
		path.join(os.tmpdir(), 'n8n-queue-unused-main'),
		path.join(os.tmpdir(), 'n8n-queue-unused-worker'),
	];
	const before = trackedPids().length;
	await expect(
		startN8nQueue({ backend: backend(closed, redis.port), userFolders: unusedFolders }),
	).rejects.toThrow(
		`PostgreSQL is not reachable at 127.0.0.1:${closed} (connection refused: nothing listens there).`,
	);
	await expect(
		startN8nQueue({ backend: backend(postgres.port, closed), userFolders: unusedFolders }),
	).rejects.toThrow(
		`Redis is not reachable at 127.0.0.1:${closed} (connection refused: nothing listens there).`,
	);
	expect(trackedPids()).toHaveLength(before);
	expect(unusedFolders.filter((f) => fs.existsSync(f))).toEqual([]);
	expect(fs.existsSync(postgres.dir) && fs.existsSync(redis.dir)).toBe(true);
}

test.each([
	['PostgreSQL', (port: number) => startPostgres({ port })],
	['Redis', (port: number) => startRedis({ port })],
])('%s on a port another program uses: a clear error, nothing started', async (service, start) => {
	const other = await occupyPort();
	const dataFolders = () =>
		fs
			.readdirSync(process.env[SERVICES_DIR_ENV] || os.tmpdir())
			.filter((f) => f.startsWith('n8n-queue-'))
			.sort();
	const before = dataFolders();
	try {
		const err: unknown = await start(other.port).catch((e: unknown) => e);
		expect(dataFolders()).toEqual(before);
		expect(err).toBeInstanceOf(PortTakenError);
		expect(String(err)).toContain(
			`${service} cannot listen on 127.0.0.1:${other.port}: another program already uses that port`,
		);
	} finally {
		await other.close();
	}
});
