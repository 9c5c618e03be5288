import nock from 'nock';

import { router } from '../../nodes/Claap/actions/router';
import { forgetSeenEvents, forgetWebhookSecrets } from '../support/triggerState';
import { API, createContext, fastDeps } from './claap/harness';
import { asObject, loadDelivery, recordingOf, type JsonObject } from '../support/fixtures';
import { createWebhookHarness, deliver } from '../support/webhookContext';

// One schema-mismatch report: the Claap Trigger's `validation.issues` and the action node's
// `validationIssues` describe the same drift with the same words.

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	forgetWebhookSecrets();
	forgetSeenEvents();
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** The full delivery's recording without `createdAt`, and with a number where Claap sends text. */
function driftedDelivery(eventId: string): JsonObject {
	const delivery = loadDelivery('full');
	const { createdAt: _dropped, ...recording } = recordingOf(delivery);
	return { ...delivery, eventId, event: { ...asObject(delivery.event), recording: { ...recording, url: 42 } } };
}

async function triggerIssues(delivery: JsonObject): Promise<unknown> {
	const response = await deliver(createWebhookHarness(), delivery);
	const item = response.workflowData?.[0]?.[0];
	if (item === undefined) throw new Error('the trigger emitted no item');
	return asObject(item.json.validation).issues;
}

async function recordingGetIssues(recording: JsonObject): Promise<unknown> {
	nock(API).get(`/v1/recordings/${String(recording.id)}`).reply(200, { result: { recording } });
	const { ctx } = createContext({ parameters: { resource: 'recording', operation: 'get', recordingId: recording.id } });
	const [output] = await router.call(ctx, fastDeps().deps);
	return output[0].json.validationIssues;
}

describe('schema mismatches, Claap Trigger and Recording > Get', () => {
	it('describe a missing createdAt and a wrong type with the same words', async () => {
		const delivery = driftedDelivery('evt_drift_same_words');

		const fromTrigger = await triggerIssues(delivery);
		const fromGet = await recordingGetIssues(recordingOf(delivery));

		expect(fromTrigger).toEqual([
			{ path: 'createdAt', message: 'required' },
			{ path: 'url', message: 'Invalid input: expected string, received number' },
		]);
		expect(fromGet).toEqual(fromTrigger);
	});

	it('report nothing for a recording that matches Claap\'s schema', async () => {
		const delivery = loadDelivery('full');
		const response = await deliver(createWebhookHarness(), delivery);
		expect(asObject(response.workflowData?.[0]?.[0]?.json.validation)).toEqual({ valid: true, issues: [] });
		expect(await recordingGetIssues(recordingOf(delivery))).toBeUndefined();
	});
});
