/**
 * `npm run release -- <patch|minor|major|X.Y.Z> [--dry-run]`: cuts a release the way the starter's
 * `n8n-node release` does, without its dependencies. It checks the tree, builds and scans the package,
 * bumps the version in package.json and package-lock.json, turns CHANGELOG's [Unreleased] section into
 * the release's, commits and tags `vX.Y.Z`. Pushing the tag (`git push --follow-tags`) makes
 * .github/workflows/publish.yml publish it with npm provenance. `--dry-run` does all the checks,
 * shows what would change and what npm would publish, and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Plan {
	from: string;
	to: string;
	date: string;
	changelog: string;
}

function sh(command: string, args: string[], capture = false): string {
	const output = execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: capture ? 'pipe' : 'inherit' });
	return capture ? String(output).trim() : '';
}

export function nextVersion(current: string, bump: string): string {
	const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
	if (!parts) throw new Error(`package.json's version "${current}" is not X.Y.Z`);
	const [major, minor, patch] = parts.slice(1).map(Number);
	if (bump === 'major') return `${major + 1}.0.0`;
	if (bump === 'minor') return `${major}.${minor + 1}.0`;
	if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
	if (/^\d+\.\d+\.\d+$/.test(bump)) return bump;
	throw new Error(`"${bump}" is not patch, minor, major or a version X.Y.Z`);
}

/** CHANGELOG with its [Unreleased] section renamed to the release (and a fresh empty [Unreleased] above it). */
export function releaseChangelog(changelog: string, version: string, date: string): string {
	const heading = '## [Unreleased]';
	const start = changelog.indexOf(heading);
	if (start < 0) throw new Error('CHANGELOG.md has no "## [Unreleased]" section to release');
	const rest = changelog.slice(start + heading.length);
	const next = rest.search(/\n## \[/);
	const body = (next < 0 ? rest : rest.slice(0, next)).trim();
	if (body === '') throw new Error('CHANGELOG.md\'s [Unreleased] section is empty: say what this release changes first');
	return `${changelog.slice(0, start)}${heading}\n\n## [${version}] - ${date}${rest}`;
}

function plan(bump: string): Plan {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
	const to = nextVersion(pkg.version, bump);
	const date = new Date().toISOString().slice(0, 10);
	const changelog = releaseChangelog(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), to, date);
	return { from: pkg.version, to, date, changelog };
}

/** Fields the repository ships with placeholder values, to be filled in by whoever publishes it. */
export function placeholderFields(pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageFields): string[] {
	const found: string[] = [];
	if (!pkg.author?.email || pkg.author.email.endsWith('.example')) found.push('author.email');
	for (const [field, url] of [['repository.url', pkg.repository?.url], ['homepage', pkg.homepage]] as const) {
		if (!url || url.includes('github.com/n8n-nodes-ai-video/n8n-nodes-ai-video')) found.push(field);
	}
	return found;
}

interface PackageFields {
	author?: { email?: string };
	repository?: { url?: string };
	homepage?: string;
}

function setVersion(file: string, version: string): void {
	const full = path.join(ROOT, file);
	const json = JSON.parse(readFileSync(full, 'utf8')) as { version: string; packages?: Record<string, { version?: string }> };
	json.version = version;
	if (json.packages?.['']) json.packages[''].version = version;
	writeFileSync(full, `${JSON.stringify(json, null, 2)}\n`);
}

function main(argv: string[]): void {
	const dryRun = argv.includes('--dry-run');
	const bump = argv.find((arg) => !arg.startsWith('--'));
	if (!bump) throw new Error('Usage: npm run release -- <patch|minor|major|X.Y.Z> [--dry-run]');

	const release = plan(bump);
	const placeholders = placeholderFields();
	if (placeholders.length > 0) {
		const message = `package.json still has placeholder values: ${placeholders.join(', ')}. Set the real ones before publishing.`;
		if (!dryRun) throw new Error(message);
		console.log(`(dry run) ${message}\n`);
	}
	const dirty = sh('git', ['status', '--porcelain'], true);
	if (dirty !== '') {
		if (!dryRun) throw new Error(`Commit or stash your changes first:\n${dirty}`);
		console.log(`(dry run) the working tree has uncommitted changes; a real release refuses them:\n${dirty}\n`);
	}
	if (sh('git', ['tag', '--list', `v${release.to}`], true) !== '') throw new Error(`The tag v${release.to} exists already`);

	console.log(`Release ${release.from} → ${release.to} (${release.date})${dryRun ? ' — dry run, nothing is written' : ''}\n`);
	sh(npm, ['run', 'build']);
	sh(npm, ['run', 'scan']);
	if (dryRun) {
		console.log(`\nCHANGELOG.md would start its ${release.to} section at:\n`);
		const at = release.changelog.indexOf(`## [${release.to}]`);
		console.log(release.changelog.slice(at, at + 600));
		sh(npm, ['publish', '--dry-run', '--ignore-scripts']);
		console.log(`\nDry run done: a real run would commit "Release v${release.to}" and tag v${release.to}.`);
		return;
	}
	setVersion('package.json', release.to);
	setVersion('package-lock.json', release.to);
	writeFileSync(path.join(ROOT, 'CHANGELOG.md'), release.changelog);
	sh('git', ['commit', '-m', `Release v${release.to}`, '--', 'package.json', 'package-lock.json', 'CHANGELOG.md']);
	sh('git', ['tag', '-a', `v${release.to}`, '-m', `v${release.to}`]);
	console.log(`\nTagged v${release.to}. Publish it: git push --follow-tags (GitHub Actions publishes with provenance).`);
}

if (require.main === module) {
	try {
		main(process.argv.slice(2));
	} catch (error) {
		console.error(`\n${(error as Error).message}`);
		process.exit(1);
	}
}
