import { ObservableObject, type IDataObject, type INodeExecutionData, type IWebhookResponseData } from 'n8n-workflow';

import { ClaapTrigger } from '../../../nodes/ClaapTrigger/ClaapTrigger.node';
import { SECRETS_MAX_AGE_MS, SECRETS_TTL_MS } from '../../../nodes/ClaapTrigger/secretsCache';
import { forgetSeenEvents, forgetWebhookSecrets } from '../../support/triggerState';
import { FakeProcessedDataStore } from '../../support/processedDataStore';
import { inMemory } from '../../../nodes/ClaapTrigger/seenEvents';
import { LEDGER_LIMITS, PERSISTED_LEDGER_LIMITS, WEBHOOK_ID_HEADER, WEBHOOK_SECRET_HEADER } from '../../../nodes/shared/delivery';
import {
	MALFORMED_PROBLEMS,
	asObject,
	deliveryText,
	loadDelivery,
	loadMalformed,
	malformedFixtureNames,
	malformedText,
	recordingOf,
	withEventId,
	withEventType,
} from '../../support/fixtures';
import {
	SECRETS,
	type TriggerParameters,
	TRIGGER_NODE,
	createExecuteHarness,
	createWebhookHarness,
	deliver,
	requestHeaders,
	type DeliverOptions,
	type HarnessOptions,
	type WebhookHarness,
} from '../../support/webhookContext';

const NOW = Date.UTC(2026, 10, 24, 14, 31, 7, 250);
const FULL_EVENT_ID = 'evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z';

let now = NOW;
beforeEach(() => {
	forgetWebhookSecrets();
	forgetSeenEvents();
	now = NOW;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => {
	jest.restoreAllMocks();
});

/** The one item an accepted delivery starts a run with. */
function onlyItem(response: IWebhookResponseData): IDataObject {
	expect(response.workflowData).toHaveLength(1);
	expect(response.workflowData?.[0]).toHaveLength(1);
	const item: INodeExecutionData | undefined = response.workflowData?.[0]?.[0];
	if (item === undefined) throw new Error('no item');
	return item.json;
}

function expectRejected(harness: WebhookHarness, response: IWebhookResponseData, status: 400 | 401, error: string) {
	expect(response).toEqual({ noWebhookResponse: true });
	expect(response.workflowData).toBeUndefined();
	expect(harness.response.status).toHaveBeenCalledTimes(1);
	expect(harness.response.status).toHaveBeenCalledWith(status);
	expect(harness.response.json).toHaveBeenCalledTimes(1);
	const body = asObject(harness.response.json.mock.calls[0][0]);
	expect(Object.keys(body).sort()).toEqual(['error', 'message']);
	expect(body.error).toBe(error);
	expect(typeof body.message).toBe('string');
	expect(JSON.stringify(body)).not.toContain(SECRETS.webhookSecret);
	return String(body.message);
}

function expectNoResponseWritten(harness: WebhookHarness) {
	expect(harness.response.status).not.toHaveBeenCalled();
	expect(harness.response.json).not.toHaveBeenCalled();
}

/** Run items as webhook() emits them, received a second apart. */
const items = (...eventIds: Array<string | undefined>): INodeExecutionData[] =>
	eventIds.map((eventId, index) => ({
		json: {
			...(eventId === undefined ? {} : { eventId }),
			receivedAt: new Date(NOW + index * 1000).toISOString(),
			recording: { id: `rec_${index}` },
		},
	}));

const setup = (options?: HarnessOptions) => createWebhookHarness(options);

/** Not remembered: the same delivery to the same node, with default settings, starts a run. */
async function expectNotRemembered(harness: WebhookHarness, body: { eventId?: unknown }) {
	expect(harness.staticData).toEqual({});
	expect(onlyItem(await deliver(setup(), body)).eventId).toBe(body.eventId);
}

describe('ClaapTrigger webhook(): accept', () => {
	it('starts one run with one item holding the delivery', async () => {
		const harness = setup();
		const body = loadDelivery('full');
		const response = await deliver(harness, body);

		const item = onlyItem(response);
		expect(Object.keys(item).sort()).toEqual(
			['eventId', 'eventType', 'linksExpireAt', 'receivedAt', 'recording', 'validation'].sort(),
		);
		expect(item.eventId).toBe(FULL_EVENT_ID);
		expect(item.eventType).toBe('recording_added');
		expect(item.receivedAt).toBe(new Date(NOW).toISOString());
		expect(item.linksExpireAt).toBe(new Date(NOW + 24 * 60 * 60 * 1000).toISOString());
		expect(item.recording).toEqual(recordingOf(loadDelivery('full')));
		expect(item.validation).toEqual({ valid: true, issues: [] });
		expect(response.webhookResponse).toEqual({ received: true, eventId: FULL_EVENT_ID });
		expect(response.noWebhookResponse).toBeUndefined();
		expectNoResponseWritten(harness);
	});

	it('reads the credential claapWebhookApi and the three parameters', async () => {
		const harness = setup();
		await deliver(harness, loadDelivery('full'));
		expect(harness.getCredentials).toHaveBeenCalledWith('claapWebhookApi');
		const names = harness.getNodeParameter.mock.calls.map(([name]) => name).sort();
		expect(names).toEqual(['events', 'filters', 'options']);
	});

	it('keeps extra fields and aiFields in the item', async () => {
		const harness = setup();
		const extra = onlyItem(await deliver(harness, loadDelivery('extra-fields')));
		expect(extra.eventType).toBe('recording_updated');
		expect(asObject(extra.recording).sentiment).toEqual({ score: 0.72 });
		expect(asObject(asObject(extra.recording).recorder).avatarUrl).toBe('https://storage.claap.io/a/42.png');
		const ai = onlyItem(await deliver(harness, loadDelivery('ai-fields')));
		expect(asObject(ai.recording).aiFields).toStrictEqual(recordingOf(loadDelivery('ai-fields')).aiFields);
	});

	it('accepts string headers only (no headersDistinct)', async () => {
		const harness = setup();
		const response = await deliver(harness, loadDelivery('full'), { stringHeadersOnly: true });
		expect(onlyItem(response).eventId).toBe(FULL_EVENT_ID);
	});

	it('parses JSON sent as raw text without a content type (body undefined, rawBody set)', async () => {
		const harness = setup();
		const response = await deliver(harness, undefined, {
			contentType: '',
			rawBody: Buffer.from(deliveryText('minimal'), 'utf8'),
		});
		expect(onlyItem(response).eventId).toBe('evt_minimal_0001');
	});

	it('reads a body n8n left unread (version 2, unusual content type) with its readRawBody', async () => {
		const harness = setup();
		const response = await deliver(harness, undefined, {
			contentType: 'application/x-claap',
			rawBody: Buffer.from(deliveryText('minimal'), 'utf8'),
			unread: true,
		});
		expect(onlyItem(response).eventId).toBe('evt_minimal_0001');
	});

	it('parses JSON sent as text/plain (body is the string)', async () => {
		const harness = setup();
		const response = await deliver(harness, deliveryText('minimal'), { contentType: 'text/plain' });
		expect(onlyItem(response).eventId).toBe('evt_minimal_0001');
		expect(onlyItem(response).recording).toEqual(recordingOf(loadDelivery('minimal')));
	});

	it('accepts a drifted recording by default, with the validation report', async () => {
		const harness = setup();
		const item = onlyItem(await deliver(harness, loadDelivery('drifted-recording')));
		const validation = asObject(item.validation);
		expect(validation.valid).toBe(false);
		expect((validation.issues as Array<{ path: string }>).map((issue) => issue.path)).toEqual([
			'durationSeconds',
			'labels',
			'video',
		]);
	});
});

describe('ClaapTrigger webhook(): 401', () => {
	it.each<[string, DeliverOptions['headers'], string]>([
		['a wrong secret', { secret: 'whsec_wrong' }, 'does not match'],
		['a wrong id', { id: 'wh_other' }, 'does not match'],
		['the secret with one more character', { secret: `${SECRETS.webhookSecret}x` }, 'does not match'],
		['swapped headers', { id: SECRETS.webhookSecret, secret: SECRETS.webhookId }, 'does not match'],
		['a missing secret header', { secret: [] }, `missing ${WEBHOOK_SECRET_HEADER} header`],
		['a missing id header', { id: [] }, `missing ${WEBHOOK_ID_HEADER} header`],
		['both headers missing', { id: [], secret: [] }, 'missing'],
		['an empty secret', { secret: '' }, `empty ${WEBHOOK_SECRET_HEADER} header`],
		['a repeated secret', { secret: [SECRETS.webhookSecret, SECRETS.webhookSecret] }, `repeated ${WEBHOOK_SECRET_HEADER}`],
		['a repeated id', { id: [SECRETS.webhookId, 'wh_other'] }, `repeated ${WEBHOOK_ID_HEADER}`],
	])('%s', async (_label, headers, reason) => {
		const harness = setup();
		const response = await deliver(harness, loadDelivery('full'), { headers });
		const message = expectRejected(harness, response, 401, 'unauthorized');
		expect(message).toContain(reason);
		expect(message).not.toContain(SECRETS.webhookSecret);
	});

	it('a repeated secret with only string headers is refused too (joined values do not match)', async () => {
		const harness = setup();
		const response = await deliver(harness, loadDelivery('full'), {
			headers: { secret: [SECRETS.webhookSecret, SECRETS.webhookSecret] },
			stringHeadersOnly: true,
		});
		expectRejected(harness, response, 401, 'unauthorized');
	});

	it('401 wins over a malformed body', async () => {
		const harness = setup();
		const response = await deliver(harness, 'not json', { headers: { secret: 'nope' } });
		expectRejected(harness, response, 401, 'unauthorized');
	});

	it('a refused delivery is not remembered: the genuine one with the same eventId is accepted', async () => {
		const harness = setup();
		expectRejected(harness, await deliver(harness, loadDelivery('full'), { headers: { secret: 'x' } }), 401, 'unauthorized');
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
	});

	it('fails closed when the credential has no secret', async () => {
		const harness = setup();
		harness.credentials.webhookSecret = '';
		expectRejected(harness, await deliver(harness, loadDelivery('full')), 401, 'unauthorized');
	});
});

describe('ClaapTrigger webhook(): 400', () => {
	it.each(malformedFixtureNames())('%s', async (file) => {
		const harness = setup();
		const response = await deliver(harness, loadMalformed(file), {
			rawBody: Buffer.from(malformedText(file), 'utf8'),
		});
		const message = expectRejected(harness, response, 400, 'invalid_delivery');
		expect(message).toContain(MALFORMED_PROBLEMS[file]);
	});

	it('a string body that is not JSON', async () => {
		const harness = setup();
		const response = await deliver(harness, 'eventId=evt_1&type=recording_added', { contentType: 'text/plain' });
		expect(expectRejected(harness, response, 400, 'invalid_delivery')).toBe('Not a Claap delivery: body is not JSON');
	});

	it('raw text without a content type that is not JSON', async () => {
		const harness = setup();
		const response = await deliver(harness, undefined, { contentType: '', rawBody: Buffer.from('hello', 'utf8') });
		expect(expectRejected(harness, response, 400, 'invalid_delivery')).toContain('body is not JSON');
	});

	it('a body that cannot be read (the client hung up): 400, as a request with no body', async () => {
		const harness = setup();
		harness.request.readRawBody = async () => {
			throw new Error('Request body stream was aborted mid-read');
		};
		harness.request.headers = requestHeaders().headers;
		harness.request.body = undefined;
		harness.request.rawBody = undefined;
		const response = await new ClaapTrigger().webhook.call(harness.context);
		expect(expectRejected(harness, response, 400, 'invalid_delivery')).toContain('Not a Claap delivery');
	});

	it('an empty body', async () => {
		const harness = setup();
		const response = await deliver(harness, undefined, { contentType: '', rawBody: Buffer.alloc(0) });
		expect(expectRejected(harness, response, 400, 'invalid_delivery')).toContain('body is not a JSON object');
	});

	it('raw text JSON that is a malformed delivery', async () => {
		const harness = setup();
		const response = await deliver(harness, undefined, {
			contentType: '',
			rawBody: Buffer.from(malformedText('missing-event-type.json'), 'utf8'),
		});
		expect(expectRejected(harness, response, 400, 'invalid_delivery')).toContain('event.type');
	});

	it('rejectDrift: 400 invalid_recording for a drifted recording, and the recording is not remembered', async () => {
		const harness = setup({ parameters: { options: { rejectDrift: true } } });
		const response = await deliver(harness, loadDelivery('drifted-recording'));
		const message = expectRejected(harness, response, 400, 'invalid_recording');
		// The same words as the validation report of the item and of Recording > Get.
		expect(message).toMatch(/recording\.durationSeconds: .*; recording\.labels: .*; recording\.video: required$/);
		await expectNotRemembered(harness, loadDelivery('drifted-recording'));
	});

	it('rejectDrift: a valid recording is still accepted', async () => {
		const harness = setup({ parameters: { options: { rejectDrift: true } } });
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
	});
});

describe('ClaapTrigger webhook(): ignore', () => {
	it('an event type that is not selected: acknowledged, no run', async () => {
		const harness = setup({ parameters: { events: ['recording_updated'] } });
		const response = await deliver(harness, loadDelivery('full'));
		expect(response).toEqual({
			webhookResponse: { received: true, ignored: 'event_not_selected', eventId: FULL_EVENT_ID },
		});
		expect(response.workflowData).toBeUndefined();
		expectNoResponseWritten(harness);
	});

	it('an unknown event type: acknowledged, no run', async () => {
		const harness = setup();
		const response = await deliver(harness, withEventType(loadDelivery('full'), 'recording_deleted'));
		expect(response.workflowData).toBeUndefined();
		expect(response.webhookResponse).toMatchObject({ ignored: 'event_not_selected' });
	});

	it('an ignored event type is not remembered as seen', async () => {
		const harness = setup({ parameters: { events: ['recording_updated'] } });
		await deliver(harness, loadDelivery('full'));
		await expectNotRemembered(harness, loadDelivery('full'));
	});

	it.each<[string, IDataObject, 'full' | 'minimal', boolean]>([
		['channel by name, other case', { channels: 'sales CALLS' }, 'full', true],
		['channel by id among a comma list', { channels: 'Marketing, ch_sales' }, 'full', true],
		['another channel', { channels: 'Marketing' }, 'full', false],
		['a channel on a recording without one', { channels: 'Sales calls' }, 'minimal', false],
		['any of the labels', { labels: 'renewal, ENTERPRISE' }, 'full', true],
		['none of the labels', { labels: 'renewal,churn' }, 'full', false],
		['a deal required and present', { requireDeal: true }, 'full', true],
		['a deal required and absent', { requireDeal: true }, 'minimal', false],
		['empty filter strings mean no filter', { channels: ' , ', labels: '' }, 'minimal', true],
	])('filter: %s', async (_label, filters, fixture, accepted) => {
		const harness = setup({ parameters: { filters } });
		const body = loadDelivery(fixture);
		const response = await deliver(harness, body);
		if (accepted) {
			expect(onlyItem(response).eventId).toBe(body.eventId);
		} else {
			expect(response).toEqual({
				webhookResponse: { received: true, ignored: 'filtered_out', eventId: body.eventId },
			});
			expectNoResponseWritten(harness);
			await expectNotRemembered(harness, body);
		}
		expectNoResponseWritten(harness);
	});
});

describe('ClaapTrigger webhook(): parameters', () => {
	it.each<[string, Partial<TriggerParameters>, string]>([
		['events from an expression that gave text', { events: 'recording_added' }, 'events: Invalid input: expected array, received string'],
		['an event type the node does not offer', { events: ['recording_deleted'] }, 'events.0: Invalid option'],
		['a filter of the wrong type', { filters: { requireDeal: 'yes' } }, 'filters.requireDeal: Invalid input: expected boolean'],
		['filters that are not a collection', { filters: 'Sales' }, 'filters: Invalid input: expected object, received string'],
		['an option of the wrong type', { options: { ignoreDuplicates: 'no' } }, 'options.ignoreDuplicates: Invalid input: expected boolean'],
	])('%s: an error naming the parameter, no run and nothing remembered', async (_label, parameters, described) => {
		const harness = setup({ parameters });
		const failure = deliver(harness, loadDelivery('full'));
		await expect(failure).rejects.toThrow(/^Parameter "(events|filters|options)" is not valid$/);
		await expect(failure).rejects.toMatchObject({ description: expect.stringContaining(described) });
		expect(harness.staticData).toEqual({});
	});
});

describe('ClaapTrigger webhook(): static data', () => {
	it.each<[string, unknown]>([
		['an entry that is not a time', { [FULL_EVENT_ID]: 'yesterday' }],
		['a record that is not an object', 'evt_01'],
		['a list', [FULL_EVENT_ID]],
	])('%s is not trusted: the delivery runs', async (_label, seenEvents) => {
		const harness = setup({ staticData: { seenEvents } as IDataObject });
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
	});

	it("an entry in n8n's own static-data object is a duplicate", async () => {
		const harness = setup({ staticData: ObservableObject.create({ seenEvents: { [FULL_EVENT_ID]: now - 1000 } }) });
		expect(await deliver(harness, loadDelivery('full'))).toMatchObject({ webhookResponse: { ignored: 'duplicate' } });
	});

	it('an entry that is a time is a duplicate, even when others in the record are not', async () => {
		const harness = setup({ staticData: { seenEvents: { [FULL_EVENT_ID]: now - 1000, evt_other: 'x' } } });
		expect(await deliver(harness, loadDelivery('full'))).toMatchObject({ webhookResponse: { ignored: 'duplicate' } });
	});
});

describe('ClaapTrigger webhook(): duplicates', () => {
	it('the same eventId twice: the second is acknowledged without a run', async () => {
		const harness = setup();
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
		now += 60_000; // Claap's second retry, a minute later
		const second = await deliver(harness, loadDelivery('full'));
		expect(second).toEqual({ webhookResponse: { received: true, ignored: 'duplicate', eventId: FULL_EVENT_ID } });
		expect(second.workflowData).toBeUndefined();
		expectNoResponseWritten(harness);
	});

	it('interleaved a, b, c, a, b, c: exactly three runs, one per id', async () => {
		const harness = setup();
		const accepted: string[] = [];
		const duplicates: string[] = [];
		for (const id of ['evt_a', 'evt_b', 'evt_c', 'evt_a', 'evt_b', 'evt_c']) {
			now += 1000;
			const response = await deliver(harness, withEventId(loadDelivery('full'), id));
			if (response.workflowData) accepted.push(String(onlyItem(response).eventId));
			else if (asObject(response.webhookResponse).ignored === 'duplicate') duplicates.push(id);
		}
		expect(accepted).toEqual(['evt_a', 'evt_b', 'evt_c']);
		expect(duplicates).toEqual(['evt_a', 'evt_b', 'evt_c']);
		expect(harness.staticData).toEqual({});
	});

	it('the same eventId with another event type is still a duplicate', async () => {
		const harness = setup();
		await deliver(harness, loadDelivery('full'));
		const response = await deliver(harness, withEventType(loadDelivery('full'), 'recording_updated'));
		expect(response.webhookResponse).toMatchObject({ ignored: 'duplicate' });
	});

	it('ignoreDuplicates false: both deliveries start a run and nothing is remembered', async () => {
		const harness = setup({ parameters: { options: { ignoreDuplicates: false } } });
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
		expect(harness.staticData.seenEvents ?? {}).toEqual({});
	});

	it('leaves static data unchanged: n8n would save it before answering (1.x)', async () => {
		const seenEvents = { evt_earlier: NOW - 1000 };
		const harness = setup({ staticData: { seenEvents } });
		await deliver(harness, loadDelivery('full'));
		expect(harness.staticData).toEqual({ seenEvents: { evt_earlier: NOW - 1000 } });
	});

	it('a fresh in-memory state still finds duplicates that the run wrote to static data', async () => {
		const first = setup({ staticData: {} });
		const accepted = await deliver(first, loadDelivery('full'));
		const run = createExecuteHarness(accepted.workflowData?.[0] ?? []);
		await new ClaapTrigger().execute.call(run.context);
		const staticData = run.staticData;

		forgetSeenEvents(); // as after a restart, or on another n8n process
		forgetWebhookSecrets();
		const second = setup({ staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject });
		const response = await deliver(second, loadDelivery('full'));
		expect(response.webhookResponse).toMatchObject({ ignored: 'duplicate', eventId: FULL_EVENT_ID });
		expect(response.workflowData).toBeUndefined();
	});

	it('the in-memory state alone finds duplicates when the static data was lost', async () => {
		const first = setup({ staticData: {} });
		await deliver(first, loadDelivery('full'));
		// n8n 2.x may not save the static data written in webhook(): a fresh, empty object.
		const second = setup({ staticData: {} });
		expect((await deliver(second, loadDelivery('full'))).webhookResponse).toMatchObject({ ignored: 'duplicate' });
	});

	it('after forgetting both, the same id is accepted again (the stores are the only memory)', async () => {
		await deliver(setup(), loadDelivery('full'));
		forgetSeenEvents();
		expect(onlyItem(await deliver(setup({ staticData: {} }), loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
	});

	it('ids are remembered per node: another trigger node accepts the same eventId', async () => {
		await deliver(setup(), loadDelivery('full'));
		const other = setup({ node: { ...TRIGGER_NODE, id: 'node_other', name: 'Claap Trigger 2' }, staticData: {} });
		expect(onlyItem(await deliver(other, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
	});

	it('static data holding something that is not an object is not trusted, and left to execute() to replace', async () => {
		const harness = setup({ staticData: { seenEvents: 'corrupt' } });
		expect(onlyItem(await deliver(harness, loadDelivery('full'))).eventId).toBe(FULL_EVENT_ID);
		expect(harness.staticData).toEqual({ seenEvents: 'corrupt' });
		const run = createExecuteHarness(items(FULL_EVENT_ID), {}, harness.staticData);
		await new ClaapTrigger().execute.call(run.context);
		expect(run.staticData.seenEvents).toEqual({ [FULL_EVENT_ID]: NOW });
	});
});

describe('ClaapTrigger webhook(): credential cache', () => {
	it('reads the credential once for a burst of 5 deliveries within the TTL', async () => {
		const harness = setup();
		for (let i = 0; i < 5; i++) {
			now = NOW + i * 1000;
			const response = await deliver(harness, withEventId(loadDelivery('full'), `evt_burst_${i}`));
			expect(onlyItem(response).eventId).toBe(`evt_burst_${i}`);
		}
		expect(now - NOW).toBeLessThan(SECRETS_TTL_MS);
		expect(harness.getCredentials).toHaveBeenCalledTimes(1);
	});

	it('past the TTL, answers from the cache and reads the credential again in the background', async () => {
		const harness = setup();
		await deliver(harness, withEventId(loadDelivery('full'), 'evt_1'));
		now = NOW + SECRETS_TTL_MS - 1;
		await deliver(harness, withEventId(loadDelivery('full'), 'evt_2'));
		expect(harness.getCredentials).toHaveBeenCalledTimes(1);
		now = NOW + SECRETS_TTL_MS;
		let release: () => void = () => undefined;
		harness.getCredentials.mockImplementationOnce(async () => {
			await new Promise<void>((resolve) => (release = resolve));
			return harness.credentials;
		});
		// Answered while the read is still under way.
		expect(onlyItem(await deliver(harness, withEventId(loadDelivery('full'), 'evt_3'))).eventId).toBe('evt_3');
		expect(harness.getCredentials).toHaveBeenCalledTimes(2);
		release();
	});

	it('a changed secret: a delivery with the new one is never refused, the old one stops at the first stale use', async () => {
		const harness = setup();
		expect(onlyItem(await deliver(harness, withEventId(loadDelivery('full'), 'evt_1'))).eventId).toBe('evt_1');
		harness.credentials.webhookSecret = 'whsec_rotated_Secret_2';
		now = NOW + SECRETS_TTL_MS + 1;
		const rotated = { headers: { secret: 'whsec_rotated_Secret_2' } };
		expect(onlyItem(await deliver(harness, withEventId(loadDelivery('full'), 'evt_2'), rotated)).eventId).toBe('evt_2');
		expect(harness.getCredentials).toHaveBeenCalledTimes(2);
		expectRejected(harness, await deliver(harness, withEventId(loadDelivery('full'), 'evt_3')), 401, 'unauthorized');
	});

	it('the old secret works for one stale delivery at most, while the fresh read runs', async () => {
		const harness = setup();
		await deliver(harness, withEventId(loadDelivery('full'), 'evt_1'));
		harness.credentials.webhookSecret = 'whsec_rotated_Secret_2';
		now = NOW + SECRETS_TTL_MS + 1;
		expect(onlyItem(await deliver(harness, withEventId(loadDelivery('full'), 'evt_2'))).eventId).toBe('evt_2');
		await Promise.resolve(); // the background read settles
		expectRejected(harness, await deliver(harness, withEventId(loadDelivery('full'), 'evt_3')), 401, 'unauthorized');
	});

	it('past the maximum age, the delivery waits for a fresh read: an old secret is refused at once', async () => {
		const harness = setup();
		await deliver(harness, withEventId(loadDelivery('full'), 'evt_1'));
		harness.credentials.webhookSecret = 'whsec_rotated_Secret_2';
		now = NOW + SECRETS_MAX_AGE_MS;
		expectRejected(harness, await deliver(harness, withEventId(loadDelivery('full'), 'evt_2')), 401, 'unauthorized');
		expect(harness.getCredentials).toHaveBeenCalledTimes(2);
	});

	it('simultaneous deliveries on a cold cache share one credential read', async () => {
		const harnesses = Array.from({ length: 5 }, () => setup());
		const answers = await Promise.all(
			harnesses.map(async (harness, i) => await deliver(harness, withEventId(loadDelivery('full'), `evt_cold_${i}`))),
		);
		expect(answers.map((answer) => onlyItem(answer).eventId)).toEqual([0, 1, 2, 3, 4].map((i) => `evt_cold_${i}`));
		expect(harnesses.reduce((calls, harness) => calls + harness.getCredentials.mock.calls.length, 0)).toBe(1);
	});

	it('a background read that fails is not trusted: the next delivery reads again and fails as n8n reports it', async () => {
		const harness = setup();
		await deliver(harness, withEventId(loadDelivery('full'), 'evt_1'));
		now = NOW + SECRETS_TTL_MS;
		harness.getCredentials.mockRejectedValue(new Error('Credential with ID "cred_claap_1" does not exist'));
		expect(onlyItem(await deliver(harness, withEventId(loadDelivery('full'), 'evt_2'))).eventId).toBe('evt_2');
		await new Promise((resolve) => setImmediate(resolve));
		await expect(deliver(harness, withEventId(loadDelivery('full'), 'evt_3'))).rejects.toThrow('does not exist');
	});

	it('refused deliveries use the cache too (a flood of forgeries reads the credential once)', async () => {
		const harness = setup();
		for (let i = 0; i < 5; i++) await deliver(harness, loadDelivery('full'), { headers: { secret: `bad_${i}` } });
		expect(harness.getCredentials).toHaveBeenCalledTimes(1);
	});

	it('the cache is per credential: another credential on the same node is read', async () => {
		const harness = setup();
		await deliver(harness, withEventId(loadDelivery('full'), 'evt_1'));
		const other = setup({
			node: { ...TRIGGER_NODE, credentials: { claapWebhookApi: { id: 'cred_claap_2', name: 'Other' } } },
		});
		other.credentials.webhookSecret = 'whsec_other_credential';
		const response = await deliver(other, withEventId(loadDelivery('full'), 'evt_2'));
		expectRejected(other, response, 401, 'unauthorized');
		expect(other.getCredentials).toHaveBeenCalledTimes(1);
	});
});

describe('ClaapTrigger webhookMethods and description', () => {
	const trigger = new ClaapTrigger();

	it('checkExists, create and delete all resolve true (registration is by e-mail)', async () => {
		await expect(trigger.webhookMethods.default.checkExists()).resolves.toBe(true);
		await expect(trigger.webhookMethods.default.create()).resolves.toBe(true);
		await expect(trigger.webhookMethods.default.delete()).resolves.toBe(true);
	});

	it('offers version 2 to new workflows and keeps version 1 for saved ones', () => {
		expect(trigger.description.version).toEqual([1, 2]);
		expect(trigger.description.defaultVersion).toBe(2);
	});

	it('describes a trigger n8n answers for at once', () => {
		const { description } = trigger;
		expect(description.name).toMatch(/Trigger$/);
		expect(description.name).toBe('claapTrigger');
		expect(description.displayName).toMatch(/Trigger$/);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.group).toEqual(['trigger']);
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.credentials).toEqual([{ name: 'claapWebhookApi', required: true }]);
		expect(description.webhooks).toHaveLength(1);
		const [webhook] = description.webhooks ?? [];
		expect(webhook).toMatchObject({
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	it('declares the parameters webhook() reads, with safe defaults', () => {
		const byName = Object.fromEntries(trigger.description.properties.map((property) => [property.name, property]));
		expect(byName.events.default).toEqual(['recording_added', 'recording_updated']);
		expect(byName.filters.default).toEqual({});
		const options = byName.options.options ?? [];
		const defaults = Object.fromEntries(options.map((option) => ['name' in option ? option.name : '', 'default' in option ? option.default : undefined]));
		expect(defaults).toEqual({ ignoreDuplicates: true, rejectDrift: false });
	});
});

describe('ClaapTrigger execute()', () => {
	it('passes the items through with pairedItem {item: i}', async () => {
		const input = items('evt_a', 'evt_b', 'evt_c');
		const harness = createExecuteHarness(input);
		const output = await new ClaapTrigger().execute.call(harness.context);
		expect(output).toHaveLength(1);
		expect(output[0]).toEqual(input.map((item, index) => ({ ...item, pairedItem: { item: index } })));
		expect(output[0][1].json).toBe(input[1].json);
	});

	it("records the eventIds into the node's static data, at their receivedAt", async () => {
		const harness = createExecuteHarness(items('evt_a', 'evt_b'));
		await new ClaapTrigger().execute.call(harness.context);
		expect(harness.getWorkflowStaticData).toHaveBeenCalledWith('node');
		expect(harness.staticData.seenEvents).toEqual({ evt_a: NOW, evt_b: NOW + 1000 });
	});

	it('writes at most 300 ids to static data, the newest, however many this process remembers', async () => {
		const eventIds = Array.from({ length: 1200 }, (_, index) => `evt_many_${index}`);
		const harness = createExecuteHarness(items(...eventIds));
		await new ClaapTrigger().execute.call(harness.context);
		const persisted = harness.staticData.seenEvents as Record<string, number>;
		expect(Object.keys(persisted)).toHaveLength(PERSISTED_LEDGER_LIMITS.hardCapacity);
		expect([persisted.evt_many_899, persisted.evt_many_900, persisted.evt_many_1199]).toEqual([
			undefined,
			NOW + 900_000,
			NOW + 1_199_000,
		]);
	});

	it("keeps this process's memory within its hard limit, give or take one pruning interval", async () => {
		const eventIds = Array.from({ length: LEDGER_LIMITS.hardCapacity + 500 }, (_, index) => `evt_mem_${index}`);
		const harness = createExecuteHarness(items(...eventIds));
		await new ClaapTrigger().execute.call(harness.context);
		const [memory] = [...inMemory.values()];
		const size = Object.keys(memory.seen).length;
		expect(size).toBeLessThanOrEqual(LEDGER_LIMITS.hardCapacity + 64);
		expect(size).toBeGreaterThan(LEDGER_LIMITS.capacity);
		// The newest stay, in memory and in static data.
		expect(memory.seen[`evt_mem_${eventIds.length - 1}`]).toBeDefined();
		expect(Object.keys(harness.staticData.seenEvents as object)).toHaveLength(PERSISTED_LEDGER_LIMITS.hardCapacity);
	});

	it.each<[string, unknown, IDataObject]>([
		['entries that are not times are dropped, times kept', { evt_a: 'yesterday', evt_c: NOW - 5000 }, { evt_c: NOW - 5000 }],
		['a record that is not an object is replaced', 'evt_a', {}],
	])('static data in another shape: %s', async (_label, seenEvents, kept) => {
		const harness = createExecuteHarness(items('evt_b'), {}, { seenEvents } as IDataObject);
		await new ClaapTrigger().execute.call(harness.context);
		expect(harness.staticData.seenEvents).toEqual({ ...kept, evt_b: NOW });
	});

	it('an option of the wrong type is an error naming it', async () => {
		const harness = createExecuteHarness(items('evt_a'), { ignoreDuplicates: 'no' });
		await expect(new ClaapTrigger().execute.call(harness.context)).rejects.toThrow('Parameter "options" is not valid');
		expect(harness.staticData).toEqual({});
	});

	it("keeps what n8n's own static-data object holds (its proxy adds a __dataChanged flag)", async () => {
		const staticData = ObservableObject.create({ seenEvents: { evt_a: NOW - 5000 } });
		const harness = createExecuteHarness(items('evt_b'), {}, staticData);
		await new ClaapTrigger().execute.call(harness.context);
		expect({ ...(harness.staticData.seenEvents as object) }).toEqual({ evt_a: NOW - 5000, evt_b: NOW });
	});

	it('adds to what the static data already holds', async () => {
		const harness = createExecuteHarness(items('evt_b'), {}, { seenEvents: { evt_a: NOW - 5000 } });
		await new ClaapTrigger().execute.call(harness.context);
		expect(harness.staticData.seenEvents).toEqual({ evt_a: NOW - 5000, evt_b: NOW });
	});

	it('uses the current time when receivedAt is missing or not a date, and skips items without an eventId', async () => {
		const input: INodeExecutionData[] = [
			{ json: { eventId: 'evt_no_time' } },
			{ json: { eventId: 'evt_bad_time', receivedAt: 'yesterday' } },
			{ json: { receivedAt: new Date(NOW).toISOString() } },
			{ json: { eventId: 42 } },
		];
		const harness = createExecuteHarness(input);
		const output = await new ClaapTrigger().execute.call(harness.context);
		expect(harness.staticData.seenEvents).toEqual({ evt_no_time: NOW, evt_bad_time: NOW });
		expect(output[0]).toHaveLength(4);
	});

	it('does nothing to the static data when ignoreDuplicates is false', async () => {
		const harness = createExecuteHarness(items('evt_a'), { ignoreDuplicates: false });
		const output = await new ClaapTrigger().execute.call(harness.context);
		expect(harness.getWorkflowStaticData).not.toHaveBeenCalled();
		expect(harness.staticData).toEqual({});
		expect(output[0]).toEqual([{ ...items('evt_a')[0], pairedItem: { item: 0 } }]);
	});

	it('an accepted delivery, run through execute(), reaches the static data even if webhook() wrote elsewhere', async () => {
		const webhookHarness = createWebhookHarness();
		const response = await deliver(webhookHarness, loadDelivery('full'));
		const runItems = response.workflowData?.[0] ?? [];
		const executeHarness = createExecuteHarness(runItems);
		await new ClaapTrigger().execute.call(executeHarness.context);
		expect(executeHarness.staticData.seenEvents).toEqual({ [FULL_EVENT_ID]: NOW });
	});
});

describe("ClaapTrigger execute() and n8n's processed-data store (shared by queue-mode workers)", () => {
	const run = async (harness: ReturnType<typeof createExecuteHarness>) => (await new ClaapTrigger().execute.call(harness.context))[0];
	const eventIdsOf = (output: INodeExecutionData[]) => output.map((item) => item.json.eventId);

	it('outputs nothing for an eventId another run recorded, on another worker with its own memory and static data', async () => {
		const store = new FakeProcessedDataStore();
		expect(eventIdsOf(await run(createExecuteHarness(items('evt_a'), {}, {}, { store })))).toEqual(['evt_a']);
		forgetSeenEvents();
		const retry = createExecuteHarness(items('evt_a'), {}, {}, { store });
		expect(await run(retry)).toEqual([]);
		// Static data still learns it, so webhook() on this side ignores the next retry before it runs.
		expect(retry.staticData.seenEvents).toEqual({ evt_a: NOW });
	});

	it('keeps the new items of a mixed input, each paired with its own input item', async () => {
		const store = new FakeProcessedDataStore();
		await run(createExecuteHarness(items('evt_b'), {}, {}, { store }));
		const output = await run(createExecuteHarness(items('evt_a', 'evt_b', undefined, 'evt_c'), {}, {}, { store }));
		expect(output.map((item) => [item.json.eventId, item.pairedItem])).toEqual([
			['evt_a', { item: 0 }],
			[undefined, { item: 2 }],
			['evt_c', { item: 3 }],
		]);
	});

	it('two first runs of a new trigger at the same moment: the one that loses the insert retries and outputs nothing', async () => {
		const store = new FakeProcessedDataStore();
		const outputs = await Promise.all([1, 2].map(async () => await run(createExecuteHarness(items('evt_a'), {}, {}, { store }))));
		expect(outputs.map((output) => output.length).sort()).toEqual([0, 1]);
		expect(store.reads).toBe(3);
	});

	it("two runs reading the store's row at the same moment both pass: n8n writes it back without a transaction", async () => {
		const store = new FakeProcessedDataStore();
		await run(createExecuteHarness(items('evt_first'), {}, {}, { store }));
		const outputs = await Promise.all([1, 2].map(async () => await run(createExecuteHarness(items('evt_a'), {}, {}, { store }))));
		expect(outputs.map((output) => output.length)).toEqual([1, 1]);
		// Once either has written, a later retry is stopped.
		expect(await run(createExecuteHarness(items('evt_a'), {}, {}, { store }))).toEqual([]);
	});

	it('test events (manual mode) neither check nor record', async () => {
		const store = new FakeProcessedDataStore();
		for (let attempt = 0; attempt < 2; attempt++) {
			expect(eventIdsOf(await run(createExecuteHarness(items('evt_a'), {}, {}, { store, mode: 'manual' })))).toEqual(['evt_a']);
		}
		expect(store.reads).toBe(0);
		expect(eventIdsOf(await run(createExecuteHarness(items('evt_a'), {}, {}, { store })))).toEqual(['evt_a']);
	});

	it('a store that keeps failing lets the delivery run and says so in the log', async () => {
		const harness = createExecuteHarness(items('evt_a'));
		const failing = jest.fn().mockRejectedValue(new Error('connection terminated'));
		Object.assign(harness.context.helpers, { checkProcessedAndRecord: failing });
		expect(eventIdsOf(await run(harness))).toEqual(['evt_a']);
		expect(failing).toHaveBeenCalledTimes(2);
		expect(harness.warn).toHaveBeenCalledWith(expect.stringContaining('could not be checked'), { error: 'connection terminated' });
	});

	it('with Ignore Retried Deliveries off, the store is not used and duplicates pass', async () => {
		const store = new FakeProcessedDataStore();
		for (let attempt = 0; attempt < 2; attempt++) {
			expect(eventIdsOf(await run(createExecuteHarness(items('evt_a'), { ignoreDuplicates: false }, {}, { store })))).toEqual(['evt_a']);
		}
		expect(store.reads).toBe(0);
	});
});
