import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod/v4';

import { LenientRecordingResultSchema, RecordingSchema } from '../../shared/schemas';
import { claapApiRequest, type ClaapDeps } from '../transport';
import { isDataObject } from './data';

/** Only what the transcript and video operations read; every other field may drift freely. */
export const RecordingWithTranscriptsSchema = RecordingSchema.pick({ id: true, title: true, transcripts: true });
export const RecordingWithVideoSchema = RecordingSchema.pick({ id: true, title: true, video: true });

export interface SourcedRecording<T> {
	recording: T;
	/** From the Claap Trigger's item, when the recording came from the input. */
	linksExpireAt?: string;
}

function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
		.join('; ');
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
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		throw new NodeOperationError(ctx.getNode(), 'The input item holds no usable Claap recording', {
			itemIndex,
			description: `"Recording" should point at a recording, such as the Claap Trigger's {{ $json.recording }}. Problems: ${describeIssues(parsed.error)}`,
		});
	}
	const linksExpireAt = item.json.linksExpireAt;
	return {
		recording: parsed.data,
		...(typeof linksExpireAt === 'string' ? { linksExpireAt } : {}),
	};
}

/** GET /v1/recordings/{id}: the recording with fresh 24-hour links, unparsed. */
export async function getRecording(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	recordingId: string,
): Promise<unknown> {
	const id = recordingId.trim();
	if (id === '') throw new NodeOperationError(ctx.getNode(), 'Recording ID is empty', { itemIndex });
	const answer = await claapApiRequest(
		ctx,
		deps,
		itemIndex,
		{ method: 'GET', path: `/v1/recordings/${encodeURIComponent(id)}` },
		LenientRecordingResultSchema,
	);
	return answer.result.recording;
}

/** A recording fetched by ID, parsed with the operation's own schema. */
export async function recordingById<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	recordingId: string,
	schema: T,
): Promise<z.output<T>> {
	const parsed = schema.safeParse(await getRecording(ctx, deps, itemIndex, recordingId));
	if (!parsed.success) {
		throw new NodeOperationError(ctx.getNode(), `Claap's recording ${recordingId} lacks what this operation needs`, {
			itemIndex,
			description: describeIssues(parsed.error),
		});
	}
	return parsed.data;
}

/**
 * A recording as an output item. One that does not match Claap's documented schema is still
 * delivered, with `validationIssues` saying where it differs, so that drift never loses data.
 */
export function recordingItem(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): INodeExecutionData {
	if (!isDataObject(raw)) {
		throw new NodeOperationError(ctx.getNode(), 'Claap answered with a recording that is not a JSON object', { itemIndex });
	}
	const parsed = RecordingSchema.safeParse(raw);
	if (parsed.success) return { json: raw };
	const validationIssues: IDataObject[] = parsed.error.issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		message: issue.message,
	}));
	return { json: { ...raw, validationIssues } };
}
