import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';

export const operations = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcript'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get a recording's transcript as text, Markdown, subtitles or segments",
				action: 'Get a transcript',
			},
		],
		default: 'get',
	},
	...get.description,
];
