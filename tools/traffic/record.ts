import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The reliability suites' figures, read back by bench/report.ts into bench/RESULTS.md. */
export const RESULTS_DIR = join(__dirname, '..', '..', 'bench', 'results');

/** Adds `value` under `key` to bench/results/<file>.json (one file per suite), stamped with the date. */
export function record(file: string, key: string, value: unknown): void {
	mkdirSync(RESULTS_DIR, { recursive: true });
	const path = join(RESULTS_DIR, `${file}.json`);
	let current: Record<string, unknown> = {};
	try {
		current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
	} catch {
		// First entry.
	}
	current[key] = { at: new Date().toISOString(), value };
	writeFileSync(path, JSON.stringify(current, null, 2));
}
