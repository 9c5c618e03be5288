/** Runs `task(0..count-1)` with at most `concurrency` in flight; results in index order. */
export async function boundedPool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
	return results;
}

export interface Summary {
	count: number;
	medianMs: number;
	p99Ms: number;
	maxMs: number;
}

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function summarize(durationsMs: number[]): Summary {
	const sorted = [...durationsMs].sort((a, b) => a - b);
	const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
	const round = (ms: number) => Math.round(ms * 10) / 10;
	return { count: sorted.length, medianMs: round(rank(50)), p99Ms: round(rank(99)), maxMs: round(sorted[sorted.length - 1]) };
}
