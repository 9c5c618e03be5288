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
import { receiveDelivery } from './receiveDelivery';
import { recordFirstSeen } from './processedEvents';
import { persistSeenEvents } from './seenEvents';

export class ClaapTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap Trigger',
		name: 'claapTrigger',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['trigger'],
		version: 1,
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
	 * Passes the delivery on unchanged, unless n8n's processed-data store, shared by every n8n
	 * process, shows its eventId already ran: then it outputs nothing and nothing downstream runs.
	 * Also records the eventId where n8n will save it for the webhook's own check.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData().map((item, index) => ({ ...item, pairedItem: { item: index } }));
		const options = this.getNodeParameter('options', 0, {}) as { ignoreDuplicates?: boolean };
		if (options.ignoreDuplicates === false) return [items];
		const now = Date.now();
		const accepted = items.flatMap(({ json }) =>
			typeof json.eventId === 'string' ? [{ eventId: json.eventId, at: Date.parse(String(json.receivedAt)) || now }] : [],
		);
		persistSeenEvents(this, accepted, now);
		// Only Claap's deliveries: a test event in the editor may be sent again and again.
		if (this.getMode() !== 'webhook' || accepted.length === 0) return [items];
		return [await dropAlreadyRun(this, items, accepted.map(({ eventId }) => eventId))];
	}
}

/**
 * Keeps the items whose eventId is new to the processed-data store. If the store cannot be
 * reached the delivery runs: a possible duplicate is better than a lost delivery.
 */
async function dropAlreadyRun(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	eventIds: string[],
): Promise<INodeExecutionData[]> {
	let firstSeen: Set<string>;
	try {
		firstSeen = await recordFirstSeen(context.helpers, eventIds);
	} catch (error) {
		context.logger.warn(`Claap Trigger: duplicate check skipped, n8n's processed-data store failed: ${String(error)}`);
		return items;
	}
	return items.filter(({ json }) => {
		if (typeof json.eventId !== 'string') return true;
		// Two copies in one execution: the first runs.
		return firstSeen.delete(json.eventId);
	});
}
