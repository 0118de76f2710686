/**
 * Where things are: the repository, the pinned real n8n (n8n-installs/<version>/) and the hook that
 * runs the TypeScript tooling.
 */
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-ai-video';
export const N8N_VERSION = '2.8.4';
/**
 * The folder with n8n's package.json + lockfile and its node_modules. N8N_INSTALL_DIR: another
 * folder with the same package.json + lockfile (only to try the installer elsewhere).
 */
export const N8N_INSTALL_DIR = process.env.N8N_INSTALL_DIR
	? path.resolve(process.env.N8N_INSTALL_DIR)
	: path.join(ROOT, 'n8n-installs', N8N_VERSION);
export const N8N_PKG_DIR = path.join(N8N_INSTALL_DIR, 'node_modules', 'n8n');
export const N8N_BIN = path.join(N8N_PKG_DIR, 'bin', 'n8n');
/** Written after a verified install; records the fingerprint of the lockfile it came from. */
export const INSTALL_STAMP = path.join(N8N_INSTALL_DIR, 'node_modules', '.n8n-nodes-ai-video-install.json');
/** Node arguments that make a `.ts` script runnable: `spawn(process.execPath, [...TS_NODE_ARGS, 'x.ts'])`. */
export const TS_NODE_ARGS: readonly string[] = Object.freeze(['-r', path.join(ROOT, 'tooling', 'register.js')]);
/** `npm` as a spawnable command on this platform. */
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
