/**
 * What the packages' own tests need from Node.js itself. `n8n-node lint` lints each package folder
 * whole, tests included, with the rules for shipped node code (no `process`, no `node:` imports), so
 * those tests reach Node.js through here: the test bed is not shipped and not held to those rules.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A line for the test log (request counts, seeds): stdout, not the console, so jest does not decorate it. */
export function report(line: string): void {
	process.stdout.write(`${line}\n`);
}

/** A setting from the environment a test run was started with (e.g. SOAK_SEED). */
export function testSetting(name: string): string | undefined {
	return process.env[name];
}

/** A loopback port where nothing listens (taken, then closed). */
export async function closedPort(): Promise<number> {
	return await new Promise<number>((resolve) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export type LoopbackHandler = http.RequestListener;

export interface LoopbackServer {
	port: number;
	/** `http://127.0.0.1:<port>` */
	origin: string;
	close(): Promise<void>;
}

/** A plain HTTP server on 127.0.0.1 with `handler`, for a test's own peer (a redirect target, a webhook). */
export async function serveOnLoopback(handler: LoopbackHandler): Promise<LoopbackServer> {
	const server = http.createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		port,
		origin: `http://127.0.0.1:${port}`,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface TempFile {
	path: string;
	read(): fs.ReadStream;
	dispose(): void;
}

/** A file of `size` bytes in a fresh temporary folder (deleted by dispose()). */
export function tempFileOfSize(name: string, size: number): TempFile {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'testbed-file-'));
	const file = path.join(folder, name);
	fs.writeFileSync(file, Buffer.alloc(size, 1));
	return {
		path: file,
		read: () => fs.createReadStream(file),
		dispose: () => fs.rmSync(folder, { recursive: true, force: true }),
	};
}
