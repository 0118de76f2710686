/**
 * Loopback servers that misbehave the way real proxies, gateways and vendors do: redirect
 * elsewhere, answer HTML error pages, commit a write and then drop the connection, trickle bytes,
 * send gzip bombs, hand out page tokens forever, echo the request headers. Each records every
 * request it receives (headers and body), so a test can prove what reached it and what did not.
 *
 * A server runs one `Behaviour` per request; `forward()` passes the request on to an upstream (the
 * mock API) and returns its answer, so "the server did the work, then failed" is real state.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

export interface HostileRequest {
	method: string;
	/** Path and query, as received. */
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface Upstream {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

export interface Exchange {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	request: HostileRequest;
	/** 0 for the first request this server received. */
	index: number;
	/** Sends the request to the upstream (the path is appended to it) and returns its answer. */
	forward(): Promise<Upstream>;
}

export type Behaviour = (exchange: Exchange) => void | Promise<void>;

export interface HostileServer {
	/** http://127.0.0.1:<port> */
	url: string;
	host: string;
	requests: HostileRequest[];
	close(): Promise<void>;
}

export async function hostileServer(
	behaviour: Behaviour,
	options: { upstream?: string } = {},
): Promise<HostileServer> {
	const requests: HostileRequest[] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request: HostileRequest = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString(),
			};
			const index = requests.push(request) - 1;
			const forward = async () => {
				if (options.upstream === undefined) throw new Error('hostile: no upstream configured');
				return await send(`${options.upstream}${request.url}`, request);
			};
			Promise.resolve(behaviour({ req, res, request, index, forward })).catch((error: unknown) => {
				res.destroy(error instanceof Error ? error : undefined);
			});
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** One plain HTTP exchange (Node's client, no n8n): what a forwarding proxy does. */
async function send(url: string, request: HostileRequest): Promise<Upstream> {
	const headers = { ...request.headers };
	delete headers.host;
	delete headers['content-length'];
	return await new Promise((resolve, reject) => {
		const outgoing = http.request(url, { method: request.method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
			);
			res.on('error', reject);
		});
		outgoing.on('error', reject);
		outgoing.end(request.body === '' ? undefined : request.body);
	});
}

/** Answers with a redirect to `location` (absolute, or resolved by the client against the request). */
export const redirectTo =
	(location: string | ((exchange: Exchange) => string), status = 302): Behaviour =>
	(exchange) => {
		exchange.res
			.writeHead(status, { location: typeof location === 'string' ? location : location(exchange) })
			.end();
	};

/** An nginx-style error page, as gateways and CDNs send it. */
export const NGINX_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export function htmlError(
	res: http.ServerResponse,
	status: number,
	headers: http.OutgoingHttpHeaders = {},
): void {
	res
		.writeHead(status, { 'content-type': 'text/html', ...headers })
		.end(NGINX_502.replace(/502 Bad Gateway/g, `${status} ${http.STATUS_CODES[status]}`));
}

/**
 * Passes the request on, then, instead of the answer: a reset socket, a 502 page, an HTTP 200 that
 * is not JSON (a captive portal or a broken proxy), or the answer after `lateMs`.
 */
export const commitThen =
	(failure: 'reset' | '502' | 'garbage' | { lateMs: number }, times = 1): Behaviour =>
	async (exchange) => {
		const answer = await exchange.forward();
		const failing = exchange.request.method === 'POST' && exchange.index < 100 && times-- > 0;
		if (!failing)
			return void exchange.res
				.writeHead(answer.status, { 'content-type': 'application/json' })
				.end(answer.body);
		if (failure === 'reset') return void exchange.res.socket?.resetAndDestroy();
		if (failure === '502') return htmlError(exchange.res, 502);
		if (failure === 'garbage')
			return void exchange.res
				.writeHead(200, { 'content-type': 'text/html' })
				.end('<html>OK</html>');
		await new Promise((resolve) => setTimeout(resolve, failure.lateMs));
		if (!exchange.res.destroyed)
			exchange.res
				.writeHead(answer.status, { 'content-type': 'application/json' })
				.end(answer.body);
	};

/** Accepts the request and never answers. */
export const silent: Behaviour = () => {};

/** Sends the headers, then one byte every `intervalMs`, forever (the socket is never idle). */
export const trickle =
	(intervalMs: number): Behaviour =>
	({ res }) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.write('{"data":{"folders":[');
		const timer = setInterval(
			() => (res.destroyed ? clearInterval(timer) : res.write(' ')),
			intervalMs,
		);
		res.on('close', () => clearInterval(timer));
	};

/**
 * A gzip response of about `compressedBytes / 1000` MB that inflates to `inflatedMb` MB of spaces
 * (concatenated gzip members of 1 MB each: valid gzip, decoded member after member).
 */
export const gzipBomb = (inflatedMb: number): Behaviour => {
	const member = zlib.gzipSync(Buffer.alloc(1024 * 1024, ' '), { level: 9 });
	return ({ res }) => {
		res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
		res.write('');
		let sent = 0;
		const pump = () => {
			while (sent < inflatedMb) {
				sent++;
				if (!res.write(member)) return void res.once('drain', pump);
			}
			res.end();
		};
		res.on('close', () => (sent = inflatedMb));
		pump();
	};
};

/**
 * HeyGen-shaped folder pages of `perPage` folders, each with a fresh next-page token; the page after
 * `stopAfter` pages is the last (so an unbounded client ends, with a wrong answer, instead of never).
 */
export const endlessTokens =
	(perPage = 100, stopAfter = 5000): Behaviour =>
	({ res, index }) => {
		const folders = Array.from({ length: perPage }, (_, i) => ({
			id: `f${index}-${i}`,
			name: `Folder ${index}-${i}`,
			parent_id: null,
		}));
		const token = index + 1 < stopAfter ? `token-${index + 1}` : null;
		res
			.writeHead(200, { 'content-type': 'application/json' })
			.end(JSON.stringify({ error: null, data: { folders, token } }));
	};

/**
 * Answers `status` with the request's headers echoed after `pad` characters, as some proxies' error
 * pages do: as plain text, or as the `code` and `message` of a JSON error (a gateway's envelope).
 */
export const echoHeaders =
	(options: { status?: number; pad?: number; format?: 'text' | 'json' } = {}): Behaviour =>
	({ res, request }) => {
		const echoed = Object.entries(request.headers)
			.map(([name, value]) => `${name}: ${String(value)}`)
			.join('; ');
		const text = `${'.'.repeat(options.pad ?? 0)}${echoed}`;
		const json = options.format === 'json';
		res.writeHead(options.status ?? 400, {
			'content-type': json ? 'application/json' : 'text/plain',
		});
		res.end(json ? JSON.stringify({ code: text, message: text }) : text);
	};
