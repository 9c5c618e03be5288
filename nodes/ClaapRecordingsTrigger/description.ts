import type { INodeProperties } from 'n8n-workflow';

import { recordingFilters } from '../ClaapTrigger/description';

export const pollingProperties: INodeProperties[] = [
	{
		displayName:
			'Checks Claap for new recordings at each poll time, with an API key: nothing to register with Claap, and n8n needs no public URL. When Claap can reach this n8n, the <b>Claap Trigger</b> starts sooner and makes no requests.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
	},
	{
		...recordingFilters,
		description: 'Recordings that do not match start no execution (and are not emitted later either)',
		options: [
			...(recordingFilters.options ?? []),
			{
				displayName: 'Recorder Email',
				name: 'recorderEmail',
				type: 'string',
				default: '',
				placeholder: 'name@email.com',
				description: 'Only recordings made by this person (Claap filters the list itself)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Backfill (Hours)',
				name: 'backfillHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'On the first poll after activation, also emit the ready recordings created this many hours before it. 0: only recordings that become ready after activation.',
			},
			{
				displayName: 'Look-Back (Minutes)',
				name: 'lookBackMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 180,
				description:
					"How far below the newest recording seen each poll looks again. A recording's creation time is when the meeting started, so a long meeting can be listed after shorter, newer ones: keep this above your longest meetings plus Claap's processing time.",
			},
		],
	},
];
