import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
} from 'n8n-workflow';

import type { RenderedTranscript, TranscriptFormat } from '../../../shared/transcript';
import { isDataObject } from '../../helpers/data';
import { fileNameFor } from '../../helpers/fileName';

/**
 * Every choice of the Output field, in dropdown order (by name). One more output is one more
 * entry here, plus its case in shared/transcript's renderTranscript: the Record type insists.
 */
const OUTPUTS: Record<TranscriptFormat, { name: string; description?: string }> = {
	chunks: {
		name: 'Chunks for AI',
		description: 'One item per passage of at most N characters, with times and speakers, for a vector store',
	},
	json: { name: 'JSON Segments', description: 'The validated segments, as Claap sent them' },
	markdown: { name: 'Markdown', description: 'A heading, then a paragraph per speaker turn' },
	segmentItems: { name: 'One Item per Segment' },
	turnItems: { name: 'One Item per Speaker Turn' },
	text: { name: 'Plain Text', description: 'One line per segment' },
	srt: { name: 'SRT Subtitles' },
	speakerText: { name: 'Text With Speakers and Times', description: '[HH:MM:SS] Speaker: text' },
	vtt: { name: 'WebVTT Subtitles', description: 'Speakers as voice tags' },
};

export const outputOptions: INodePropertyOptions[] = Object.entries(OUTPUTS).map(([value, option]) => ({
	name: option.name,
	value,
	...(option.description === undefined ? {} : { description: option.description }),
}));

/** What every output item says about the transcript. */
export interface TranscriptAbout {
	recordingId: string | null;
	title: string | null;
	language: string | null;
}

export interface OutputSettings {
	format: TranscriptFormat;
	deliverAs: 'json' | 'binary';
	fieldName: string;
	binaryPropertyName: string;
}

function jsonItem(ctx: IExecuteFunctions, itemIndex: number, json: object): INodeExecutionData {
	if (!isDataObject(json)) throw new NodeOperationError(ctx.getNode(), 'A segment is not JSON', { itemIndex });
	return { json };
}

async function fileItem(
	ctx: IExecuteFunctions,
	about: TranscriptAbout,
	settings: OutputSettings,
	content: string,
	file: { extension: string; mimeType: string },
): Promise<INodeExecutionData> {
	const fileName = fileNameFor(about.title ?? undefined, about.recordingId ?? 'transcript', file.extension);
	const binary = await ctx.helpers.prepareBinaryData(Buffer.from(content, 'utf8'), fileName, file.mimeType);
	const json: IDataObject = { ...about, format: settings.format, fileName };
	return { json, binary: { [settings.binaryPropertyName]: binary } };
}

/** A rendered transcript as the output items: one per entry, one file, or one JSON item. */
export async function transcriptOutput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rendered: RenderedTranscript,
	about: TranscriptAbout,
	settings: OutputSettings,
): Promise<INodeExecutionData[]> {
	switch (rendered.kind) {
		case 'items':
			return rendered.items.map((entry) => jsonItem(ctx, itemIndex, { ...about, ...entry }));
		case 'json':
			if (settings.deliverAs === 'binary') {
				return [await fileItem(ctx, about, settings, JSON.stringify(rendered.value, null, 2), rendered)];
			}
			return [jsonItem(ctx, itemIndex, { ...about, segments: rendered.value.segments })];
		case 'document':
			if (settings.deliverAs === 'binary') return [await fileItem(ctx, about, settings, rendered.content, rendered)];
			return [{ json: { ...about, format: settings.format, [settings.fieldName]: rendered.content } }];
	}
}
