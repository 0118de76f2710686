/**
 * tooling/services: a private PostgreSQL and Redis start on loopback ports with their data in
 * temporary folders and are gone after stop(); bad set-up (a port taken, a server not reachable or
 * not the expected one) gets a message that says what is wrong.
 */
import fs from 'node:fs';
import net from 'node:net';

import { PORT_RANGES, findFreePort, isPortFree } from '../../tooling/n8n';
import { PortTakenError, ServiceUnreachableError, checkPostgres, checkRedis, startPostgres, startQueueServices, startRedis } from '../../tooling/services';

/** A plain TCP server on a free port: "another program". */
async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
	const port = await findFreePort(...PORT_RANGES.services);
	const srv = net.createServer((s) => s.end());
	await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
	return { port, close: () => new Promise((resolve) => srv.close(() => resolve())) };
}

test('PostgreSQL and Redis start, answer, and leave nothing behind after stop()', async () => {
	const services = await startQueueServices();
	const { postgres, redis } = services;
	process.stdout.write(`\n[queue] PostgreSQL + Redis started in ${services.startSeconds.toFixed(1)} s\n`);
	await checkPostgres(postgres.host, postgres.port);
	await checkRedis(redis.host, redis.port);
	await expect(postgres.createDatabase('n8n_check')).resolves.toBe('n8n_check');
	// Each is only what it is: the other's probe fails with a message naming the service.
	await expect(checkRedis(postgres.host, postgres.port)).rejects.toThrow(/Redis is not reachable at 127\.0\.0\.1:\d+/);
	await expect(checkPostgres(redis.host, redis.port)).rejects.toThrow(/PostgreSQL is not reachable at 127\.0\.0\.1:\d+/);
	expect(fs.existsSync(postgres.dir) && fs.existsSync(redis.dir)).toBe(true);

	await services.stop();
	expect(postgres.exited()).not.toBeNull();
	expect(redis.exited()).not.toBeNull();
	expect(fs.existsSync(postgres.dir) || fs.existsSync(redis.dir)).toBe(false);
	expect(await isPortFree(postgres.port)).toBe(true);
	expect(await isPortFree(redis.port)).toBe(true);
	await expect(checkPostgres(postgres.host, postgres.port)).rejects.toThrow(/PostgreSQL is not reachable at 127\.0\.0\.1:\d+ \(connection refused: nothing listens there\)/);
	await expect(checkRedis(redis.host, redis.port)).rejects.toThrow(ServiceUnreachableError);
});

test.each([
	['PostgreSQL', (port: number) => startPostgres({ port })],
	['Redis', (port: number) => startRedis({ port })],
])('%s on a port another program uses: a clear error, nothing started', async (service, start) => {
	const other = await occupyPort();
	try {
		const err: unknown = await start(other.port).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(PortTakenError);
		expect(String(err)).toContain(`${service} cannot listen on 127.0.0.1:${other.port}: another program already uses that port`);
	} finally {
		await other.close();
	}
});
