import type { Segment } from '../schemas';
import { cleanText, groupSpeakerTurns, mergeSpeakerTurns, speakerOf } from './segments';

/** One output item per segment: the validated segment as Claap sent it, numbered from 0. */
export interface SegmentItem extends Segment {
	index: number;
}

/** One output item per speaker turn. */
export interface TurnItem {
	index: number;
	speaker: string | null;
	startedAt: number;
	endedAt: number;
	text: string;
	segmentCount: number;
}

export function segmentItems(segments: readonly Segment[]): SegmentItem[] {
	return segments.map((segment, index) => ({ index, ...segment }));
}

export function turnItems(segments: readonly Segment[]): TurnItem[] {
	return groupSpeakerTurns(segments)
		.map((group) => ({ merged: mergeSpeakerTurns(group)[0], segmentCount: group.length }))
		.map(({ merged, segmentCount }, index) => ({
			index,
			speaker: speakerOf(merged) ?? null,
			startedAt: merged.startedAt,
			endedAt: merged.endedAt,
			text: cleanText(merged.text),
			segmentCount,
		}));
}
