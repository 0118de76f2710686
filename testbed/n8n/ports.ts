/**
 * Free TCP ports on 127.0.0.1, and who uses which range so that suites running at the same time
 * rarely collide: `npm start` takes n8n on 5678 (or --port) and its task broker in the 200 ports above.
 */
import net from 'node:net';

export type PortRange = readonly [from: number, to: number];

export const PORT_RANGES = Object.freeze({
	/** n8n servers of the e2e tests */
	e2eN8n: [5700, 5799] as PortRange,
	/** task-runner brokers of the e2e tests (servers and CLI commands); the default of n8nCli() */
	e2eBroker: [5800, 5899] as PortRange,
	/** task-runner brokers of the benchmark's CLI commands, away from `npm start` and the e2e tests */
	benchBroker: [6400, 6999] as PortRange,
	/** the queue-mode tests' private PostgreSQL and Redis (testbed/services) */
	services: [6100, 6199] as PortRange,
	/** the queue-mode tests' n8n workers: health-check servers and task-runner brokers */
	queueWorkers: [6200, 6399] as PortRange,
});

/** Resolves true when nothing listens on host:port (we can bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

/** First free port in [from, to] not in `exclude`. */
export async function findFreePort(
	from: number,
	to: number,
	exclude: readonly number[] = [],
): Promise<number> {
	// Start at a random offset so concurrent runs (e.g. two jest workers) rarely collide.
	const span = to - from + 1;
	const offset = Math.floor(Math.random() * span);
	for (let i = 0; i < span; i++) {
		const port = from + ((offset + i) % span);
		if (exclude.includes(port)) continue;
		if (await isPortFree(port)) return port;
	}
	throw new Error(`No free TCP port between ${from} and ${to} on 127.0.0.1.`);
}
