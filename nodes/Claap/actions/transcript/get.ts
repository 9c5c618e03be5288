import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import {
	checkChunkLimits,
	DEFAULT_CHUNK_LIMITS,
	DEFAULT_CUE_LIMITS,
	renderTranscript,
	TRANSCRIPT_FORMATS,
} from '../../../shared/transcript';
import { typedParameter } from '../../helpers/parameters';
import { runsAsTool } from '../../helpers/tool';
import { optionsCollection, recordingSourceFields } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';
import { outputOptions, transcriptOutput } from './transcriptOutput';
import { sourcedTranscript } from './transcriptSource';

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
		description:
			'Which transcript to read. An expression may also give a language code such as fr, as an AI agent filling it with $fromAI() would.',
		displayOptions: { hide: { source: ['transcriptUrl'] } },
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: '',
		// Not `required`: n8n would then refuse to activate a workflow whose Language is an
		// expression (such as $fromAI()), not knowing whether this field shows. Checked when run.
		placeholder: 'e.g. fr',
		description: 'Two-letter ISO 639-1 code of the transcript language',
		displayOptions: { show: { language: ['code'] }, hide: { source: ['transcriptUrl'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: outputOptions,
		default: 'text',
		description: `How to render the transcript. An expression gives one of: ${TRANSCRIPT_FORMATS.join(', ')}.`,
	},
	optionsCollection([
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
			// The Claap Tool always answers with a JSON field: an agent cannot read a file.
			displayOptions: { hide: { '/output': ['segmentItems', 'turnItems', 'chunks'], '@tool': [true] } },
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
			default: 1000,
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
			displayOptions: { hide: { '/output': ['segmentItems', 'turnItems', 'chunks'], '@tool': [true] } },
		},
	]),
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
	const { transcript, recordingId, title, language } = await sourcedTranscript(this, deps, itemIndex, item);
	const chunkLimits =
		format === 'chunks' ? checkedChunkLimits(this, itemIndex, options.maxChunkChars, options.chunkOverlap) : undefined;
	const rendered = renderTranscript(transcript, format, {
		title,
		recordingId,
		mergeSpeakerSegments: options.mergeSpeakerSegments,
		cueLimits: { maxChars: options.maxCueChars, maxSeconds: options.maxCueSeconds },
		chunkLimits,
	});
	return await transcriptOutput(this, itemIndex, rendered, { recordingId, title: title ?? null, language }, {
		format,
		deliverAs: runsAsTool(this) ? 'json' : options.deliverAs,
		fieldName: options.fieldName,
		binaryPropertyName: options.binaryPropertyName,
	});
};
