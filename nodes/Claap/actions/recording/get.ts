import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { recordingIdParameter, typedParameter } from '../../helpers/parameters';
import { getRecording } from '../../transport';
import { optionsCollection, recordingIdField } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';
import { recordingItem } from './recordingItem';

const properties: INodeProperties[] = [
	recordingIdField,
	optionsCollection([
		{
			displayName: 'Return AI Fields',
			name: 'returnAiFields',
			type: 'boolean',
			default: false,
			description:
				"Whether to include the recording's AI fields (aiFields), the insights Claap writes since June 2026, as Claap sends them",
		},
	]),
];

export const description = forOperation('recording', 'get', properties);

const OptionsSchema = z.object({ returnAiFields: z.boolean().default(false) });

/** GET /v1/recordings/{id}: the full recording, with fresh 24-hour links. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const recordingId = recordingIdParameter(this, itemIndex);
	const { returnAiFields } = typedParameter(this, 'options', itemIndex, OptionsSchema, {});
	return [recordingItem(this, await getRecording(this, deps, itemIndex, recordingId, { returnAiFields }), itemIndex)];
};
