import { nextVersion, placeholderFields, releaseChangelog } from '../../tooling/release';

describe('release', () => {
	it('bumps patch, minor and major, or takes an explicit version', () => {
		expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
		expect(nextVersion('0.1.9', 'minor')).toBe('0.2.0');
		expect(nextVersion('0.9.3', 'major')).toBe('1.0.0');
		expect(nextVersion('0.1.0', '0.3.0')).toBe('0.3.0');
		expect(() => nextVersion('0.1.0', 'next')).toThrow('is not patch, minor, major');
	});

	it('turns [Unreleased] into the release section and opens a new, empty one', () => {
		const before = '# Changelog\n\n## [Unreleased]\n\n### Added\n- A thing.\n\n## [0.1.0] - 2026-11-25\n- First.\n';
		expect(releaseChangelog(before, '0.2.0', '2026-12-02')).toBe(
			'# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-02\n\n### Added\n- A thing.\n\n## [0.1.0] - 2026-11-25\n- First.\n',
		);
	});

	it('refuses a release without changes or without an [Unreleased] section', () => {
		expect(() => releaseChangelog('# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - x\n', '0.2.0', 'd')).toThrow('is empty');
		expect(() => releaseChangelog('# Changelog\n', '0.2.0', 'd')).toThrow('no "## [Unreleased]"');
	});

	it('names the package.json fields still holding placeholders (a real release refuses them)', () => {
		expect(placeholderFields()).toEqual(['author.email', 'repository.url', 'homepage']);
		expect(
			placeholderFields({ author: { email: 'team@acme.dev' }, repository: { url: 'git+https://github.com/acme/n8n-nodes-ai-video.git' }, homepage: 'https://github.com/acme/n8n-nodes-ai-video#readme' }),
		).toEqual([]);
	});
});
