import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod/v4';

import { checkData, formatIssues } from '../../shared/schemas';
import { recordingIdParameter, typedParameter } from '../helpers/parameters';
import { getRecordingAs, type ClaapDeps } from '../transport';

// Reads the Source fields of recordingSourceFields (common.descriptions.ts).

export interface SourcedRecording<T> {
	recording: T;
	/** From the Claap Trigger's item, when the recording came from the input. */
	linksExpireAt?: string;
	/** Whether the recording was fetched with the Claap API credential (its links are fresh). */
	fromApi: boolean;
}

/** The recording named by the `recording` parameter, by default the Claap Trigger's `$json.recording`. */
export function inputRecording<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	schema: T,
): SourcedRecording<z.output<T>> {
	let value: unknown = ctx.getNodeParameter('recording', itemIndex, undefined);
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			// Not JSON: reported below like any other value that is not a recording.
		}
	}
	const checked = checkData(schema, value);
	if (!checked.success) {
		throw new NodeOperationError(ctx.getNode(), 'The input item holds no usable Claap recording', {
			itemIndex,
			description: `"Recording" should point at a recording, such as the Claap Trigger's {{ $json.recording }}. Problems: ${formatIssues(checked.issues)}`,
		});
	}
	const linksExpireAt = item.json.linksExpireAt;
	return {
		recording: checked.data,
		fromApi: false,
		...(typeof linksExpireAt === 'string' ? { linksExpireAt } : {}),
	};
}

const RecordingSourceSchema = z.enum(['inputRecording', 'recordingId']);

/** The recording the Source parameter names: from the input item, or fetched by its ID. */
export async function sourcedRecording<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	item: INodeExecutionData,
	schema: T,
): Promise<SourcedRecording<z.output<T>>> {
	const source = typedParameter(ctx, 'source', itemIndex, RecordingSourceSchema, 'inputRecording');
	if (source === 'inputRecording') return inputRecording(ctx, itemIndex, item, schema);
	const recordingId = recordingIdParameter(ctx, itemIndex);
	return { recording: await getRecordingAs(ctx, deps, itemIndex, recordingId, schema), fromApi: true };
}
