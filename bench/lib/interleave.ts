import { Bench } from 'tinybench';

import { median } from '../../tools/traffic/stats';

export interface PairResult {
	name: string;
	baseline: string;
	/** Median over rounds of (candidate median / baseline median) within each round. */
	ratio: number;
	ratios: number[];
	baselineMs: number;
	candidateMs: number;
}

/**
 * Runs `baseline` and `candidate` side by side: several short rounds, the order alternating from
 * round to round, one ratio per round; the reported ratio is the median of those ratios.
 */
export async function interleavedRatio(
	name: string,
	baselineName: string,
	baseline: () => unknown,
	candidate: () => unknown,
	{ rounds = 7, time = 300 }: { rounds?: number; time?: number } = {},
): Promise<PairResult> {
	const ratios: number[] = [];
	const baselineMs: number[] = [];
	const candidateMs: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const bench = new Bench({ time, warmupTime: Math.min(100, time / 3), iterations: 3, warmupIterations: 1 });
		const tasks: Array<[string, () => unknown]> = [
			['baseline', baseline],
			['candidate', candidate],
		];
		if (round % 2 === 1) tasks.reverse();
		for (const [taskName, fn] of tasks) bench.add(taskName, fn);
		await bench.run();
		const p50 = (taskName: string) => {
			const result = bench.getTask(taskName)?.result as { latency?: { p50?: number }; error?: unknown } | undefined;
			if (result?.error) throw result.error;
			return result?.latency?.p50 ?? NaN;
		};
		const b = p50('baseline');
		const c = p50('candidate');
		baselineMs.push(b);
		candidateMs.push(c);
		ratios.push(c / b);
	}
	return {
		name,
		baseline: baselineName,
		ratio: median(ratios),
		ratios,
		baselineMs: median(baselineMs),
		candidateMs: median(candidateMs),
	};
}
