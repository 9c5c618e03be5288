import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from './description';
import { readTriggerOptions } from './parameters';
import { receiveDelivery } from './receiveDelivery';
import { firstDeliveries } from './processedEvents';
import { persistSeenEvents } from './seenEvents';

export class ClaapTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap Trigger',
		name: 'claapTrigger',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as version 1. It exists because n8n evaluates an expression (the
		// Webhook node's old `binaryData` option) for every request to a version 1 trigger, which
		// on n8n 2.x takes an expression isolate; workflows saved at version 1 keep working.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts a workflow when Claap delivers a new or updated recording',
		defaults: { name: 'Claap Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'claapWebhookApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer as soon as webhook() returns: Claap retries anything slower than 5 seconds.
				responseMode: 'onReceived',
				// Empty, so n8n answers with webhook()'s own response body.
				responseData: '',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	// Claap has no API to register webhooks: set-up is an e-mail to Claap support (see the notice).
	webhookMethods = {
		default: {
			checkExists: async (): Promise<boolean> => true,
			create: async (): Promise<boolean> => true,
			delete: async (): Promise<boolean> => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}

	/**
	 * Passes the delivery on unchanged, or nothing for an eventId another run already recorded in
	 * n8n's processed-data store (shared by every worker in queue mode); records its event ID in
	 * static data too, where webhook() looks before answering.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { ignoreDuplicates } = readTriggerOptions(this.getNode(), (name, fallback) => this.getNodeParameter(name, 0, fallback));
		const passed = (kept: Array<{ item: INodeExecutionData; index: number }>) => [
			kept.map(({ item, index }) => ({ ...item, pairedItem: { item: index } })),
		];
		if (!ignoreDuplicates) return passed(items.map((item, index) => ({ item, index })));
		const now = Date.now();
		const accepted = items.flatMap(({ json }) =>
			typeof json.eventId === 'string' ? [{ eventId: json.eventId, at: Date.parse(String(json.receivedAt)) || now }] : [],
		);
		persistSeenEvents(this, accepted, now);
		return passed(await firstDeliveries(this, items));
	}
}
