/**
 * One queue-mode n8n for a test file: a private PostgreSQL and Redis (tooling/services), main + 2
 * workers each with the packed package installed in its own user folder, the owner signed in.
 */
import * as n8n from '../../tooling/n8n';
import { startQueueServices, type QueueServices } from '../../tooling/services';

export interface Cluster {
	services: QueueServices;
	queue: n8n.N8nQueue;
	rest: n8n.N8nRest;
	/** the CLI options that reach this cluster's database (`n8n import:*` against main's folder) */
	cli: n8n.CommandOptions;
	/** seconds: services, n8n main + workers */
	startSeconds: { services: number; n8n: number };
	stop(): Promise<void>;
}

export async function startCluster(label: string, workers = 2): Promise<Cluster> {
	const services = await startQueueServices();
	try {
		const database = await services.postgres.createDatabase(`n8n_${label}`);
		const userFolders = await Promise.all(Array.from({ length: workers + 1 }, (_, i) => n8n.makeE2eUserFolder(`queue-${label}-${i === 0 ? 'main' : `worker${i}`}`)));
		const t0 = Date.now();
		const queue = await n8n.startN8nQueue({ backend: { postgres: { ...services.postgres, database }, redis: services.redis }, userFolders });
		const startSeconds = { services: services.startSeconds, n8n: (Date.now() - t0) / 1000 };
		process.stdout.write(`\n[queue] ${label}: PostgreSQL + Redis started in ${startSeconds.services.toFixed(1)} s, n8n main + ${workers} workers in ${startSeconds.n8n.toFixed(1)} s\n`);
		const rest = new n8n.N8nRest(queue.main.url);
		await rest.ensureOwnerAndLogin();
		return {
			services,
			queue,
			rest,
			cli: { extraEnv: queue.env },
			startSeconds,
			async stop() {
				await queue.stop();
				await services.stop();
				n8n.removeE2eUserFolders();
			},
		};
	} catch (err) {
		await services.stop();
		n8n.removeE2eUserFolders();
		throw err;
	}
}
