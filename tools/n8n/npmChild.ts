import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * npm runs for the n8n cache, apart from this project's own npm settings.
 *
 * npm exports every setting of the project's `.npmrc` to the scripts it starts, as
 * `npm_config_*` variables: `ignore-scripts=true` reaching `npm rebuild sqlite3` makes it build
 * nothing, and n8n then fails with "SQLite package has not been found installed". The cache is
 * installed outside the project, so its npm reads the user's and the machine's npmrc files
 * itself; only what the caller passes on purpose (`extra`) is added.
 */
export function cleanNpmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key)) env[key] = value;
	}
	// Where npm keeps its downloads is the caller's choice, not a project setting.
	if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
	return { ...env, ...extra };
}

const log = (message: string) => process.stderr.write(`[n8n-harness] ${message}\n`);

const elapsed = (since: number) => {
	const seconds = Math.round((Date.now() - since) / 1000);
	return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};

/** Size of a folder in MB, or undefined while it does not exist yet. */
async function folderMegabytes(dir: string): Promise<number | undefined> {
	return await new Promise((resolve) => {
		execFile('du', ['-sm', dir], (error, stdout) => resolve(error ? undefined : Number(stdout.split('\t')[0])));
	});
}

export interface NpmStep {
	/** What a person reads: "downloading n8n 2.41.1". */
	label: string;
	cwd: string;
	args: string[];
	env: NodeJS.ProcessEnv;
	/** npm's whole output goes here (appended), not to the terminal. */
	logFile: string;
	/** A folder whose growing size is shown while the step runs. */
	measure?: string;
}

/**
 * Runs one npm command with its output in `logFile` and a short progress line on stderr every
 * 15 seconds (elapsed time and, where given, the size so far). Fails with the log's tail.
 */
export async function runNpmStep(step: NpmStep): Promise<void> {
	const started = Date.now();
	const out = createWriteStream(step.logFile, { flags: 'a' });
	out.write(`\n$ npm ${step.args.join(' ')}  (in ${step.cwd}, ${new Date().toISOString()})\n`);
	let tail = '';
	const child = spawn('npm', step.args, { cwd: step.cwd, env: step.env, stdio: ['ignore', 'pipe', 'pipe'] });
	const collect = (chunk: Buffer) => {
		out.write(chunk);
		tail = (tail + chunk.toString()).slice(-3000);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const progress = setInterval(() => {
		void (async () => {
			const size = step.measure ? await folderMegabytes(step.measure) : undefined;
			const detail = !step.measure ? '' : size === undefined ? ', resolving the dependency tree' : `, ${size} MB unpacked so far`;
			log(`${step.label}: ${elapsed(started)}${detail}`);
		})();
	}, 15_000);
	const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
	clearInterval(progress);
	await new Promise((resolve) => out.end(resolve));
	if (code !== 0) {
		throw new Error(`${step.label} failed (npm exited with ${code}) after ${elapsed(started)}. Full log: ${step.logFile}\n${tail}`);
	}
	log(`${step.label}: done in ${elapsed(started)}`);
}
