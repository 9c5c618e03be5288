/**
 * "Chunks for AI" (chunkTranscript) on a generated meeting, as a ratio of JSON.parse of the same
 * JSON, like the other transcript formats in bench/micro.ts; and against the plain-text rendering,
 * the cheapest format, to show what cutting and the metadata cost on top of reading the words.
 * Standalone: `npx tsx bench/chunks.ts`.
 */
import type { Transcript } from '../nodes/shared/schemas';
import { renderTranscript, type ChunkLimits } from '../nodes/shared/transcript';
import { interleavedRatio, type PairResult } from './lib/interleave';
import { generateTranscript } from '../tools/traffic/payload';

export interface ChunkBenchResult extends PairResult {
	scale: number;
	chunks: number;
}

const LIMITS: Array<{ label: string; limits: ChunkLimits }> = [
	{ label: 'default 1000/150', limits: { maxChars: 1000, overlapChars: 150 } },
	{ label: 'no overlap 1000/0', limits: { maxChars: 1000, overlapChars: 0 } },
	{ label: 'small 300/60', limits: { maxChars: 300, overlapChars: 60 } },
];

export async function benchChunks(log: (line: string) => void): Promise<ChunkBenchResult[]> {
	const results: ChunkBenchResult[] = [];
	for (const scale of [1, 10]) {
		// 1x = a 3-hour meeting, about 40,000 timed words.
		const json = JSON.stringify(generateTranscript(3 * scale));
		const parsed = JSON.parse(json) as Transcript;
		const options = { rounds: scale >= 10 ? 3 : 5, time: scale >= 10 ? 1000 : 300 };
		for (const { label, limits } of LIMITS) {
			const chunk = () => renderTranscript(parsed, 'chunks', { title: 'A three-hour meeting', recordingId: 'rec_bench', chunkLimits: limits });
			const rendered = chunk();
			const chunks = rendered.kind === 'items' ? rendered.items.length : 0;
			for (const [baselineName, baseline] of [
				['JSON.parse', () => JSON.parse(json)],
				['text rendering', () => renderTranscript(parsed, 'text')],
			] as const) {
				const result = await interleavedRatio(`chunks ${label} @${scale}x`, baselineName, baseline, chunk, options);
				results.push({ ...result, scale, chunks });
				log(`transcript chunks ${label} @${scale}x (${chunks} chunks, ${(json.length / 1e6).toFixed(2)} MB): ${result.ratio.toFixed(3)}x ${baselineName} (${result.candidateMs.toFixed(2)} ms vs ${result.baselineMs.toFixed(2)} ms; rounds ${result.ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`);
			}
		}
	}
	return results;
}

if (require.main === module) {
	void benchChunks((line) => process.stdout.write(`${line}\n`));
}
