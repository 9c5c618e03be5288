import type { INodeProperties } from 'n8n-workflow';

import { recordingIdParameter } from '../../helpers/parameters';
import { deleteRecording } from '../../transport';
import { recordingIdField } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [recordingIdField];

export const description = forOperation('recording', 'delete', properties);

/** DELETE /v1/recordings/{id}. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const recordingId = recordingIdParameter(this, itemIndex);
	await deleteRecording(this, deps, itemIndex, recordingId);
	return [{ json: { id: recordingId, deleted: true } }];
};
