/**
 * The one driver of a real n8n (the pinned n8n-installs/2.8.4/), shared by `npm start`, the
 * browser tests, the installer, the e2e tests and the benchmark: install it, build and install our
 * package the way n8n installs community packages, start `n8n start`, run its CLI (import,
 * execute), talk to its REST API, run the mock API next to it.
 *
 * Every wait is bounded by a timeout; every process started is tracked (process.ts) and can be
 * stopped by its own pid — stopAllChildren(), and an exit hook for whatever is left.
 *
 *   paths.ts      where things are (ROOT, N8N_INSTALL_DIR, N8N_BIN, TS_NODE_ARGS)
 *   process.ts    run(), tracked children, stopAllChildren()
 *   install.ts    the one-time `npm ci` of n8n, with its stamp
 *   ports.ts      free ports, and the ranges each suite uses
 *   package.ts    build, pack, install into a user folder
 *   server.ts     `n8n start` (or `n8n worker`) and its environment
 *   queue.ts      queue mode: main + workers on PostgreSQL and Redis (testbed/services)
 *   cli.ts        `n8n import:credentials | import:workflow | execute`
 *   workflows.ts  node types, workflow JSON, run data
 *   rest.ts       n8n's REST API, the owner account, flatted execution data
 *   trigger.ts    the Memories.ai Trigger's workflow, its polls and emitted videos
 *   mock.ts       the mock API in a child process
 *   e2e.ts        what the e2e suite's globalSetup hands its tests
 *   vendors.ts    other vendors' packages, pinned in testbed/vendors/, packed from the registry
 */
export * from './paths';
export * from './process';
export * from './install';
export * from './ports';
export * from './package';
export * from './server';
export * from './queue';
export * from './cli';
export * from './workflows';
export * from './rest';
export * from './trigger';
export * from './mock';
export * from './e2e';
export * from './vendors';
