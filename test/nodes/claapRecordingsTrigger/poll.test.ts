import nock from 'nock';
import { NodeApiError, NodeOperationError, ObservableObject, type IDataObject } from 'n8n-workflow';

import { ClaapRecordingsTrigger } from '../../../nodes/ClaapRecordingsTrigger/ClaapRecordingsTrigger.node';
import { pollRecordings, STATE_KEY } from '../../../nodes/ClaapRecordingsTrigger/pollRecordings';
import { API, API_KEY, fastDeps, NOW } from '../claap/harness';
import { fullRecording } from '../claap/fixtures';
import { createPollContext } from './pollContext';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

/** A recording as GET /v1/recordings lists it (the full fixture's) under another ID and start time. */
function listed(id: string, createdAt: number, extra: IDataObject = {}): IDataObject {
	return { ...fullRecording(), id, createdAt: iso(createdAt), state: 'Ready', ...extra };
}

const page = (recordings: IDataObject[], nextCursor: string | null = null) => ({
	result: { recordings, pagination: { nextCursor } },
});

/** GET /v1/recordings with exactly this query (nock compares every parameter). */
const list = (query: Record<string, string>) =>
	nock(API, { reqheaders: { 'x-claap-key': API_KEY } })
		.get('/v1/recordings')
		.query({ limit: '100', ...query });

/** Activation: the first poll, over what was already there. Returns the static data it left. */
async function activate(existing: IDataObject[] = []): Promise<IDataObject> {
	list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) }).reply(200, page(existing));
	const { ctx, staticData } = createPollContext();
	expect(await pollRecordings.call(ctx, fastDeps().deps)).toBeNull();
	return staticData;
}

/** A later poll, `minutes` after activation, from the given static data. */
async function pollLater(staticData: IDataObject, minutes: number, parameters: Record<string, unknown> = {}) {
	const { deps, waits } = fastDeps();
	deps.now = () => NOW + minutes * MINUTE;
	const { ctx } = createPollContext({ staticData, parameters });
	return { result: pollRecordings.call(ctx, deps), waits };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Claap Recordings Trigger: the node', () => {
	it('is a polling trigger on the Claap API credential, with no inputs', () => {
		const { description } = new ClaapRecordingsTrigger();
		expect(description).toMatchObject({
			name: 'claapRecordingsTrigger',
			polling: true,
			inputs: [],
			credentials: [{ name: 'claapApi', required: true }],
		});
		expect(description.properties.map((property) => property.name)).toEqual(['pollingNotice', 'filters', 'options']);
	});
});

describe('Claap Recordings Trigger: polls', () => {
	it('on activation, lists three hours back, oldest first, emits nothing and remembers what is there', async () => {
		const staticData = await activate([listed('rec_old', NOW - HOUR)]);
		expect(staticData[STATE_KEY]).toEqual({ position: NOW, floor: 0, seen: [['rec_old', NOW - HOUR]] });
	});

	it('then emits each new recording once, from every page, as the Claap Trigger\'s item', async () => {
		const staticData = await activate();
		const a = listed('rec_a', NOW + MINUTE);
		const b = listed('rec_b', NOW + 2 * MINUTE);
		const c = listed('rec_c', NOW + 3 * MINUTE);
		list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) }).reply(200, page([a, b], 'cursor_2'));
		list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR), cursor: 'cursor_2' }).reply(200, page([c]));

		const { result } = await pollLater(staticData, 5);
		const items = await result;

		expect(items).toEqual([
			[a, b, c].map((recording) => ({
				json: {
					eventId: `recording_added:${String(recording.id)}`,
					eventType: 'recording_added',
					receivedAt: iso(NOW + 5 * MINUTE),
					linksExpireAt: iso(NOW + 5 * MINUTE + 24 * HOUR),
					recording,
					validation: { valid: true, issues: [] },
				},
			})),
		]);
		// The next poll lists from three hours below rec_c and emits nothing new.
		list({ sort: 'created_asc', createdAfter: iso(NOW + 3 * MINUTE - 3 * HOUR) }).reply(200, page([a, b, c]));
		expect(await (await pollLater(staticData, 6)).result).toBeNull();
		expect(nock.isDone()).toBe(true);
	});

	it('changes nothing when a page fails after the retries, and the next poll emits it all once', async () => {
		const staticData = await activate();
		const before = structuredClone(staticData);
		const query = { sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) };
		const recordings = [listed('rec_a', NOW + MINUTE), listed('rec_b', NOW + 2 * MINUTE)];
		list(query).reply(200, page(recordings.slice(0, 1), 'cursor_2'));
		list({ ...query, cursor: 'cursor_2' })
			.times(5)
			.reply(500, { error: { type: 'internal_error', message: 'Database unavailable' } });

		const failed = await pollLater(staticData, 5);
		await expect(failed.result).rejects.toBeInstanceOf(NodeApiError);
		await expect(failed.result).rejects.toMatchObject({
			message: 'Claap could not answer (500) after 5 attempt(s): internal_error: Database unavailable',
		});
		expect(failed.waits).toEqual([1000, 2000, 4000, 8000]);
		expect(staticData).toEqual(before);

		list(query).reply(200, page(recordings.slice(0, 1), 'cursor_2'));
		list({ ...query, cursor: 'cursor_2' }).reply(200, page(recordings.slice(1)));
		const retried = await (await pollLater(staticData, 6)).result;
		expect(retried?.[0].map((item) => item.json.eventId)).toEqual(['recording_added:rec_a', 'recording_added:rec_b']);
	});

	it('waits as long as Claap asks on 429, then goes on', async () => {
		const staticData = await activate();
		const query = { sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) };
		list(query).reply(429, { error: { type: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '7' });
		list(query).reply(200, page([listed('rec_a', NOW + MINUTE)]));
		const { result, waits } = await pollLater(staticData, 5);
		expect((await result)?.[0]).toHaveLength(1);
		expect(waits).toEqual([7000]);
	});

	it('emits a recording that was processing once Claap says it is ready, holding the position meanwhile', async () => {
		const staticData = await activate();
		const query = (position: number) => ({ sort: 'created_asc', createdAfter: iso(position - 3 * HOUR) });
		const processing = listed('rec_long', NOW + MINUTE, { state: 'Uploaded' });
		const short = listed('rec_short', NOW + 2 * MINUTE);
		list(query(NOW)).reply(200, page([processing, short]));
		expect((await (await pollLater(staticData, 3)).result)?.[0].map((item) => item.json.eventId)).toEqual([
			'recording_added:rec_short',
		]);
		list(query(NOW + MINUTE)).reply(200, page([{ ...processing, state: 'Ready' }, short]));
		expect((await (await pollLater(staticData, 4)).result)?.[0].map((item) => item.json.eventId)).toEqual([
			'recording_added:rec_long',
		]);
	});

	it('sends Recorder Email to Claap and applies the Claap Trigger\'s filters itself', async () => {
		const parameters = { filters: { recorderEmail: ' maria@claap.io ', channels: 'Sales calls', labels: '' } };
		list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR), recorderEmail: 'maria@claap.io' }).reply(200, page([]));
		const { ctx, staticData } = createPollContext({ parameters });
		expect(await pollRecordings.call(ctx, fastDeps().deps)).toBeNull();

		const inSales = listed('rec_sales', NOW + MINUTE);
		const elsewhere = listed('rec_other', NOW + 2 * MINUTE, { channel: { id: 'ch_x', name: 'Other' } });
		list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR), recorderEmail: 'maria@claap.io' }).reply(
			200,
			page([inSales, elsewhere]),
		);
		const items = await (await pollLater(staticData, 3, parameters)).result;
		expect(items?.[0].map((item) => item.json.eventId)).toEqual(['recording_added:rec_sales']);
	});

	it('with a backfill, emits on activation the recordings of that many hours before', async () => {
		const parameters = { options: { backfillHours: 2, lookBackMinutes: 30 } };
		list({ sort: 'created_asc', createdAfter: iso(NOW - 2.5 * HOUR) }).reply(
			200,
			page([listed('rec_before', NOW - 2.2 * HOUR), listed('rec_within', NOW - HOUR)]),
		);
		const { ctx } = createPollContext({ parameters });
		const items = await pollRecordings.call(ctx, fastDeps().deps);
		expect(items?.[0].map((item) => item.json.eventId)).toEqual(['recording_added:rec_within']);
	});

	it("reads and writes its state through n8n's own static-data object, which marks it changed", async () => {
		const staticData = ObservableObject.create({ [STATE_KEY]: { position: NOW, floor: 0, seen: [['rec_old', NOW - HOUR]] } });
		const old = listed('rec_old', NOW - HOUR);
		list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) }).reply(200, page([old, listed('rec_new', NOW + MINUTE)]));
		const items = await (await pollLater(staticData, 2)).result;
		expect(items?.[0].map((item) => item.json.eventId)).toEqual(['recording_added:rec_new']);
		expect(staticData.__dataChanged).toBe(true);
		expect(JSON.parse(JSON.stringify(staticData))).toEqual({
			[STATE_KEY]: { position: NOW + MINUTE, floor: 0, seen: [['rec_old', NOW - HOUR], ['rec_new', NOW + MINUTE]] },
		});
	});

	it('starts afresh from static data in another shape', async () => {
		list({ sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) }).reply(200, page([listed('rec_old', NOW - HOUR)]));
		const { ctx, staticData } = createPollContext({ staticData: { [STATE_KEY]: { position: 'yesterday' } } });
		expect(await pollRecordings.call(ctx, fastDeps().deps)).toBeNull();
		expect(staticData[STATE_KEY]).toMatchObject({ position: NOW, seen: [['rec_old', NOW - HOUR]] });
	});

	it('skips a poll that starts while the previous one is still running', async () => {
		const staticData = await activate();
		const query = { sort: 'created_asc', createdAfter: iso(NOW - 3 * HOUR) };
		list(query).delay(300).reply(200, page([listed('rec_a', NOW + MINUTE)]));
		const slow = (await pollLater(staticData, 5)).result;
		const overlapping = (await pollLater(staticData, 6)).result;
		expect(await overlapping).toBeNull();
		expect((await slow)?.[0]).toHaveLength(1);
		// Once it has finished, polls run again.
		list({ sort: 'created_asc', createdAfter: iso(NOW + MINUTE - 3 * HOUR) }).reply(200, page([listed('rec_a', NOW + MINUTE)]));
		expect(await (await pollLater(staticData, 7)).result).toBeNull();
		expect(nock.isDone()).toBe(true);
	});

	it('refuses a parameter the editor cannot produce, naming it', async () => {
		const { ctx } = createPollContext({ parameters: { options: { lookBackMinutes: 0 } } });
		const failure = pollRecordings.call(ctx, fastDeps().deps);
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toMatchObject({
			message: 'Parameter "options" is not valid',
			description: expect.stringContaining('options.lookBackMinutes'),
		});
	});
});

describe('Claap Recordings Trigger: a refused API key', () => {
	it.each(['trigger', 'manual'] as const)('fails the poll (%s) with an error that names the credential and says what to do', async (mode) => {
		nock(API)
			.get('/v1/recordings')
			.query(true)
			.reply(401, { error: { type: 'unauthorized', message: 'Invalid API key' } });
		const { ctx, staticData } = createPollContext({ mode });
		const failure = pollRecordings.call(ctx, fastDeps().deps);
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: 'Claap refused the Claap API credential "Sales workspace key" (401, unauthorized: Invalid API key)',
			description: 'Check the API key in this credential. Claap API keys work only for paying or trial workspaces.',
			httpCode: '401',
		});
		expect(staticData).toEqual({});
	});
});

describe('Claap Recordings Trigger: Fetch Test Event', () => {
	it('returns the newest ready recording that passes the filters, and leaves the poll state alone', async () => {
		const staticData = { [STATE_KEY]: { position: NOW - HOUR, floor: 0, seen: [] } };
		list({ sort: 'created_desc' }).reply(
			200,
			page([
				listed('rec_processing', NOW - MINUTE, { state: 'Empty' }),
				listed('rec_internal', NOW - 2 * MINUTE, { labels: ['internal'] }),
				listed('rec_demo', NOW - 3 * MINUTE, { labels: ['demo'] }),
			]),
		);
		const { ctx, getWorkflowStaticData } = createPollContext({ mode: 'manual', staticData, parameters: { filters: { labels: 'demo' } } });
		const items = await pollRecordings.call(ctx, fastDeps().deps);
		expect(items?.[0].map((item) => item.json.eventId)).toEqual(['recording_added:rec_demo']);
		expect(getWorkflowStaticData).not.toHaveBeenCalled();
		expect(staticData[STATE_KEY]).toEqual({ position: NOW - HOUR, floor: 0, seen: [] });
	});

	it('says so when no recording is ready', async () => {
		list({ sort: 'created_desc' }).reply(200, page([listed('rec_processing', NOW - MINUTE, { state: 'Uploaded' })]));
		const { ctx } = createPollContext({ mode: 'manual' });
		await expect(pollRecordings.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'No ready recording in Claap matches the filters',
		});
	});
});
