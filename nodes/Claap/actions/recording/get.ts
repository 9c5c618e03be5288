import type { INodeProperties } from 'n8n-workflow';

import { getRecording, recordingItem } from '../../helpers/recording';
import { recordingIdField } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [recordingIdField];

export const description = forOperation('recording', 'get', properties);

/** GET /v1/recordings/{id}: the full recording, with fresh 24-hour links. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const recordingId = String(this.getNodeParameter('recordingId', itemIndex));
	return [recordingItem(this, await getRecording(this, deps, itemIndex, recordingId), itemIndex)];
};
