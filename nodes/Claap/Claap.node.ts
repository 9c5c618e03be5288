import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as recording from './actions/recording';
import { router } from './actions/router';
import * as transcript from './actions/transcript';
import * as webhook from './actions/webhook';

export class Claap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap',
		name: 'claap',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get transcripts and videos of Claap recordings, manage recordings, re-send webhook events',
		defaults: { name: 'Claap' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'claapApi',
				required: true,
				// Everything but the webhook API and the two sources that need no API key.
				displayOptions: { hide: { resource: ['webhook'], source: ['inputRecording', 'transcriptUrl'] } },
			},
			{
				name: 'claapWebhookApi',
				required: true,
				displayOptions: { show: { resource: ['webhook'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Recording', value: 'recording' },
					{ name: 'Transcript', value: 'transcript' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'transcript',
			},
			...recording.description,
			...transcript.description,
			...webhook.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
