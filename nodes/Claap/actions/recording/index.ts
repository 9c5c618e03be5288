import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as deleteRecording from './delete';
import * as downloadVideo from './downloadVideo';
import * as get from './get';
import * as getMany from './getMany';

export const operations = { create, delete: deleteRecording, downloadVideo, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a recording from a media file URL',
				action: 'Create a recording',
			},
			{ name: 'Delete', value: 'delete', description: 'Delete a recording', action: 'Delete a recording' },
			{
				name: 'Download Video',
				value: 'downloadVideo',
				description: "Download a recording's video as a file",
				action: 'Download a recording video',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a recording with fresh 24-hour links',
				action: 'Get a recording',
			},
			{ name: 'Get Many', value: 'getMany', description: 'List recordings', action: 'Get many recordings' },
		],
		default: 'get',
	},
	...create.description,
	...deleteRecording.description,
	...downloadVideo.description,
	...get.description,
	...getMany.description,
];
