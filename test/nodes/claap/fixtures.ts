import { readFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../../../nodes/Claap/helpers/data';

const FIXTURES = join(__dirname, '../../fixtures');

export function readJson(path: string): IDataObject {
	const value: unknown = JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
	if (!isDataObject(value)) throw new Error(`${path} is not a JSON object`);
	return value;
}

/** The realistic recording from the full delivery fixture. */
export function fullRecording(): IDataObject {
	const event = readJson('deliveries/full.json').event;
	if (!isDataObject(event) || !isDataObject(event.recording)) throw new Error('full.json has no recording');
	return event.recording;
}

export function transcriptFixture(name: string): IDataObject {
	return readJson(`transcripts/${name}.json`);
}

/** The Claap Trigger's output item around a recording. */
export function triggerItem(recording: IDataObject, extra: IDataObject = {}): { json: IDataObject } {
	return {
		json: {
			eventId: 'evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z',
			eventType: 'recording_added',
			receivedAt: '2026-11-24T14:35:00.000Z',
			linksExpireAt: '2026-11-25T14:35:00.000Z',
			recording,
			...extra,
		},
	};
}
