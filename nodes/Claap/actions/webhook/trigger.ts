import { NodeOperationError, type INodeProperties } from 'n8n-workflow';

import { EventTypeSchema } from '../../../shared/schemas';
import { toDataObject } from '../../helpers/data';
import { recordingIdParameter } from '../../helpers/parameters';
import { triggerWebhookDelivery } from '../../transport';
import { recordingIdField } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		options: [
			{ name: 'Recording Added', value: 'recording_added', description: 'As when a recording becomes available' },
			{ name: 'Recording Updated', value: 'recording_updated', description: 'As when a recording changes' },
		],
		default: 'recording_added',
		description: 'The event Claap delivers to your registered webhook URL',
	},
	{ ...recordingIdField, description: 'The recording the event is about' },
];

export const description = forOperation('webhook', 'trigger', properties);

/** POST {baseUrl}/v1/webhook/{webhookId}/trigger: Claap delivers the event to the webhook URL. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const type = EventTypeSchema.safeParse(this.getNodeParameter('eventType', itemIndex));
	if (!type.success) {
		throw new NodeOperationError(this.getNode(), 'Event Type must be recording_added or recording_updated', {
			itemIndex,
		});
	}
	const recordingId = recordingIdParameter(this, itemIndex);
	const data = await triggerWebhookDelivery(this, deps, itemIndex, { type: type.data, recordingId });
	return [{ json: { type: type.data, recordingId, data: toDataObject(data ?? null, 'value') ?? null } }];
};
