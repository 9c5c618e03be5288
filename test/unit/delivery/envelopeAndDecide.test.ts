import {
	decideDelivery,
	expectSecrets,
	readEnvelope,
	validateRecording,
	WEBHOOK_ID_HEADER,
	WEBHOOK_SECRET_HEADER,
	type DeliveryDecision,
	type DeliveryHeaders,
	type DeliverySettings,
} from '../../../nodes/shared/delivery';
import {
	DELIVERY_FIXTURES,
	MALFORMED_PROBLEMS,
	asObject,
	loadDelivery,
	loadMalformed,
	malformedFixtureNames,
	recordingOf,
	withEventType,
	type JsonObject,
} from '../../support/fixtures';
import { SECRETS } from '../../support/webhookContext';

const { webhookId: ID, webhookSecret: SECRET } = SECRETS;
const secrets = expectSecrets({ webhookId: ID, webhookSecret: SECRET });
const goodHeaders: DeliveryHeaders = { [WEBHOOK_ID_HEADER]: ID, [WEBHOOK_SECRET_HEADER]: SECRET };
const badHeaders: DeliveryHeaders = { [WEBHOOK_ID_HEADER]: ID, [WEBHOOK_SECRET_HEADER]: 'whsec_wrong' };

const SETTINGS: DeliverySettings = {
	events: ['recording_added', 'recording_updated'],
	rejectDrift: false,
	channels: [],
	labels: [],
	requireDeal: false,
};

const nothingSeen = () => false;
const RECEIVED_AT = Date.parse('2026-11-24T14:00:12.000Z');

function decide(
	body: unknown,
	settings: Partial<DeliverySettings> = {},
	hasSeen: (eventId: string) => boolean = nothingSeen,
	headers: DeliveryHeaders = goodHeaders,
): DeliveryDecision {
	return decideDelivery({ headers, body, receivedAt: RECEIVED_AT }, secrets, { ...SETTINGS, ...settings }, hasSeen);
}

function expectAccepted(decision: DeliveryDecision): Extract<DeliveryDecision, { action: 'accept' }> {
	if (decision.action !== 'accept') throw new Error(`expected accept, got ${JSON.stringify(decision)}`);
	return decision;
}

describe('readEnvelope', () => {
	it('every malformed fixture has an expected problem', () => {
		expect(malformedFixtureNames()).toEqual(Object.keys(MALFORMED_PROBLEMS).sort());
	});

	it.each(malformedFixtureNames())('%s is refused and the problem is named', (file) => {
		const outcome = readEnvelope(loadMalformed(file));
		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		expect(outcome.problem).toContain(MALFORMED_PROBLEMS[file]);
	});

	it.each<[string, string, string]>([
		['missing-event-id.json', 'eventId', 'required'],
		['missing-event-type.json', 'event.type', 'required'],
		['missing-recording-id.json', 'event.recording.id', 'required'],
		// A field that is present with the wrong type is not reported as missing.
		['numeric-event-id.json', 'eventId', 'expected string, received number'],
		['event-not-object.json', 'event', 'expected object, received string'],
		['empty-event-id.json', 'eventId', '>=1'],
	])('%s names %s: %s', (file, path, message) => {
		const outcome = readEnvelope(loadMalformed(file));
		expect(outcome).toEqual({ ok: false, problem: expect.stringContaining(`${path}: `) });
		if (outcome.ok) return;
		expect(outcome.problem).toContain(message);
	});

	it.each<[string, unknown, string]>([
		['a string body', 'eventId=evt_1', 'body is not JSON'],
		['a string that is JSON', '{"eventId":"evt_1"}', 'body is not JSON'],
		['an empty string', '', 'body is not JSON'],
		['an array', [{ eventId: 'evt_1' }], 'body is not a JSON object'],
		['null', null, 'body is not a JSON object'],
		['undefined', undefined, 'body is not a JSON object'],
		['a number', 42, 'body is not a JSON object'],
		['a boolean', true, 'body is not a JSON object'],
	])('%s is refused: %s', (_label, body, problem) => {
		expect(readEnvelope(body)).toEqual({ ok: false, problem });
	});

	it('an empty object names every missing field', () => {
		const outcome = readEnvelope({});
		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		expect(outcome.problem).toContain('eventId: required');
		expect(outcome.problem).toContain('event: required');
	});

	it.each(DELIVERY_FIXTURES)('%s is a valid envelope, returned as the same object', (name) => {
		const body = loadDelivery(name);
		const outcome = readEnvelope(body);
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		expect(outcome.envelope).toBe(body);
	});

	it('accepts an event type it does not know (decideDelivery decides what to do with it)', () => {
		expect(readEnvelope(withEventType(loadDelivery('full'), 'recording_deleted')).ok).toBe(true);
	});
});

describe('decideDelivery', () => {
	describe('rejects', () => {
		it('401 before 400: bad auth with a bad body is a 401', () => {
			const decision = decide('not json', {}, nothingSeen, badHeaders);
			expect(decision).toMatchObject({ action: 'reject', status: 401, error: 'unauthorized' });
		});

		it('401 before anything else: bad auth with a duplicate of a not-selected event', () => {
			const decision = decide(loadDelivery('full'), { events: [] }, () => true, {});
			expect(decision).toMatchObject({ action: 'reject', status: 401 });
		});

		it('401 message names the problem but not the secret', () => {
			const decision = decide(loadDelivery('full'), {}, nothingSeen, { [WEBHOOK_ID_HEADER]: ID });
			expect(decision).toEqual({
				action: 'reject',
				status: 401,
				error: 'unauthorized',
				message: `Not a Claap delivery: missing ${WEBHOOK_SECRET_HEADER} header`,
			});
			expect(JSON.stringify(decide(loadDelivery('full'), {}, nothingSeen, badHeaders))).not.toContain(SECRET);
		});

		it.each(malformedFixtureNames())('400 invalid_delivery for %s', (file) => {
			const decision = decide(loadMalformed(file));
			expect(decision).toEqual({
				action: 'reject',
				status: 400,
				error: 'invalid_delivery',
				message: expect.stringContaining(MALFORMED_PROBLEMS[file]),
			});
		});

		it('400 for a string body', () => {
			expect(decide('hello')).toEqual({
				action: 'reject',
				status: 400,
				error: 'invalid_delivery',
				message: 'Not a Claap delivery: body is not JSON',
			});
		});
	});

	describe('event types', () => {
		it('ignores an event type that is not selected', () => {
			expect(decide(loadDelivery('full'), { events: ['recording_updated'] })).toEqual({
				action: 'ignore',
				reason: 'event_not_selected',
				eventId: 'evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z',
			});
		});

		it('ignores an unknown event type even if every documented one is selected', () => {
			expect(decide(withEventType(loadDelivery('full'), 'recording_deleted'))).toMatchObject({
				action: 'ignore',
				reason: 'event_not_selected',
			});
		});

		it('accepts each selected type and reports it', () => {
			expect(expectAccepted(decide(loadDelivery('full'))).item.eventType).toBe('recording_added');
			expect(expectAccepted(decide(loadDelivery('extra-fields'))).item.eventType).toBe('recording_updated');
		});
	});

	describe('duplicates', () => {
		it('ignores an eventId already seen', () => {
			const seen = new Set(['evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z']);
			expect(decide(loadDelivery('full'), {}, (id) => seen.has(id))).toEqual({
				action: 'ignore',
				reason: 'duplicate',
				eventId: 'evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z',
			});
		});

		it('asks about duplicates only for selected event types', () => {
			const hasSeen = jest.fn<boolean, [string]>(() => true);
			expect(decide(loadDelivery('full'), { events: ['recording_updated'] }, hasSeen)).toMatchObject({
				reason: 'event_not_selected',
			});
			expect(hasSeen).not.toHaveBeenCalled();
			expect(decide(loadDelivery('full'), {}, hasSeen)).toMatchObject({ reason: 'duplicate' });
			expect(hasSeen).toHaveBeenCalledWith('evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z');
		});

		it('never asks about duplicates for a refused delivery', () => {
			const hasSeen = jest.fn<boolean, [string]>(() => true);
			decide(loadMalformed('missing-recording-id.json'), {}, hasSeen);
			decide(loadDelivery('full'), {}, hasSeen, badHeaders);
			expect(hasSeen).not.toHaveBeenCalled();
		});
	});

	describe('schema drift', () => {
		it('accepts a drifted recording by default, with validation.valid false and the paths', () => {
			const body = loadDelivery('drifted-recording');
			const decision = expectAccepted(decide(body));
			expect(decision.item.validation.valid).toBe(false);
			expect(decision.item.validation.issues.map((issue) => issue.path)).toEqual(['durationSeconds', 'labels', 'video']);
			expect(decision.item.recording).toBe(recordingOf(body));
		});

		it('tells a field of the wrong type from a missing one', () => {
			const { issues } = expectAccepted(decide(loadDelivery('drifted-recording'))).item.validation;
			const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
			expect(byPath.video).toBe('required');
			expect(byPath.durationSeconds).toContain('expected number, received string');
			expect(byPath.labels).toContain('expected array, received null');
		});

		it('rejects a drifted recording with 400 invalid_recording when rejectDrift is on', () => {
			expect(decide(loadDelivery('drifted-recording'), { rejectDrift: true })).toEqual({
				action: 'reject',
				status: 400,
				error: 'invalid_recording',
				message:
					"The recording does not match Claap's documented schema: recording.durationSeconds: Invalid input: expected number, " +
					'received string; recording.labels: Invalid input: expected array, received null; recording.video: required',
			});
		});

		it.each(DELIVERY_FIXTURES.filter((name) => name !== 'drifted-recording'))(
			'%s is valid, also with rejectDrift',
			(name) => {
				const decision = expectAccepted(decide(loadDelivery(name), { rejectDrift: true }));
				expect(decision.item.validation).toEqual({ valid: true, issues: [] });
			},
		);

		it('ai-fields with a new shape of aiFields is still valid', () => {
			const body = loadDelivery('ai-fields');
			recordingOf(body).aiFields = [{ name: 'Next steps', value: 'Pilot' }];
			expect(expectAccepted(decide(body, { rejectDrift: true })).item.validation.valid).toBe(true);
		});

		it('a duplicate of a drifted delivery is ignored, not rejected', () => {
			expect(decide(loadDelivery('drifted-recording'), { rejectDrift: true }, () => true)).toMatchObject({
				action: 'ignore',
				reason: 'duplicate',
			});
		});
	});

	describe('filters', () => {
		it.each<[string, Partial<DeliverySettings>, 'full' | 'minimal', 'accept' | 'ignore']>([
			['channel by name', { channels: ['Sales calls'] }, 'full', 'accept'],
			['channel by name in another case, with spaces', { channels: ['  SALES CALLS '] }, 'full', 'accept'],
			['channel by id', { channels: ['ch_sales'] }, 'full', 'accept'],
			['channel by id in another case', { channels: ['CH_SALES'] }, 'full', 'accept'],
			['one of several channels', { channels: ['Marketing', 'ch_sales'] }, 'full', 'accept'],
			['another channel', { channels: ['Marketing'] }, 'full', 'ignore'],
			['a channel prefix is not a match', { channels: ['Sales'] }, 'full', 'ignore'],
			['any channel on a recording without one', { channels: ['Sales calls'] }, 'minimal', 'ignore'],
			['a label', { labels: ['discovery'] }, 'full', 'accept'],
			['any of several labels', { labels: ['renewal', 'Enterprise'] }, 'full', 'accept'],
			['none of the labels', { labels: ['renewal', 'churn'] }, 'full', 'ignore'],
			['a label on a recording without labels', { labels: ['discovery'] }, 'minimal', 'ignore'],
			['requireDeal with a deal', { requireDeal: true }, 'full', 'accept'],
			['requireDeal without a deal', { requireDeal: true }, 'minimal', 'ignore'],
			['no filters on minimal', {}, 'minimal', 'accept'],
			['all filters matching', { channels: ['sales calls'], labels: ['enterprise'], requireDeal: true }, 'full', 'accept'],
			['all filters but one matching', { channels: ['sales calls'], labels: ['renewal'], requireDeal: true }, 'full', 'ignore'],
		])('%s -> %s on %s', (_label, settings, fixture, expected) => {
			const decision = decide(loadDelivery(fixture), settings);
			if (expected === 'accept') {
				expect(decision.action).toBe('accept');
			} else {
				expect(decision).toEqual({
					action: 'ignore',
					reason: 'filtered_out',
					eventId: asObject(loadDelivery(fixture)).eventId,
				});
			}
		});

		it('a null deal does not satisfy requireDeal', () => {
			const body = loadDelivery('full');
			recordingOf(body).deal = null;
			expect(decide(body, { requireDeal: true })).toMatchObject({ action: 'ignore', reason: 'filtered_out' });
		});

		it('filters read a drifted recording defensively (labels: null)', () => {
			expect(decide(loadDelivery('drifted-recording'), { labels: ['discovery'] })).toMatchObject({
				reason: 'filtered_out',
			});
			expect(decide(loadDelivery('drifted-recording'), { channels: ['ch_sales'] }).action).toBe('accept');
		});

		it('non-string labels and a channel that is not an object are ignored, not thrown on', () => {
			const body = loadDelivery('full');
			const recording = recordingOf(body);
			recording.labels = [42, { name: 'discovery' }, null];
			recording.channel = 'Sales calls';
			expect(decide(body, { labels: ['discovery'] })).toMatchObject({ reason: 'filtered_out' });
			expect(decide(body, { channels: ['Sales calls'] })).toMatchObject({ reason: 'filtered_out' });
		});
	});

	describe('__proto__ keys in the body', () => {
		const text = JSON.stringify({
			eventId: 'evt_proto_1',
			event: {
				type: 'recording_added',
				recording: { ...recordingOf(loadDelivery('full')), marker: 'rec' },
			},
		})
			.replace('"eventId"', '"__proto__":{"polluted":"top"},"eventId"')
			.replace('"marker":"rec"', '"marker":"rec","__proto__":{"polluted":"recording","isAdmin":true}');

		afterEach(() => {
			// Belt and braces: never leave a polluted prototype behind for other tests.
			const proto = Object.prototype as Record<string, unknown>;
			delete proto.polluted;
			delete proto.isAdmin;
		});

		it('the body really has own __proto__ keys', () => {
			const body = asObject(JSON.parse(text));
			expect(Object.prototype.hasOwnProperty.call(body, '__proto__')).toBe(true);
			expect(Object.prototype.hasOwnProperty.call(recordingOf(body), '__proto__')).toBe(true);
		});

		it('does not pollute Object.prototype and the accepted delivery is the original object', () => {
			const body = asObject(JSON.parse(text));
			const decision = expectAccepted(decide(body, { rejectDrift: true, channels: ['ch_sales'] }));
			const fresh: Record<string, unknown> = {};
			expect(fresh.polluted).toBeUndefined();
			expect(fresh.isAdmin).toBeUndefined();
			const recording = decision.item.recording as JsonObject;
			expect(recording).toBe(recordingOf(body));
			expect(Object.getOwnPropertyDescriptor(recording, '__proto__')?.value).toEqual({
				polluted: 'recording',
				isAdmin: true,
			});
			expect(Object.getPrototypeOf(recording)).toBe(Object.prototype);
			expect(decision.item.validation.valid).toBe(true);
		});

		it('validateRecording does not pollute Object.prototype either', () => {
			const body = asObject(JSON.parse(text));
			validateRecording(recordingOf(body));
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		});
	});

	it('an accepted delivery becomes the item, with every field of the original recording', () => {
		const body = loadDelivery('extra-fields');
		const { item } = expectAccepted(decide(body));
		expect(item.recording).toBe(recordingOf(body));
		expect(item.recording).toEqual(recordingOf(loadDelivery('extra-fields')));
		expect(item).toMatchObject({ eventId: body.eventId, receivedAt: '2026-11-24T14:00:12.000Z', linksExpireAt: '2026-11-25T14:00:12.000Z' });
	});
});
