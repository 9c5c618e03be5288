import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod/v4';

import { checkData, EMPTY_RECORDING_ID, formatIssues, RecordingIdSchema } from '../../shared/schemas';

/** A node parameter checked against a schema, so operations work with typed values. */
export function typedParameter<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	schema: T,
	fallback?: unknown,
): z.output<T> {
	const checked = checkData(schema, ctx.getNodeParameter(name, itemIndex, fallback));
	if (!checked.success) {
		throw new NodeOperationError(ctx.getNode(), `Parameter "${name}" is not valid`, {
			itemIndex,
			description: formatIssues(checked.issues, name),
		});
	}
	return checked.data;
}

/** The `recordingId` parameter, trimmed; every operation that takes one reads it here. */
export function recordingIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const checked = checkData(RecordingIdSchema, ctx.getNodeParameter('recordingId', itemIndex, ''));
	if (!checked.success) {
		const empty = checked.issues.some((issue) => issue.message === EMPTY_RECORDING_ID);
		throw new NodeOperationError(ctx.getNode(), empty ? EMPTY_RECORDING_ID : 'Recording ID is not text', {
			itemIndex,
			description: "Give the recording's ID, as the Claap Trigger and Recording > Get output it.",
		});
	}
	return checked.data;
}
