import {
	authenticateDelivery,
	digest,
	expectSecrets,
	WEBHOOK_ID_HEADER,
	WEBHOOK_SECRET_HEADER,
	type DeliveryHeaders,
} from '../../../nodes/shared/delivery';
import { SECRETS } from '../../support/webhookContext';

const { webhookId: ID, webhookSecret: SECRET } = SECRETS;
const expected = expectSecrets({ webhookId: ID, webhookSecret: SECRET });

const headers = (id: string | string[] | undefined, secret: string | string[] | undefined): DeliveryHeaders => ({
	[WEBHOOK_ID_HEADER]: id,
	[WEBHOOK_SECRET_HEADER]: secret,
});

// The secret with its first lower-case 'a' replaced by CYRILLIC SMALL LETTER A (U+0430).
const lookAlike = SECRET.replace('a', '\u0430');
// Full-width digits look the same in many fonts and normalise (NFKC) to the real ones.
const fullWidth = SECRET.replace('7', '\uff17');
const MISMATCH = 'webhook ID or secret does not match the Claap Webhook credential';

describe('authenticateDelivery refuses', () => {
	it('the look-alike fixtures really differ from the secret', () => {
		expect(lookAlike).not.toBe(SECRET);
		expect(fullWidth).not.toBe(SECRET);
		expect(fullWidth.normalize('NFKC')).toBe(SECRET);
		expect(SECRET.toUpperCase()).not.toBe(SECRET);
	});

	it.each<[string, DeliveryHeaders, string]>([
		['a missing id header', { [WEBHOOK_SECRET_HEADER]: SECRET }, `missing ${WEBHOOK_ID_HEADER} header`],
		['a missing secret header', { [WEBHOOK_ID_HEADER]: ID }, `missing ${WEBHOOK_SECRET_HEADER} header`],
		['no headers at all', {}, `missing ${WEBHOOK_ID_HEADER} header`],
		['an id header given as an empty array', headers([], SECRET), `missing ${WEBHOOK_ID_HEADER} header`],
		['a secret header given as an empty array', headers(ID, []), `missing ${WEBHOOK_SECRET_HEADER} header`],
		['an empty id', headers('', SECRET), `empty ${WEBHOOK_ID_HEADER} header`],
		['an empty secret', headers(ID, ''), `empty ${WEBHOOK_SECRET_HEADER} header`],
		['a whitespace id', headers('  \t ', SECRET), `empty ${WEBHOOK_ID_HEADER} header`],
		['a whitespace secret', headers(ID, '   '), `empty ${WEBHOOK_SECRET_HEADER} header`],
		['a repeated id (array of 2)', headers([ID, ID], SECRET), `repeated ${WEBHOOK_ID_HEADER} header`],
		['a repeated secret (array of 2)', headers(ID, [SECRET, SECRET]), `repeated ${WEBHOOK_SECRET_HEADER} header`],
		['a repeated secret whose second value is wrong', headers(ID, [SECRET, 'x']), `repeated ${WEBHOOK_SECRET_HEADER} header`],
		['the right id with a wrong secret', headers(ID, 'whsec_wrong'), MISMATCH],
		['the right secret with a wrong id', headers('wh_other', SECRET), MISMATCH],
		['a prefix of the secret', headers(ID, SECRET.slice(0, -1)), MISMATCH],
		['the secret with one more character', headers(ID, `${SECRET}x`), MISMATCH],
		['a suffix of the secret', headers(ID, SECRET.slice(1)), MISMATCH],
		['the secret in another case', headers(ID, SECRET.toUpperCase()), MISMATCH],
		['the secret in lower case', headers(ID, SECRET.toLowerCase()), MISMATCH],
		['the id in another case', headers(ID.toUpperCase(), SECRET), MISMATCH],
		['a unicode look-alike of the secret', headers(ID, lookAlike), MISMATCH],
		['a full-width look-alike of the secret', headers(ID, fullWidth), MISMATCH],
		['the secret surrounded by spaces', headers(ID, ` ${SECRET} `), MISMATCH],
		['a very long secret', headers(ID, SECRET.repeat(20000)), MISMATCH],
		['a very long id', headers('w'.repeat(1_000_000), SECRET), MISMATCH],
		['the secret in the id header and the id in the secret header', headers(SECRET, ID), MISMATCH],
		['the secret in both headers', headers(SECRET, SECRET), MISMATCH],
		['the id in both headers', headers(ID, ID), MISMATCH],
		['both values joined in one header, as a proxy folding repeats would', headers(ID, `${SECRET}, ${SECRET}`), MISMATCH],
		['header names that were not lower-cased', { 'X-Claap-Webhook-Id': ID, 'X-Claap-Webhook-Secret': SECRET }, `missing ${WEBHOOK_ID_HEADER} header`],
	])('%s', (_label, given, reason) => {
		const outcome = authenticateDelivery(given, expected);
		expect(outcome).toEqual({ ok: false, reason });
		expect(JSON.stringify(outcome)).not.toContain(SECRET);
	});

	it('never repeats the expected secret or id in a refusal', () => {
		const attempts: DeliveryHeaders[] = [
			{},
			headers(ID, ''),
			headers(ID, [SECRET, SECRET]),
			headers(ID, 'nope'),
			headers(SECRET, ID),
			headers(ID, SECRET.slice(0, -1)),
			headers(SECRET, SECRET),
		];
		for (const attempt of attempts) {
			const outcome = authenticateDelivery(attempt, expected);
			expect(outcome.ok).toBe(false);
			if (outcome.ok) continue;
			expect(outcome.reason).not.toContain(SECRET);
			expect(outcome.reason).not.toContain(SECRET.slice(0, 8));
			expect(outcome.reason).not.toContain(ID);
		}
	});

	it('fails closed when the credential is empty', () => {
		const empty = expectSecrets({ webhookId: '', webhookSecret: '' });
		expect(authenticateDelivery(headers(ID, SECRET), empty).ok).toBe(false);
	});
});

describe('authenticateDelivery accepts', () => {
	it.each<[string, DeliveryHeaders]>([
		['string headers', headers(ID, SECRET)],
		['single-element arrays (headersDistinct)', headers([ID], [SECRET])],
		['an array id and a string secret', headers([ID], SECRET)],
		['a string id and an array secret', headers(ID, [SECRET])],
		['the right headers among others', { ...headers(ID, SECRET), 'content-type': 'application/json', 'x-other': ['1', '2'] }],
	])('%s', (_label, given) => {
		expect(authenticateDelivery(given, expected)).toEqual({ ok: true });
	});

	it('a secret with non-ASCII characters, compared as UTF-8', () => {
		const unicodeSecret = 'sécrét-🔑-秘密';
		const unicodeExpected = expectSecrets({ webhookId: ID, webhookSecret: unicodeSecret });
		expect(authenticateDelivery(headers(ID, unicodeSecret), unicodeExpected)).toEqual({ ok: true });
		expect(authenticateDelivery(headers(ID, unicodeSecret.normalize('NFD')), unicodeExpected).ok).toBe(false);
	});
});

describe('digest and expectSecrets', () => {
	it('digests are SHA-256 (32 bytes) whatever the input length', () => {
		expect(digest('').length).toBe(32);
		expect(digest('x'.repeat(100000)).length).toBe(32);
		expect(digest(SECRET).equals(expected.webhookSecret)).toBe(true);
		expect(digest(ID).equals(expected.webhookId)).toBe(true);
	});

	it('the expected values are kept only as digests', () => {
		const kept = [expected.webhookId, expected.webhookSecret].map((buffer) => buffer.toString('utf8'));
		expect(kept.join('')).not.toContain(SECRET);
		expect(kept.join('')).not.toContain(ID);
	});
});
