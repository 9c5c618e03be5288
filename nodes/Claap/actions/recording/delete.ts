import { NodeOperationError, type INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { claapApiRequest } from '../../transport';
import { recordingIdField } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [recordingIdField];

export const description = forOperation('recording', 'delete', properties);

// Claap documents no body for a deletion: accept whatever comes back.
const DeletedSchema = z.unknown();

/** DELETE /v1/recordings/{id}. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const recordingId = String(this.getNodeParameter('recordingId', itemIndex)).trim();
	if (recordingId === '') throw new NodeOperationError(this.getNode(), 'Recording ID is empty', { itemIndex });
	await claapApiRequest(
		this,
		deps,
		itemIndex,
		{ method: 'DELETE', path: `/v1/recordings/${encodeURIComponent(recordingId)}` },
		DeletedSchema,
	);
	return [{ json: { id: recordingId, deleted: true } }];
};
