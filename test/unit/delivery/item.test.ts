import {
	LINK_LIFETIME_MS,
	readEnvelope,
	toTriggerItem,
	validateRecording,
	type ValidationReport,
} from '../../../nodes/shared/delivery';
import type { DeliveryEnvelope } from '../../../nodes/shared/schemas';
import { asObject, loadDelivery, type DeliveryFixture } from '../../support/fixtures';

function envelopeOf(name: DeliveryFixture): DeliveryEnvelope {
	const outcome = readEnvelope(loadDelivery(name));
	if (!outcome.ok) throw new Error(outcome.problem);
	return outcome.envelope;
}

const VALID: ValidationReport = { valid: true, issues: [] };
const RECEIVED = Date.UTC(2026, 10, 24, 14, 31, 7, 123);

describe('toTriggerItem', () => {
	it('links expire exactly 24 hours after receipt', () => {
		const item = toTriggerItem(envelopeOf('full'), 'recording_added', VALID, RECEIVED);
		expect(LINK_LIFETIME_MS).toBe(86_400_000);
		expect(item.receivedAt).toBe('2026-11-24T14:31:07.123Z');
		expect(item.linksExpireAt).toBe('2026-11-25T14:31:07.123Z');
		expect(Date.parse(item.linksExpireAt) - Date.parse(item.receivedAt)).toBe(24 * 60 * 60 * 1000);
	});

	it.each([0, Date.UTC(2026, 2, 29, 0, 30), Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2028, 1, 28, 23, 59, 59, 999)])(
		'is +24 h in UTC whatever the date (%i), DST and leap days included',
		(receivedAt) => {
			const item = toTriggerItem(envelopeOf('minimal'), 'recording_added', VALID, receivedAt);
			expect(Date.parse(item.linksExpireAt)).toBe(receivedAt + 86_400_000);
			expect(item.linksExpireAt).toMatch(/Z$/);
		},
	);

	it('has exactly the documented fields', () => {
		const envelope = envelopeOf('full');
		const item = toTriggerItem(envelope, 'recording_added', VALID, RECEIVED);
		expect(Object.keys(item).sort()).toEqual(
			['eventId', 'eventType', 'linksExpireAt', 'receivedAt', 'recording', 'validation'].sort(),
		);
		expect(item.eventId).toBe('evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z');
		expect(item.eventType).toBe('recording_added');
		expect(item.validation).toBe(VALID);
	});

	it('keeps the recording as Claap sent it, extra fields included', () => {
		const envelope = envelopeOf('extra-fields');
		const item = toTriggerItem(envelope, 'recording_updated', VALID, RECEIVED);
		expect(item.recording).toBe(envelope.event.recording);
		const recording: Record<string, unknown> = item.recording;
		expect(recording.sentiment).toEqual({ score: 0.72 });
		expect(recording.language).toBe('en');
		expect(asObject(recording.recorder).avatarUrl).toBe('https://storage.claap.io/a/42.png');
		expect(item.recording).toEqual(asObject(asObject(loadDelivery('extra-fields').event).recording));
	});

	it('keeps aiFields untouched', () => {
		const item = toTriggerItem(envelopeOf('ai-fields'), 'recording_added', VALID, RECEIVED);
		expect(item.recording.aiFields).toStrictEqual(
			asObject(asObject(loadDelivery('ai-fields').event).recording).aiFields,
		);
	});

	it('carries the validation report of a drifted recording, and the recording unchanged', () => {
		const envelope = envelopeOf('drifted-recording');
		const validation = validateRecording(envelope.event.recording);
		const item = toTriggerItem(envelope, 'recording_added', validation, RECEIVED);
		expect(item.validation.valid).toBe(false);
		expect(item.validation.issues.map((issue) => issue.path)).toEqual(['durationSeconds', 'labels', 'video']);
		expect(item.recording.durationSeconds).toBe('1834.5');
		expect(item.recording.labels).toBeNull();
	});

	it('survives a JSON round trip unchanged (what n8n stores)', () => {
		const item = toTriggerItem(envelopeOf('extra-fields'), 'recording_updated', VALID, RECEIVED);
		expect(JSON.parse(JSON.stringify(item))).toEqual(item);
	});
});
