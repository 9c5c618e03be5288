import type { INodeProperties } from 'n8n-workflow';

import { notAsTool, onlyAsTool } from '../helpers/tool';

/** A recording's ID, as in Claap's API and in the Claap Trigger's `recording.id`. */
export const recordingIdField: INodeProperties = {
	displayName: 'Recording ID',
	name: 'recordingId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. rec_8f3a2c1d',
	description: "The recording's ID, as the Claap Trigger and Recording > Get output it",
};

/** Where the transcript and video operations find the recording. */
export function recordingSourceFields(urlOption?: { name: string; value: string; description: string }): INodeProperties[] {
	const source: INodeProperties = {
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Recording From Input',
				value: 'inputRecording',
				description: "A recording on the input item, such as the Claap Trigger's output. Its links last 24 hours.",
			},
			...(urlOption === undefined ? [] : [urlOption]),
			{
				name: 'Recording ID (API Key)',
				value: 'recordingId',
				description: 'Fetch the recording from Claap with the Claap API credential: links are always fresh',
			},
		],
		default: 'inputRecording',
	};
	return [
		{ ...source, displayOptions: notAsTool },
		// An agent names recordings by ID; a recording on its input is the exception.
		{ ...source, default: 'recordingId', displayOptions: onlyAsTool },
		{
			displayName: 'Recording',
			name: 'recording',
			type: 'json',
			default: '={{ $json.recording }}',
			required: true,
			description: "The recording object, as the Claap Trigger or Recording > Get outputs it",
			displayOptions: { show: { source: ['inputRecording'] } },
		},
		{ ...recordingIdField, displayOptions: { show: { source: ['recordingId'] } } },
	];
}

/** The "Options" collection of an operation: settings most runs leave alone. */
export const optionsCollection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options,
});

export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
	// An agent cannot read a file: the Claap Tool outputs JSON only.
	displayOptions: notAsTool,
};
