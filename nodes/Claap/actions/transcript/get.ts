import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { TranscriptResultSchema, TranscriptSchema, type Transcript } from '../../../shared/schemas';
import {
	checkChunkLimits,
	DEFAULT_CHUNK_LIMITS,
	DEFAULT_CUE_LIMITS,
	renderTranscript,
	selectTranscript,
	TRANSCRIPT_FORMATS,
	type LanguageChoice,
} from '../../../shared/transcript';
import { isDataObject } from '../../helpers/data';
import { fileNameFor } from '../../helpers/fileName';
import { typedParameter } from '../../helpers/parameters';
import { inputRecording, recordingById, RecordingWithTranscriptsSchema } from '../../helpers/recording';
import { claapApiRequest, downloadPresignedLink, type ClaapDeps } from '../../transport';
import { recordingSourceFields } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [
	...recordingSourceFields({
		name: 'Transcript URL',
		value: 'transcriptUrl',
		description: "A transcript's pre-signed JSON link, from a recording's list of transcripts",
	}),
	{
		displayName: 'Transcript URL',
		name: 'transcriptUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://…/transcript.json?X-Amz-Signature=…',
		displayOptions: { show: { source: ['transcriptUrl'] } },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'Active Transcript', value: 'active', description: 'The language chosen in Claap for this recording' },
			{ name: 'Native Transcript', value: 'native', description: 'The original, untranslated transcript' },
			{ name: 'Language Code', value: 'code', description: 'A translation, by its ISO 639-1 code' },
		],
		default: 'active',
		displayOptions: { hide: { source: ['transcriptUrl'] } },
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. fr',
		description: 'Two-letter ISO 639-1 code of the transcript language',
		displayOptions: { show: { language: ['code'] }, hide: { source: ['transcriptUrl'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Chunks for AI',
				value: 'chunks',
				description: 'One item per passage of at most N characters, with times and speakers, for a vector store',
			},
			{ name: 'JSON Segments', value: 'json', description: 'The validated segments, as Claap sent them' },
			{ name: 'Markdown', value: 'markdown', description: 'A heading, then a paragraph per speaker turn' },
			{ name: 'One Item per Segment', value: 'segmentItems' },
			{ name: 'One Item per Speaker Turn', value: 'turnItems' },
			{ name: 'Plain Text', value: 'text', description: 'One line per segment' },
			{ name: 'SRT Subtitles', value: 'srt' },
			{ name: 'Text With Speakers and Times', value: 'speakerText', description: '[HH:MM:SS] Speaker: text' },
			{ name: 'WebVTT Subtitles', value: 'vtt', description: 'Speakers as voice tags' },
		],
		default: 'text',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Chunk Overlap',
				name: 'chunkOverlap',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 150,
				description: 'Characters at most that a chunk repeats, as whole words, from the end of the previous chunk',
				displayOptions: { show: { '/output': ['chunks'] } },
			},
			{
				displayName: 'Deliver As',
				name: 'deliverAs',
				type: 'options',
				options: [
					{ name: 'JSON Field', value: 'json' },
					{ name: 'Binary File', value: 'binary', description: 'A file named after the recording title' },
				],
				default: 'json',
				displayOptions: { hide: { '/output': ['segmentItems', 'turnItems', 'chunks'] } },
			},
			{
				displayName: 'Field Name',
				name: 'fieldName',
				type: 'string',
				default: 'transcript',
				description: 'The output field that holds the transcript, when delivered as a JSON field',
				displayOptions: { hide: { '/output': ['json', 'segmentItems', 'turnItems', 'chunks'] } },
			},
			{
				displayName: 'Max Characters per Chunk',
				name: 'maxChunkChars',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1500,
				description: 'Chunks end between segments where possible, else between words, never inside a word',
				displayOptions: { show: { '/output': ['chunks'] } },
			},
			{
				displayName: 'Max Characters per Cue',
				name: 'maxCueChars',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 84,
				displayOptions: { show: { '/output': ['srt', 'vtt'] } },
			},
			{
				displayName: 'Max Seconds per Cue',
				name: 'maxCueSeconds',
				type: 'number',
				typeOptions: { minValue: 0.5, numberPrecision: 1 },
				default: 7,
				displayOptions: { show: { '/output': ['srt', 'vtt'] } },
			},
			{
				displayName: 'Merge Consecutive Segments of a Speaker',
				name: 'mergeSpeakerSegments',
				type: 'boolean',
				default: false,
				description: 'Whether to join consecutive segments of one speaker into one before rendering',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The output binary field, when delivered as a binary file',
				displayOptions: { hide: { '/output': ['segmentItems', 'turnItems', 'chunks'] } },
			},
		],
	},
];

export const description = forOperation('transcript', 'get', properties);

const OptionsSchema = z.object({
	deliverAs: z.enum(['json', 'binary']).default('json'),
	fieldName: z.string().trim().min(1).default('transcript'),
	binaryPropertyName: z.string().trim().min(1).default('data'),
	maxCueChars: z.number().min(1).default(DEFAULT_CUE_LIMITS.maxChars),
	maxCueSeconds: z.number().positive().default(DEFAULT_CUE_LIMITS.maxSeconds),
	mergeSpeakerSegments: z.boolean().default(false),
	maxChunkChars: z.number().default(DEFAULT_CHUNK_LIMITS.maxChars),
	chunkOverlap: z.number().default(DEFAULT_CHUNK_LIMITS.overlapChars),
});

interface FetchedTranscript {
	transcript: Transcript;
	recordingId: string | null;
	title?: string;
	language: string | null;
}

function languageChoice(ctx: IExecuteFunctions, itemIndex: number): LanguageChoice {
	const kind = typedParameter(ctx, 'language', itemIndex, z.enum(['active', 'native', 'code']), 'active');
	if (kind !== 'code') return { kind };
	const code = typedParameter(ctx, 'languageCode', itemIndex, z.string().trim().min(1, 'Language Code is empty'));
	return { kind, code };
}

function parseTranscript(ctx: IExecuteFunctions, itemIndex: number, data: Buffer): Transcript {
	let json: unknown;
	try {
		json = JSON.parse(data.toString('utf8'));
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'The transcript link did not answer with JSON', {
			itemIndex,
			description: 'Use a transcript\'s "url" (JSON), not its "textUrl" (plain text).',
		});
	}
	const parsed = TranscriptSchema.safeParse(json);
	if (!parsed.success) {
		throw new NodeOperationError(ctx.getNode(), 'The transcript does not have the shape Claap documents', {
			itemIndex,
			description: parsed.error.issues
				.slice(0, 5)
				.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
				.join('; '),
		});
	}
	return parsed.data;
}

async function downloadTranscript(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	url: string,
	linksExpireAt?: string,
): Promise<Transcript> {
	const file = await downloadPresignedLink((options) => ctx.helpers.httpRequest(options), ctx.getNode(), deps, {
		url,
		what: 'transcript',
		linksExpireAt,
	});
	return parseTranscript(ctx, itemIndex, file.data);
}

function pickLink<T extends { transcripts: Parameters<typeof selectTranscript>[0] }>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	recording: T,
) {
	const selection = selectTranscript(recording.transcripts, languageChoice(ctx, itemIndex));
	if (!selection.found) throw new NodeOperationError(ctx.getNode(), selection.reason, { itemIndex });
	return selection.link;
}

/** The transcript from wherever the Source parameter says. */
async function fetchTranscript(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<FetchedTranscript> {
	const source = typedParameter(ctx, 'source', itemIndex, z.enum(['inputRecording', 'transcriptUrl', 'recordingId']));
	if (source === 'transcriptUrl') {
		const url = typedParameter(ctx, 'transcriptUrl', itemIndex, z.string().trim().min(1, 'Transcript URL is empty'));
		const transcript = await downloadTranscript(ctx, deps, itemIndex, url);
		return { transcript, recordingId: null, language: transcript.language ?? null };
	}
	if (source === 'inputRecording') {
		const { recording, linksExpireAt } = inputRecording(ctx, itemIndex, item, RecordingWithTranscriptsSchema);
		const link = pickLink(ctx, itemIndex, recording);
		const transcript = await downloadTranscript(ctx, deps, itemIndex, link.url, linksExpireAt);
		return {
			transcript,
			recordingId: recording.id,
			title: recording.title,
			language: link.langIso2 ?? transcript.language ?? null,
		};
	}
	// By ID: the recording says which languages exist and which is active, and gives the title;
	// the transcript then comes from the REST API itself, so no pre-signed link is involved.
	const recordingId = typedParameter(ctx, 'recordingId', itemIndex, z.string().trim().min(1, 'Recording ID is empty'));
	const recording = await recordingById(ctx, deps, itemIndex, recordingId, RecordingWithTranscriptsSchema);
	const link = pickLink(ctx, itemIndex, recording);
	const qs = { format: 'json', ...(link.langIso2 !== undefined ? { lang: link.langIso2 } : {}) };
	const answer = await claapApiRequest(
		ctx,
		deps,
		itemIndex,
		{ method: 'GET', path: `/v1/recordings/${encodeURIComponent(recording.id)}/transcript`, qs },
		TranscriptResultSchema,
	);
	const transcript: Transcript = { language: answer.result.languageCode, segments: answer.result.segments };
	return {
		transcript,
		recordingId: recording.id,
		title: recording.title,
		language: link.langIso2 ?? answer.result.languageCode ?? null,
	};
}

function checkedChunkLimits(ctx: IExecuteFunctions, itemIndex: number, maxChars: number, overlapChars: number) {
	try {
		return checkChunkLimits({ maxChars, overlapChars });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
}

/** Reads a transcript and renders it in the chosen output format. */
export const execute: OperationExecute = async function (itemIndex, item, deps) {
	const format = typedParameter(this, 'output', itemIndex, z.enum(TRANSCRIPT_FORMATS));
	const options = typedParameter(this, 'options', itemIndex, OptionsSchema, {});
	const { transcript, recordingId, title, language } = await fetchTranscript(this, deps, itemIndex, item);
	const chunkLimits =
		format === 'chunks' ? checkedChunkLimits(this, itemIndex, options.maxChunkChars, options.chunkOverlap) : undefined;
	const rendered = renderTranscript(transcript, format, {
		title,
		recordingId,
		mergeSpeakerSegments: options.mergeSpeakerSegments,
		cueLimits: { maxChars: options.maxCueChars, maxSeconds: options.maxCueSeconds },
		chunkLimits,
	});
	const about = { recordingId, title: title ?? null, language };

	if (rendered.kind === 'items') {
		return rendered.items.map((entry) => {
			const json = { ...about, ...entry };
			if (!isDataObject(json)) throw new NodeOperationError(this.getNode(), 'A segment is not JSON', { itemIndex });
			return { json };
		});
	}
	const content = rendered.kind === 'document' ? rendered.content : JSON.stringify(rendered.value, null, 2);
	if (options.deliverAs === 'binary') {
		const fileName = fileNameFor(title, recordingId ?? 'transcript', rendered.extension);
		const binary = await this.helpers.prepareBinaryData(Buffer.from(content, 'utf8'), fileName, rendered.mimeType);
		return [{ json: { ...about, format, fileName }, binary: { [options.binaryPropertyName]: binary } }];
	}
	if (rendered.kind === 'json') {
		const json = { ...about, segments: rendered.value.segments };
		if (!isDataObject(json)) throw new NodeOperationError(this.getNode(), 'A segment is not JSON', { itemIndex });
		return [{ json }];
	}
	return [{ json: { ...about, format, [options.fieldName]: content } }];
};
