import { NodeApiError, type IDataObject, type NodeOperationError } from 'n8n-workflow';

/**
 * The JSON of an error item under "Continue": everything a user needs to act on the failure,
 * not only the message (the description holds the remedy).
 */
export function errorItemJson(failure: NodeApiError | NodeOperationError): IDataObject {
	const json: IDataObject = { error: failure.message };
	if (failure.description !== undefined && failure.description !== null && failure.description !== '') {
		json.description = failure.description;
	}
	// NodeApiError falls back to an error's code for httpCode: keep only real statuses.
	if (failure instanceof NodeApiError && /^\d{3}$/u.test(failure.httpCode ?? '')) json.httpCode = failure.httpCode;
	const code = failure instanceof NodeApiError ? claapCode(failure) : undefined;
	if (code !== undefined) json.code = code;
	if (typeof failure.context.itemIndex === 'number') json.itemIndex = failure.context.itemIndex;
	return json;
}

/** Claap's own error code (or the network's), which the transport keeps in the error's details. */
function claapCode(failure: NodeApiError): string | undefined {
	const code = failure.errorResponse?.code;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

