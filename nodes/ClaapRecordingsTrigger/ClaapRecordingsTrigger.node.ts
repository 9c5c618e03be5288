import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pollingProperties } from './description';
import { pollRecordings } from './pollRecordings';

export class ClaapRecordingsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap Recordings Trigger',
		name: 'claapRecordingsTrigger',
		icon: { light: 'file:claapRecordings.svg', dark: 'file:claapRecordings.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New recordings, by polling',
		description: 'Starts a workflow when a new Claap recording is ready, by checking Claap at each poll time (no public URL needed)',
		defaults: { name: 'Claap Recordings Trigger' },
		// n8n adds the Poll Times parameter to polling nodes.
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'claapApi', required: true }],
		properties: pollingProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollRecordings.call(this);
	}
}
