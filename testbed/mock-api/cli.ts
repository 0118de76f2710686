/**
 * Run the loopback mock API by hand (or as a child process of other tooling, which reads the
 * "listening on http://127.0.0.1:PORT" line):
 *   node -r ./testbed/register.js testbed/mock-api/cli.ts [--port 4010] [--videos 40] [--folders 15] [--seed 1]
 *        [--legacy] [--qps 5] [--qps-response code|http] [--latency 0] [--auto-process SECONDS]
 */
import { createMockApi } from './index';
import type { QpsResponse } from './types';

const USAGE = `Usage: node -r ./testbed/register.js testbed/mock-api/cli.ts [options]
  --port N             port on 127.0.0.1 (default 4010, 0 = any free port)
  --videos N           seeded Memories.ai videos (default 40)
  --folders N          seeded HeyGen and Konpro folders, each (default 15)
  --seed N             dataset seed (default 1)
  --legacy             Memories.ai legacy wire format (numbers as strings, cause "null")
  --qps N              Memories.ai rate limit per key and second (default off)
  --qps-response R     code (HTTP 200 + code 0429, default) or http (HTTP 429 + Retry-After)
  --latency MS         delay every response (default 0)
  --auto-process S     UNPARSE videos finish S seconds after upload (~20% FAILED), and a new
                       UNPARSE video is uploaded every S seconds
  --help`;

interface CliArgs {
	port: number;
	videos: number;
	folders: number;
	seed: number;
	legacy: boolean;
	qps: number | null;
	qpsResponse: QpsResponse;
	latency: number;
	autoProcess: number | null;
}

function parseArgs(argv: readonly string[]): CliArgs {
	const out: CliArgs = {
		port: 4010,
		videos: 40,
		folders: 15,
		seed: 1,
		legacy: false,
		qps: null,
		qpsResponse: 'code',
		latency: 0,
		autoProcess: null,
	};
	const num = (name: string, value: string | undefined): number => {
		const n = Number(value);
		if (value === undefined || value === '' || !Number.isFinite(n) || n < 0) {
			throw new Error(`--${name} needs a non-negative number`);
		}
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		// Both "--port 4010" and "--port=4010".
		const eq = arg.indexOf('=');
		const flag = eq === -1 ? arg : arg.slice(0, eq);
		const inline = eq === -1 ? undefined : arg.slice(eq + 1);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				out.port = num('port', value());
				break;
			case '--videos':
				out.videos = num('videos', value());
				break;
			case '--folders':
				out.folders = num('folders', value());
				break;
			case '--seed':
				out.seed = num('seed', value());
				break;
			case '--legacy':
				out.legacy = true;
				break;
			case '--qps':
				out.qps = num('qps', value());
				break;
			case '--qps-response': {
				const v = value();
				if (v !== 'code' && v !== 'http') throw new Error('--qps-response must be code or http');
				out.qpsResponse = v;
				break;
			}
			case '--latency':
				out.latency = num('latency', value());
				break;
			case '--auto-process':
				out.autoProcess = num('auto-process', value());
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${arg}`);
		}
	}
	return out;
}

async function main(): Promise<void> {
	let args: CliArgs;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (err) {
		console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
		process.exit(2);
	}
	const mock = await createMockApi({
		port: args.port,
		seed: args.seed,
		videos: Math.floor(args.videos),
		folders: Math.floor(args.folders),
		legacy: args.legacy,
		latencyMs: args.latency,
		qpsLimit: args.qps || null,
		qpsResponse: args.qpsResponse,
		autoProcessMs: args.autoProcess ? args.autoProcess * 1000 : null,
	});
	const a = `${mock.url}/__admin`;
	console.log(`Mock AI-video API listening on ${mock.url}

  Service      Base URL                                   API key
  Memories.ai  ${mock.baseUrls.memoriesAi.padEnd(42)} ${mock.keys.memoriesAi}   (header Authorization: <key>)
  HeyGen       ${mock.baseUrls.heyGen.padEnd(42)} ${mock.keys.heyGen}    (header x-api-key)
  Konpro       ${mock.baseUrls.konpro.padEnd(42)} ${mock.keys.konpro}    (header x-api-key)

  Dataset: ${mock.memories.videos.length} videos, ${mock.heyGen.folders.length} HeyGen + ${mock.konpro.folders.length} Konpro folders, seed ${args.seed}${args.legacy ? ', legacy format' : ''}${args.qps ? `, qps limit ${args.qps} (${args.qpsResponse})` : ''}${args.latency ? `, latency ${args.latency} ms` : ''}
  Auto-process: ${args.autoProcess ? `every ${args.autoProcess} s (UNPARSE -> PARSE/FAILED, plus one new upload)` : 'off'}

  Admin (no auth):
    GET    ${a}/state
    GET    ${a}/requests?service=memoriesAi&path=list_videos
    POST   ${a}/reset-counters
    POST   ${a}/memories/videos                    {"video_name":"demo","status":"UNPARSE"}
    POST   ${a}/memories/videos/<video_no>/status  {"status":"PARSE"}   or {"status":"FAILED","cause":"..."}
    DELETE ${a}/memories/videos/<video_no>
    POST   ${a}/fault                              {"service":"memoriesAi","type":"http","status":503,"retryAfter":1}
    POST   ${a}/clear-faults
    POST   ${a}/clock                              {"advance":60000} or {"set":1754000000000}
    POST   ${a}/options                            {"legacy":true,"latencyMs":200,"qpsLimit":5,"autoProcessMs":10000}

Ctrl+C to stop.`);

	let stopping = false;
	const stop = async (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping mock API`);
		await mock.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
