import type { INodeProperties } from 'n8n-workflow';

import { recordingIdParameter } from '../../helpers/parameters';
import { getRecording } from '../../transport';
import { recordingIdField } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';
import { recordingItem } from './recordingItem';

const properties: INodeProperties[] = [recordingIdField];

export const description = forOperation('recording', 'get', properties);

/** GET /v1/recordings/{id}: the full recording, with fresh 24-hour links. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const recordingId = recordingIdParameter(this, itemIndex);
	return [recordingItem(this, await getRecording(this, deps, itemIndex, recordingId), itemIndex)];
};
