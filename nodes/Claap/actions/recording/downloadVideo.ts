import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { fileNameFor, mediaType, urlExtension } from '../../helpers/fileName';
import { RecordingWithVideoSchema } from '../../../shared/schemas';
import { typedParameter } from '../../helpers/parameters';
import { downloadPresignedLink } from '../../transport';
import { binaryPropertyField, recordingSourceFields } from '../common.descriptions';
import { forOperation } from '../display';
import { sourcedRecording } from '../recordingSource';
import type { OperationExecute } from '../types';

const properties: INodeProperties[] = [...recordingSourceFields(), binaryPropertyField];

export const description = forOperation('recording', 'downloadVideo', properties);

/** The video behind `video.url`, as binary data named after the recording's title. */
export const execute: OperationExecute = async function (itemIndex, item, deps) {
	const binaryPropertyName = typedParameter(this, 'binaryPropertyName', itemIndex, z.string().trim().min(1), 'data');
	const { recording, linksExpireAt } = await sourcedRecording(this, deps, itemIndex, item, RecordingWithVideoSchema);
	const file = await downloadPresignedLink((options) => this.helpers.httpRequest(options), this.getNode(), deps, {
		url: recording.video.url,
		what: 'video',
		linksExpireAt,
	});
	const extension = urlExtension(recording.video.url) ?? 'mp4';
	const mimeType = mediaType(file.contentType, extension);
	const fileName = fileNameFor(recording.title, recording.id, extension);
	const binary = await this.helpers.prepareBinaryData(file.data, fileName, mimeType);
	return [
		{
			json: { recordingId: recording.id, title: recording.title ?? null, fileName, mimeType, fileSize: file.data.length },
			binary: { [binaryPropertyName]: binary },
		},
	];
};
