import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod/v4';

import { RecordingWithTranscriptsSchema, type Transcript, type TranscriptLink } from '../../../shared/schemas';
import { languageChoiceOf, selectTranscript, type LanguageChoice } from '../../../shared/transcript';
import { typedParameter } from '../../helpers/parameters';
import { downloadTranscript, getTranscript, type ClaapDeps } from '../../transport';
import { sourcedRecording } from '../recordingSource';

// Reads Transcript > Get's Source and Language fields and fetches the transcript they name.

export interface SourcedTranscript {
	transcript: Transcript;
	recordingId: string | null;
	title?: string;
	language: string | null;
}

const TranscriptSourceSchema = z.enum(['inputRecording', 'transcriptUrl', 'recordingId']);

function languageChoice(ctx: IExecuteFunctions, itemIndex: number): LanguageChoice {
	const language = typedParameter(ctx, 'language', itemIndex, z.string(), 'active');
	if (language === 'code') {
		const code = typedParameter(ctx, 'languageCode', itemIndex, z.string().trim().min(1, 'Language Code is empty'));
		return { kind: 'code', code };
	}
	const choice = languageChoiceOf(language);
	if (choice === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Language "${language}" is not one Claap knows`, {
			itemIndex,
			description: 'Give "active", "native", or a two-letter ISO 639-1 language code such as "fr".',
		});
	}
	return choice;
}

function chosenLink(ctx: IExecuteFunctions, itemIndex: number, links: readonly TranscriptLink[]): TranscriptLink {
	const selection = selectTranscript(links, languageChoice(ctx, itemIndex));
	if (!selection.found) throw new NodeOperationError(ctx.getNode(), selection.reason, { itemIndex });
	return selection.link;
}

/** The transcript from wherever the Source parameter says, in the language the Language parameter says. */
export async function sourcedTranscript(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<SourcedTranscript> {
	const source = typedParameter(ctx, 'source', itemIndex, TranscriptSourceSchema);
	if (source === 'transcriptUrl') {
		const url = typedParameter(ctx, 'transcriptUrl', itemIndex, z.string().trim().min(1, 'Transcript URL is empty'));
		const transcript = await downloadTranscript(ctx, deps, itemIndex, url);
		return { transcript, recordingId: null, language: transcript.language ?? null };
	}
	// The recording says which languages exist and which is active, and gives the title.
	const { recording, linksExpireAt, fromApi } = await sourcedRecording(
		ctx,
		deps,
		itemIndex,
		item,
		RecordingWithTranscriptsSchema,
	);
	const link = chosenLink(ctx, itemIndex, recording.transcripts);
	// Fetched by ID, the transcript comes from the REST API itself: no pre-signed link is involved.
	const transcript = fromApi
		? await getTranscript(ctx, deps, itemIndex, recording.id, link.langIso2)
		: await downloadTranscript(ctx, deps, itemIndex, link.url, linksExpireAt);
	return {
		transcript,
		recordingId: recording.id,
		title: recording.title,
		language: link.langIso2 ?? transcript.language ?? null,
	};
}
