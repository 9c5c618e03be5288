import {
	ApiErrorSchema,
	ApiTranscriptSchema,
	DeliverySchema,
	RecordingSchema,
	TranscriptSchema,
	WebhookTriggerResponseSchema,
} from '../../nodes/shared/schemas';
import { DELIVERY_FIXTURES, asObject, loadDelivery, recordingOf } from '../support/fixtures';

describe('DeliverySchema on the delivery fixtures', () => {
	const documented = DELIVERY_FIXTURES.filter((name) => name !== 'drifted-recording');

	it.each(documented)('%s parses', (name) => {
		const result = DeliverySchema.safeParse(loadDelivery(name));
		expect(result.error?.issues).toBeUndefined();
		expect(result.success).toBe(true);
	});

	it('full keeps every documented field', () => {
		const raw = loadDelivery('full');
		const parsed = DeliverySchema.parse(raw);
		expect(parsed).toEqual(raw);
		expect(parsed.eventId).toBe('evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z');
		expect(parsed.event.type).toBe('recording_added');
		expect(parsed.event.recording.channel).toEqual({ id: 'ch_sales', name: 'Sales calls' });
		expect(parsed.event.recording.insightTemplates?.length).toBeGreaterThan(0);
	});

	it('minimal has no channel, deal or meeting and still parses', () => {
		const parsed = DeliverySchema.parse(loadDelivery('minimal'));
		expect(parsed.event.recording.channel).toBeUndefined();
		expect(parsed.event.recording.deal).toBeUndefined();
		expect(parsed.event.recording.meeting).toBeUndefined();
		expect(parsed.event.recording.title).toBeUndefined();
		expect(parsed.event.recording.labels).toEqual([]);
	});

	it('extra-fields keeps unknown fields at the top level, in event, in recording and in recorder', () => {
		const parsed: Record<string, unknown> = DeliverySchema.parse(loadDelivery('extra-fields'));
		expect(parsed.deliveredBy).toBe('claap-webhooks-v2');
		const event = asObject(parsed.event);
		expect(event.previous).toEqual({ labels: ['discovery'] });
		const recording = recordingOf(parsed);
		expect(recording.language).toBe('en');
		expect(recording.sentiment).toEqual({ score: 0.72 });
		expect(asObject(recording.recorder).avatarUrl).toBe('https://storage.claap.io/a/42.png');
		expect(parsed).toEqual(loadDelivery('extra-fields'));
	});

	it('ai-fields passes aiFields through untouched and has no insightTemplates', () => {
		const raw = loadDelivery('ai-fields');
		const parsed = DeliverySchema.parse(raw);
		expect(parsed.event.recording.aiFields).toStrictEqual(recordingOf(raw).aiFields);
		expect(parsed.event.recording.aiFields).toStrictEqual({
			'Next steps': 'Security review, then pilot in January.',
			'Budget confirmed': true,
			Competitors: ['Gong', 'Modjo'],
			'Deal score': { value: 72, scale: 100 },
		});
		expect('insightTemplates' in parsed.event.recording).toBe(false);
	});

	it.each([
		['a string', 'Next steps: pilot'],
		['a number', 3],
		['null', null],
		['an array of mixed values', [1, 'two', { three: 3 }]],
	])('accepts aiFields of any shape: %s', (_label, aiFields) => {
		const raw = loadDelivery('ai-fields');
		recordingOf(raw).aiFields = aiFields;
		const parsed = DeliverySchema.parse(raw);
		expect(parsed.event.recording.aiFields).toStrictEqual(aiFields);
	});

	it('rejects an event type Claap does not document', () => {
		const raw = loadDelivery('full');
		asObject(raw.event).type = 'recording_deleted';
		const result = DeliverySchema.safeParse(raw);
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['event.type']);
	});
});

describe('RecordingSchema on the drifted recording', () => {
	it('fails with exactly the drifted paths', () => {
		const result = RecordingSchema.safeParse(recordingOf(loadDelivery('drifted-recording')));
		expect(result.success).toBe(false);
		const paths = (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();
		expect(paths).toEqual(['durationSeconds', 'labels', 'video']);
		expect(result.error?.issues.every((issue) => issue.code === 'invalid_type')).toBe(true);
	});

	it('the whole delivery fails DeliverySchema at event.recording.*', () => {
		const result = DeliverySchema.safeParse(loadDelivery('drifted-recording'));
		expect(result.success).toBe(false);
		const paths = (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();
		expect(paths).toEqual(['event.recording.durationSeconds', 'event.recording.labels', 'event.recording.video']);
	});

	it('accepts null for the optional objects', () => {
		const raw = recordingOf(loadDelivery('full'));
		for (const key of ['channel', 'deal', 'meeting', 'workspace', 'crmInfo']) raw[key] = null;
		expect(RecordingSchema.safeParse(raw).success).toBe(true);
	});
});

describe('TranscriptSchema', () => {
	const transcript = {
		language: 'en',
		segments: [
			{
				startedAt: 0,
				endedAt: 2.5,
				text: 'Hello everyone.',
				speaker: 'speaker_1',
				languageCode: 'en',
				words: [
					{ startedAt: 0, endedAt: 0.6, word: 'Hello' },
					{ startedAt: 0.7, endedAt: 2.5, word: 'everyone.' },
				],
			},
			{ startedAt: 2.5, endedAt: 4, text: 'Hi Maria.', confidence: 0.93 },
		],
	};

	it('parses a small transcript and keeps unknown fields', () => {
		const parsed = TranscriptSchema.parse(transcript);
		expect(parsed).toEqual(transcript);
		expect(parsed.segments[1]).toHaveProperty('confidence', 0.93);
	});

	it('parses a transcript with no language and no segments', () => {
		expect(TranscriptSchema.safeParse({ segments: [] }).success).toBe(true);
	});

	it('refuses a transcript without segments', () => {
		const result = TranscriptSchema.safeParse({ language: 'en' });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].path).toEqual(['segments']);
	});

	it('refuses a segment whose times are strings', () => {
		const result = TranscriptSchema.safeParse({ segments: [{ startedAt: '0', endedAt: 1, text: 'x' }] });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].path).toEqual(['segments', 0, 'startedAt']);
	});

	it('refuses a word without its text', () => {
		const result = TranscriptSchema.safeParse({
			segments: [{ startedAt: 0, endedAt: 1, text: 'x', words: [{ startedAt: 0, endedAt: 1 }] }],
		});
		expect(result.error?.issues[0].path).toEqual(['segments', 0, 'words', 0, 'word']);
	});

	it('the REST API variant names the language languageCode', () => {
		const parsed = ApiTranscriptSchema.parse({ languageCode: 'fr', segments: transcript.segments });
		expect(parsed.languageCode).toBe('fr');
		expect(ApiTranscriptSchema.safeParse({ languageCode: 2, segments: [] }).success).toBe(false);
	});
});

describe('WebhookTriggerResponseSchema', () => {
	it('accepts ok:true with or without data', () => {
		expect(WebhookTriggerResponseSchema.parse({ ok: true, data: { queued: 1 } })).toEqual({
			ok: true,
			data: { queued: 1 },
		});
		expect(WebhookTriggerResponseSchema.safeParse({ ok: true }).success).toBe(true);
	});

	it('accepts ok:false with an error code and an optional message, keeping unknown fields', () => {
		const failure = { ok: false, error: 'webhook_not_found', errMessage: 'No such webhook', requestId: 'r1' };
		const parsed = WebhookTriggerResponseSchema.parse(failure);
		expect(parsed).toEqual(failure);
		expect(parsed.ok === false && parsed.error).toBe('webhook_not_found');
		expect(WebhookTriggerResponseSchema.safeParse({ ok: false, error: 'x' }).success).toBe(true);
	});

	it.each([
		['ok:false without an error code', { ok: false }],
		['ok:false with a numeric error', { ok: false, error: 404 }],
		['ok as a string', { ok: 'true' }],
		['no ok at all', { data: {} }],
		['not an object', 'ok'],
	])('refuses %s', (_label, value) => {
		expect(WebhookTriggerResponseSchema.safeParse(value).success).toBe(false);
	});
});

describe('ApiErrorSchema', () => {
	it('accepts an error with a type, a message and an optional path of any shape', () => {
		expect(ApiErrorSchema.safeParse({ error: { type: 'not_found', message: 'Recording not found' } }).success).toBe(
			true,
		);
		const withPath = { error: { type: 'validation_error', message: 'Invalid', path: ['limit'], hint: 'x' } };
		expect(ApiErrorSchema.parse(withPath)).toEqual(withPath);
	});

	it.each([
		['no message', { error: { type: 'not_found' } }],
		['no type', { error: { message: 'x' } }],
		['a string error', { error: 'not_found' }],
		['no error', { result: {} }],
	])('refuses %s', (_label, value) => {
		expect(ApiErrorSchema.safeParse(value).success).toBe(false);
	});
});
