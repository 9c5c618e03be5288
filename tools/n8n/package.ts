import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
let tarball: string | undefined;

/** `npm pack` of the built package, made once per test run: exactly what users download. */
export function packedPackage(): string {
	if (!tarball) {
		const dir = mkdtempSync(join(tmpdir(), 'claap-pack-'));
		const name = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
			cwd: ROOT,
			encoding: 'utf8',
		}).trim();
		tarball = join(dir, name.split('\n').pop() ?? name);
	}
	return tarball;
}

/** Another community package to install beside this one: a folder holding its package.json. */
export interface ExtraPackage {
	name: string;
	version: string;
	dir: string;
}

/**
 * Installs the package into a user folder as a manual community-node install does:
 * unpacked into ~/.n8n/nodes/node_modules/n8n-nodes-claap, listed in ~/.n8n/nodes/package.json,
 * with no dependencies of its own (n8n-workflow and zod resolve to n8n's copies). Extra packages
 * (the bench's control trigger) are copied in beside it.
 */
export function installInto(userFolder: string, extraPackages: ExtraPackage[] = []): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', 'n8n-nodes-claap');
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', packedPackage(), '-C', target, '--strip-components=1']);
	const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
	const dependencies: Record<string, string> = { 'n8n-nodes-claap': version };
	for (const extra of extraPackages) {
		cpSync(extra.dir, join(nodesDir, 'node_modules', extra.name), { recursive: true });
		dependencies[extra.name] = extra.version;
	}
	const manifest = { name: 'installed-nodes', private: true, dependencies };
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify(manifest, null, 2));
}
