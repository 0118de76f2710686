/**
 * Where things are: the repository, the real n8n under test (n8n-installs/<version>/), the Node.js
 * that runs it, and the hook that runs the TypeScript tooling.
 *
 * Each n8n-installs/<version>/package.json is the manifest of one n8n the tooling can run: its
 * `dependencies` (n8n, pinned by the lockfile beside it), optionally `engines.node` (an exact
 * Node.js version, installed from the npm registry into n8n-installs/node-<version>/ when it is not
 * the one running the tooling) and `n8nEnv` (settings every n8n process of that install gets).
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The test bed: mock API, harness, this driver, suites, benchmarks and the n8n installs. */
export const TESTBED = path.join(ROOT, 'testbed');
export const N8N_INSTALLS = path.join(TESTBED, 'n8n-installs');
/** The product: one npm package per service, each built, packed and installed on its own. */
export const PACKAGES_DIR = path.join(ROOT, 'packages');
export const PACKAGE_NAMES = Object.freeze({
	memoriesAi: 'n8n-nodes-memories-ai',
	heyGen: 'n8n-nodes-heygen-folders',
	konpro: 'n8n-nodes-konpro',
} as const);
/** Every product package's folder (packages/<name>/). */
export const PACKAGE_DIRS: readonly string[] = Object.freeze(
	Object.values(PACKAGE_NAMES).map((name) => path.join(PACKAGES_DIR, name)),
);
/** The n8n every CI run, `npm start` and the benchmark use. */
export const PINNED_N8N_VERSION = '2.8.4';
/** The n8n under test: the pinned one, or another install under n8n-installs/ (`npm run test:compat`). */
export const N8N_VERSION = process.env.N8N_TEST_VERSION || PINNED_N8N_VERSION;
/**
 * The folder with n8n's package.json + lockfile and its node_modules. N8N_INSTALL_DIR: another
 * folder with the same package.json + lockfile (only to try the installer elsewhere).
 */
export const N8N_INSTALL_DIR = process.env.N8N_INSTALL_DIR
	? path.resolve(process.env.N8N_INSTALL_DIR)
	: path.join(N8N_INSTALLS, N8N_VERSION);
export const N8N_PKG_DIR = path.join(N8N_INSTALL_DIR, 'node_modules', 'n8n');
export const N8N_BIN = path.join(N8N_PKG_DIR, 'bin', 'n8n');
/** Written after a verified install; records the fingerprint of the lockfile it came from. */
export const INSTALL_STAMP = path.join(N8N_INSTALL_DIR, 'node_modules', '.testbed-install.json');
/** Node arguments that make a `.ts` script runnable: `spawn(process.execPath, [...TS_NODE_ARGS, 'x.ts'])`. */
export const TS_NODE_ARGS: readonly string[] = Object.freeze([
	'-r',
	path.join(TESTBED, 'register.js'),
]);
/** `npm` as a spawnable command on this platform. */
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface InstallManifest {
	/** exact Node.js version this n8n runs on, when not the tooling's own */
	nodeVersion?: string;
	/** settings for every n8n process of this install */
	env: Record<string, string>;
}

/** What n8n-installs/<version>/package.json says about how to run that n8n. */
export function readInstallManifest(dir = N8N_INSTALL_DIR): InstallManifest {
	const file = path.join(dir, 'package.json');
	if (!fs.existsSync(file))
		throw new Error(
			`No ${path.relative(ROOT, file)}: n8n ${path.basename(dir)} is not one of the installs in n8n-installs/.`,
		);
	const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		engines?: { node?: unknown };
		n8nEnv?: Record<string, unknown>;
	};
	const nodeVersion = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
	if (nodeVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(nodeVersion))
		throw new Error(`${file}: engines.node must be an exact version (got ${nodeVersion}).`);
	const env = Object.fromEntries(Object.entries(pkg.n8nEnv ?? {}).map(([k, v]) => [k, String(v)]));
	return { nodeVersion: nodeVersion === process.versions.node ? undefined : nodeVersion, env };
}

export const N8N_MANIFEST = readInstallManifest();

/** The settings that put an n8n (2.36+) on its durable scheduler for poll triggers, with durable poll cursors. */
export const DURABLE_POLLING_ENV: readonly string[] = Object.freeze([
	'N8N_SCHEDULER_ENABLED',
	'N8N_SCHEDULER_POLL_TRIGGERS_ENABLED',
	'N8N_POLLER_DURABLE_CURSORS_ENABLED',
]);

/**
 * True when an install's manifest (`n8nEnv`) turns on the durable scheduler for poll triggers and
 * durable poll cursors (N8N_USE_WORKFLOW_PUBLICATION_SERVICE, which they also need, is on by default
 * in the n8n versions that have them, unless the manifest turns it off).
 */
export function hasDurablePolling(manifest: InstallManifest = N8N_MANIFEST): boolean {
	return (
		DURABLE_POLLING_ENV.every((name) => manifest.env[name] === 'true') &&
		manifest.env.N8N_USE_WORKFLOW_PUBLICATION_SERVICE !== 'false'
	);
}
/** n8n-installs/node-<version>/: Node.js from the npm registry's `node` package, when the install needs its own. */
export const NODE_RUNTIME_DIR = N8N_MANIFEST.nodeVersion
	? path.join(N8N_INSTALLS, `node-${N8N_MANIFEST.nodeVersion}`)
	: undefined;
/** The Node.js binary that runs n8n (`node` package's bin, or this process's). */
export const N8N_NODE = NODE_RUNTIME_DIR
	? path.join(NODE_RUNTIME_DIR, 'node_modules', 'node', 'bin', 'node')
	: process.execPath;
/** That Node.js's headers (native modules build against them). */
export const N8N_NODE_HEADERS = NODE_RUNTIME_DIR
	? path.join(
			NODE_RUNTIME_DIR,
			'node_modules',
			'node',
			'node_modules',
			`node-${process.platform}-${process.arch}`,
		)
	: undefined;

/**
 * Environment for processes that must run on the install's Node.js: its bin first on PATH (npm
 * scripts call `node`), and node-gyp pointed at its headers (a user .npmrc may name others).
 */
export function runtimeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	if (!N8N_NODE_HEADERS) return env;
	return {
		...env,
		PATH: `${path.dirname(N8N_NODE)}${path.delimiter}${env.PATH ?? ''}`,
		npm_config_nodedir: N8N_NODE_HEADERS,
	};
}
