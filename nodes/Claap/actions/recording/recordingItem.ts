import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { validateRecording } from '../../../shared/schemas';
import { isDataObject } from '../../helpers/data';

/**
 * A recording as an output item. One that does not match Claap's documented schema is still
 * delivered, with `validationIssues` saying where it differs (in the Claap Trigger's words), so
 * that drift never loses data.
 */
export function recordingItem(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): INodeExecutionData {
	if (!isDataObject(raw)) {
		throw new NodeOperationError(ctx.getNode(), 'Claap answered with a recording that is not a JSON object', { itemIndex });
	}
	const report = validateRecording(raw);
	return report.valid ? { json: raw } : { json: { ...raw, validationIssues: report.issues } };
}
