import type { INodeProperties } from 'n8n-workflow';

import { EVENT_TYPES } from '../shared/schemas';

const eventLabels: Record<(typeof EVENT_TYPES)[number], { name: string; description: string }> = {
	recording_added: {
		name: 'Recording Added',
		description: 'A recording is ready: transcoded, transcribed and analysed',
	},
	recording_updated: {
		name: 'Recording Updated',
		description: 'The channel, a label, the deal, the company or the insights template of a recording changed',
	},
};

/** The Filters collection, read by `FiltersSchema` (parameters.ts); the polling trigger adds to it. */
export const recordingFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description: 'Recordings that do not match are acknowledged and start no execution',
	options: [
		{
			displayName: 'Channels',
			name: 'channels',
			type: 'string',
			default: '',
			placeholder: 'Sales calls, ch_123',
			description: 'Comma-separated channel names or IDs; the recording must be in one of them',
		},
		{
			displayName: 'Labels',
			name: 'labels',
			type: 'string',
			default: '',
			placeholder: 'discovery, demo',
			description: 'Comma-separated labels; the recording must have at least one of them',
		},
		{
			displayName: 'Only With a Deal',
			name: 'requireDeal',
			type: 'boolean',
			default: false,
			description: 'Whether to keep only recordings attached to a CRM deal',
		},
	],
};

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Claap has no API to register webhooks: e-mail support@claap.io this node\'s <b>Production URL</b> and the events you want, then put the webhook ID and secret they send back in the credential, and activate the workflow. The Test URL only works while you are listening for a test event.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...EVENT_TYPES],
		description: 'Deliveries of other events are acknowledged and start no execution',
		options: EVENT_TYPES.map((value) => ({ value, ...eventLabels[value] })),
	},
	recordingFilters,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Retried Deliveries',
				name: 'ignoreDuplicates',
				type: 'boolean',
				default: true,
				description:
					'Whether to acknowledge a delivery whose event ID was already received without starting another execution. Claap retries a delivery it believes failed.',
			},
			{
				displayName: 'Reject Recordings That Do Not Match the Schema',
				name: 'rejectDrift',
				type: 'boolean',
				default: false,
				description:
					"Whether to answer 400 to a delivery whose recording does not match Claap's documented schema. Off: it starts an execution and the item's validation field lists the differences. On: Claap retries it, then drops it.",
			},
		],
	},
];
