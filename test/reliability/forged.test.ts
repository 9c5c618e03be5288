/**
 * Forged requests against the Claap Trigger in a real n8n 2.41.1: every variant refused, none
 * starts an execution, no answer repeats the secret.
 */
import { createHash } from 'node:crypto';

import { fixture } from '../../tools/traffic/payload';
import { countExecutions } from '../../tools/n8n';
import { WEBHOOK_ID, WEBHOOK_SECRET, createTriggerWorkflow, createWebhookCredential, settledExecutions, startN8n } from '../../tools/n8n';
import { rawPost } from '../../tools/traffic/rawHttp';
import { record } from '../../tools/traffic/record';
import type { N8nInstance } from '../../tools/n8n/n8n';

const ID = 'X-Claap-Webhook-Id';
const SECRET = 'X-Claap-Webhook-Secret';
const S = WEBHOOK_SECRET;
type Headers = Array<[string, string]>;

/** Each variant: a name and the header lines to send (names as written on the wire). */
export function forgeries(): Array<{ name: string; headers: Headers; expect?: 'http-4xx' }> {
	const withId = (secretLines: Headers): Headers => [[ID, WEBHOOK_ID], ...secretLines];
	const swapCyrillic = (text: string) => text.replace(/e/g, '\u0435');
	const list: Array<{ name: string; headers: Headers; expect?: 'http-4xx' }> = [
		{ name: 'no headers', headers: [] },
		{ name: 'id only', headers: [[ID, WEBHOOK_ID]] },
		{ name: 'secret only', headers: [[SECRET, S]] },
		{ name: 'empty id', headers: [[ID, ''], [SECRET, S]] },
		{ name: 'empty secret', headers: withId([[SECRET, '']]) },
		{ name: 'both empty', headers: [[ID, ''], [SECRET, '']] },
		{ name: 'blank secret (spaces inside quotes)', headers: withId([[SECRET, '"   "']]) },
		{ name: 'right id, wrong secret', headers: withId([[SECRET, 'whsec_wrong']]) },
		{ name: 'wrong id, right secret', headers: [[ID, 'wh_other'], [SECRET, S]] },
		{ name: 'id and secret swapped', headers: [[ID, S], [SECRET, WEBHOOK_ID]] },
		{ name: 'secret in Authorization Bearer', headers: withId([['Authorization', `Bearer ${S}`]]) },
		{ name: 'secret in Authorization Basic', headers: withId([['Authorization', `Basic ${Buffer.from(`${WEBHOOK_ID}:${S}`).toString('base64')}`]]) },
		{ name: 'secret in X-Claap-Webhook-Signature', headers: withId([['X-Claap-Webhook-Signature', S]]) },
		{ name: 'secret in X-Claap-Secret', headers: withId([['X-Claap-Secret', S]]) },
		{ name: 'secret in X-Webhook-Secret', headers: withId([['X-Webhook-Secret', S]]) },
		{ name: 'secret in header name typo (plural)', headers: withId([['X-Claap-Webhook-Secrets', S]]) },
		{ name: 'secret in underscore header name', headers: withId([['X_Claap_Webhook_Secret', S]]) },
		{ name: 'secret in the id header, id missing', headers: [[ID, S]] },
		{ name: 'duplicated secret, both right', headers: withId([[SECRET, S], [SECRET, S]]) },
		{ name: 'duplicated secret, wrong then right', headers: withId([[SECRET, 'whsec_wrong'], [SECRET, S]]) },
		{ name: 'duplicated secret, right then wrong', headers: withId([[SECRET, S], [SECRET, 'whsec_wrong']]) },
		{ name: 'duplicated secret, empty then right', headers: withId([[SECRET, ''], [SECRET, S]]) },
		{ name: 'duplicated id, both right', headers: [[ID, WEBHOOK_ID], [ID, WEBHOOK_ID], [SECRET, S]] },
		{ name: 'duplicated id, wrong then right', headers: [[ID, 'wh_other'], [ID, WEBHOOK_ID], [SECRET, S]] },
		{ name: 'duplicated both', headers: [[ID, WEBHOOK_ID], [ID, WEBHOOK_ID], [SECRET, S], [SECRET, S]] },
		{ name: 'duplicated secret, different case names', headers: withId([['x-claap-webhook-secret', S], ['X-CLAAP-WEBHOOK-SECRET', S]]) },
		{ name: 'comma-joined secret list', headers: withId([[SECRET, `${S}, ${S}`]]) },
		{ name: 'comma-joined id list', headers: [[ID, `${WEBHOOK_ID}, ${WEBHOOK_ID}`], [SECRET, S]] },
		{ name: 'upper-case names, wrong secret', headers: [['X-CLAAP-WEBHOOK-ID', WEBHOOK_ID], ['X-CLAAP-WEBHOOK-SECRET', 'whsec_wrong']] },
		{ name: 'mixed-case names, wrong id', headers: [['x-ClAaP-wEbHoOk-Id', 'wh_other'], ['X-cLaAp-WeBhOoK-sEcReT', S]] },
		{ name: 'lower-case names, id missing', headers: [['x-claap-webhook-secret', S]] },
		{ name: 'upper-cased secret value', headers: withId([[SECRET, S.toUpperCase()]]) },
		{ name: 'upper-cased id value', headers: [[ID, WEBHOOK_ID.toUpperCase()], [SECRET, S]] },
		{ name: 'secret prefix (1 char)', headers: withId([[SECRET, S.slice(0, 1)]]) },
		{ name: 'secret prefix (half)', headers: withId([[SECRET, S.slice(0, S.length / 2)]]) },
		{ name: 'secret prefix (all but last)', headers: withId([[SECRET, S.slice(0, -1)]]) },
		{ name: 'secret suffix (all but first)', headers: withId([[SECRET, S.slice(1)]]) },
		{ name: 'secret + 1 char', headers: withId([[SECRET, `${S}0`]]) },
		{ name: 'char + secret', headers: withId([[SECRET, `0${S}`]]) },
		{ name: 'secret twice', headers: withId([[SECRET, S + S]]) },
		{ name: 'secret quoted', headers: withId([[SECRET, `"${S}"`]]) },
		{ name: 'id:secret in the secret header', headers: withId([[SECRET, `${WEBHOOK_ID}:${S}`]]) },
		{ name: 'secret percent-encoded', headers: withId([[SECRET, encodeURIComponent(S).replace(/_/g, '%5F')]]) },
		{ name: 'secret base64', headers: withId([[SECRET, Buffer.from(S).toString('base64')]]) },
		{ name: 'secret sha256 hex (an HMAC-style guess)', headers: withId([[SECRET, createHash('sha256').update(S).digest('hex')]]) },
		{ name: 'id prefix', headers: [[ID, WEBHOOK_ID.slice(0, -1)], [SECRET, S]] },
		{ name: 'id suffix', headers: [[ID, `${WEBHOOK_ID}x`], [SECRET, S]] },
		{ name: 'unicode look-alike: Cyrillic e in secret', headers: withId([[SECRET, swapCyrillic(S)]]) },
		{ name: 'unicode look-alike: Cyrillic e in id', headers: [[ID, swapCyrillic(WEBHOOK_ID)], [SECRET, S]] },
		{ name: 'unicode look-alike: fullwidth digits', headers: withId([[SECRET, S.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))]]) },
		{ name: 'unicode: zero-width space inside', headers: withId([[SECRET, `${S.slice(0, 5)}\u200b${S.slice(5)}`]]) },
		{ name: 'unicode: no-break space appended', headers: withId([[SECRET, `${S}\u00a0`]]) },
		{ name: 'latin-1 byte look-alike (é for e)', headers: withId([[SECRET, S.replace(/e/g, '\u00e9')]]) },
		{ name: 'very long secret (1 KB)', headers: withId([[SECRET, 'a'.repeat(1024)]]) },
		{ name: 'very long secret (8 KB)', headers: withId([[SECRET, S.repeat(8192 / S.length)]]) },
		{ name: 'very long id (12 KB)', headers: [[ID, 'w'.repeat(12 * 1024)], [SECRET, S]] },
		{ name: 'secret followed by 10 KB', headers: withId([[SECRET, `${S}${'x'.repeat(10 * 1024)}`]]) },
		// Beyond Node's 16 KB header limit the HTTP parser answers before n8n or the node run.
		{ name: 'oversized secret (64 KB, over the HTTP header limit)', headers: withId([[SECRET, 'a'.repeat(64 * 1024)]]), expect: 'http-4xx' },
		{ name: 'the simulator default secret', headers: withId([[SECRET, 'whsec_demo_change_me']]) },
		{ name: 'secret of another webhook id', headers: [[ID, 'wh_demo'], [SECRET, 'whsec_demo_change_me']] },
	];
	return list;
}

describe('Forged requests to the Claap Trigger (real n8n)', () => {
	let n8n: N8nInstance;
	let workflow: { id: string; url: string };

	beforeAll(async () => {
		n8n = await startN8n({ version: '2.41.1' });
		workflow = await createTriggerWorkflow(n8n, await createWebhookCredential(n8n));
	});
	afterAll(async () => {
		await n8n?.stop();
	});

	it('refuses at least 50 forged variants with 401 and starts nothing', async () => {
		const variants = forgeries();
		expect(variants.length).toBeGreaterThanOrEqual(50);
		const before = (await settledExecutions(n8n, workflow.id)).length;
		const outcomes: Array<{ name: string; status: number; leaked: boolean }> = [];
		let counter = 0;
		for (const variant of variants) {
			const body = JSON.stringify({ ...fixture('full'), eventId: `evt_forged_${counter++}` });
			const answer = await rawPost(workflow.url, variant.headers, body);
			outcomes.push({ name: variant.name, status: answer.status, leaked: answer.text.includes(WEBHOOK_SECRET) });
		}
		const wrong = outcomes.filter((o, i) =>
			variants[i].expect === 'http-4xx' ? !(o.status >= 400 && o.status < 500) : o.status !== 401,
		);
		expect(wrong).toEqual([]);
		expect(outcomes.filter((o) => o.leaked)).toEqual([]);
		expect(await countExecutions(n8n, workflow.id)).toBe(before);
		record('reliability-forged', 'variants', { count: outcomes.length, executionsStarted: (await countExecutions(n8n, workflow.id)) - before, outcomes });
		process.stderr.write(`[forged] ${outcomes.length} variants: ${outcomes.map((o) => `${o.status}`).join(' ')}\n`);
	});

	it('control: header names are case-insensitive in HTTP, so the genuine pair in any case is accepted', async () => {
		const body = JSON.stringify({ ...fixture('full'), eventId: 'evt_forged_control' });
		const answer = await rawPost(workflow.url, [['X-CLAAP-WEBHOOK-ID', WEBHOOK_ID], ['x-claap-webhook-secret', S]], body);
		expect(answer.status).toBe(200);
		expect((await settledExecutions(n8n, workflow.id, 1)).length).toBe(1);
	});
});
