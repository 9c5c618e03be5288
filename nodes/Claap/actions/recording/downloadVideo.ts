import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { fileNameFor, mediaType, urlExtension } from '../../helpers/fileName';
import { RecordingWithVideoSchema } from '../../../shared/schemas';
import { typedParameter } from '../../helpers/parameters';
import { runsAsTool } from '../../helpers/tool';
import { downloadLinkToBinary } from '../../transport/download';
import { binaryPropertyField, recordingSourceFields } from '../common.descriptions';
import { forOperation } from '../display';
import { sourcedRecording } from '../recordingSource';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [...recordingSourceFields(), binaryPropertyField];

export const description = forOperation('recording', 'downloadVideo', properties);

/**
 * The video behind `video.url`, as binary data named after the recording's title. As an agent's
 * tool it answers with the link instead: an agent cannot watch a file, and n8n would drop it.
 */
export const execute: OperationExecute = async function (itemIndex, item, deps) {
	const { recording, linksExpireAt } = await sourcedRecording(this, deps, itemIndex, item, RecordingWithVideoSchema);
	if (runsAsTool(this)) {
		return [{ json: { recordingId: recording.id, title: recording.title ?? null, videoUrl: recording.video.url } }];
	}
	const binaryPropertyName = typedParameter(this, 'binaryPropertyName', itemIndex, z.string().trim().min(1), 'data');
	const extension = urlExtension(recording.video.url) ?? 'mp4';
	// Streamed into n8n's binary data store: a video can be 2 GiB.
	const file = await downloadLinkToBinary(
		{
			httpRequest: async (options) => await this.helpers.httpRequest(options),
			prepareBinaryData: async (data, fileName, mimeType) => await this.helpers.prepareBinaryData(data, fileName, mimeType),
		},
		this.getNode(),
		deps,
		{ url: recording.video.url, what: 'video', linksExpireAt },
		(contentType) => ({
			fileName: fileNameFor(recording.title, recording.id, extension),
			mimeType: mediaType(contentType, extension),
		}),
	);
	return [
		{
			json: {
				recordingId: recording.id,
				title: recording.title ?? null,
				fileName: file.fileName,
				mimeType: file.mimeType,
				fileSize: file.bytes,
			},
			binary: { [binaryPropertyName]: file.binary },
		},
	];
};
