import type { INodeProperties } from 'n8n-workflow';

import * as trigger from './trigger';

export const operations = { trigger };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Trigger',
				value: 'trigger',
				description: 'Ask Claap to deliver an event for a recording to your registered webhook URL',
				action: 'Trigger a webhook event',
			},
		],
		default: 'trigger',
	},
	...trigger.description,
];
