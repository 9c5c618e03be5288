import type { RecordingBase, StoredRecording, TranscriptVersion } from '../store';
import {
	ACME_EN,
	ACME_FR,
	GLOBEX_EN,
	HOOLI_EN,
	INITECH_EN,
	PRODUCT_EN,
	PRODUCT_FR,
	TRIAGE_EN,
	transcript,
} from './transcripts';

const MARIA = { id: 'usr_42', email: 'maria@claap.io', name: 'Maria Lopez', attended: true };
const SAM = { id: 'usr_7', email: 'sam@claap.io', name: 'Sam', attended: true };
const LEA = { id: 'usr_19', email: 'lea@claap.io', name: 'Léa Martin', attended: true };
const JON = { id: 'usr_55', email: 'jon@claap.io', name: 'Jon Park', attended: false };

const SALES = { id: 'ch_sales', name: 'Sales calls' };
const SUCCESS = { id: 'ch_success', name: 'Customer success' };
const PRODUCT = { id: 'ch_product', name: 'Produit' };
/** The workspace of every seeded recording, and of the simulator's API keys. */
export const WORKSPACE = { id: 'ws_12', name: 'Claap Sales' };

/** Fields every Recording has; the seed entries below only say what differs. */
function base(fields: Partial<RecordingBase> & Pick<RecordingBase, 'id' | 'createdAt' | 'durationSeconds' | 'recorder'>): RecordingBase {
	const slug = (fields.title ?? 'recording').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
	return {
		url: `https://app.claap.io/claap/${slug}-c-${fields.id.replace(/^rec_/, '')}`,
		thumbnailUrl: `https://storage.claap.io/thumbnails/${fields.id}.jpg`,
		labels: [],
		companies: [],
		actionItems: [],
		keyTakeaways: [],
		outlines: [],
		insightTemplates: [],
		state: 'Ready',
		workspace: WORKSPACE,
		...fields,
	};
}

const native = (lang: string, t: TranscriptVersion['transcript']): TranscriptVersion => ({
	langIso2: lang,
	isTranscript: true,
	isActive: true,
	transcript: t,
});
const translation = (lang: string, t: TranscriptVersion['transcript']): TranscriptVersion => ({
	langIso2: lang,
	isTranscript: false,
	isActive: false,
	transcript: t,
});

/**
 * Claap's documented example recording (the `full` delivery of the package's test fixtures, which a
 * test holds equal to this), without the links the simulator signs itself.
 */
export function acme(): RecordingBase {
	return base({
		id: 'rec_8f3a2c1d',
		title: 'Acme x Claap - Discovery call',
		createdAt: '2026-11-24T14:00:12.000Z',
		durationSeconds: 1834.5,
		url: 'https://app.claap.io/claap/acme-discovery-call-c-8f3a2c1d',
		thumbnailUrl: 'https://storage.claap.io/thumbnails/rec_8f3a2c1d.jpg?X-Amz-Expires=86400&X-Amz-Signature=abc',
		labels: ['discovery', 'enterprise'],
		recorder: MARIA,
		channel: SALES,
		companies: [{ id: 'cmp_acme', name: 'Acme Corp' }],
		deal: { id: 'deal_991', name: 'Acme - 200 seats' },
		crmInfo: { crm: 'hubspot', deal: { id: 'deal_991' } },
		meeting: {
			type: 'external',
			startedAt: '2026-11-24T14:00:00.000Z',
			endedAt: '2026-11-24T14:31:00.000Z',
			participants: [
				{ attended: true, email: 'maria@claap.io', id: 'usr_42', name: 'Maria Lopez' },
				{ attended: true, email: 'john.doe@acme.com', name: 'John Doe' },
				{ attended: false, email: 'cfo@acme.com' },
			],
		},
		actionItems: [
			{
				langIso2: 'en',
				items: [
					{ description: 'Send the **security questionnaire** to John', isChecked: false },
					{ description: 'Book a demo with the IT team', isChecked: true },
				],
			},
		],
		keyTakeaways: [{ langIso2: 'en', text: 'Acme wants SSO and EU data residency before a pilot.' }],
		outlines: [{ langIso2: 'en', text: '1. Introductions\n2. Current process\n3. Requirements\n4. Next steps' }],
		insightTemplates: [
			{
				templateTitle: 'Discovery (MEDDIC)',
				insights: [
					{
						langIso2: 'en',
						sections: [
							{ title: 'Metrics', description: 'Cut meeting-notes time by **50%**.' },
							{ title: 'Decision process', description: 'IT security review, then CFO sign-off.' },
						],
					},
				],
			},
		],
	});
}

/**
 * Seven recordings: three channels plus none, several recorders, labels that overlap, dates
 * from 2025 to late 2026, an untitled one, transcripts in English and French (one with word
 * timings, two with a translation), and one without any transcript.
 */
export function seedRecordings(): StoredRecording[] {
	return [
		{
			recording: acme(),
			transcripts: [native('en', transcript('en', ACME_EN, true)), translation('fr', transcript('fr', ACME_FR))],
		},
		{
			recording: base({
				id: 'rec_2b7e91c4',
				title: 'Globex renewal - QBR',
				createdAt: '2026-11-20T10:00:00.000Z',
				durationSeconds: 2710,
				labels: ['renewal', 'enterprise'],
				recorder: SAM,
				channel: SUCCESS,
				companies: [{ id: 'cmp_globex', name: 'Globex' }],
				deal: { id: 'deal_1204', name: 'Globex - renewal 2027' },
				crmInfo: { crm: 'salesforce', deal: { id: 'deal_1204' } },
				meeting: {
					type: 'external',
					startedAt: '2026-11-20T10:00:00.000Z',
					endedAt: '2026-11-20T10:45:10.000Z',
					participants: [
						{ attended: true, email: 'sam@claap.io', id: 'usr_7', name: 'Sam' },
						{ attended: true, email: 'hank@globex.com', name: 'Hank Scorpio' },
					],
				},
				keyTakeaways: [{ langIso2: 'en', text: 'Globex asks for a two-year price.' }],
				actionItems: [{ langIso2: 'en', items: [{ description: 'Send a **two-year** proposal', isChecked: false }] }],
			}),
			transcripts: [native('en', transcript('en', GLOBEX_EN))],
		},
		{
			recording: base({
				id: 'rec_5d0c33fa',
				title: 'Point hebdo produit',
				createdAt: '2026-11-18T08:30:00.000Z',
				durationSeconds: 1205,
				labels: ['roadmap'],
				recorder: LEA,
				channel: PRODUCT,
				meeting: {
					type: 'internal',
					participants: [
						{ attended: true, email: 'lea@claap.io', id: 'usr_19', name: 'Léa Martin' },
						{ attended: true, email: 'sam@claap.io', id: 'usr_7', name: 'Sam' },
						{ attended: true, email: 'maria@claap.io', id: 'usr_42', name: 'Maria Lopez' },
					],
				},
				outlines: [{ langIso2: 'fr', text: '1. Feuille de route\n2. Retours clients' }],
				aiFields: [{ key: 'summary', label: 'Résumé', value: 'Export prêt, traduction en cours.' }],
			}),
			transcripts: [native('fr', transcript('fr', PRODUCT_FR)), translation('en', transcript('en', PRODUCT_EN))],
		},
		{
			recording: base({
				id: 'rec_a41f0e77',
				title: 'Initech - Demo',
				createdAt: '2026-11-12T16:00:00.000Z',
				durationSeconds: 3120,
				labels: ['demo'],
				recorder: MARIA,
				channel: SALES,
				companies: [{ id: 'cmp_initech', name: 'Initech' }],
			}),
			transcripts: [native('en', transcript('en', INITECH_EN))],
		},
		{
			// Untitled and without channel or transcript, like the minimal delivery fixture.
			recording: base({
				id: 'rec_minimal',
				createdAt: '2026-11-25T09:30:00.000Z',
				durationSeconds: 62,
				recorder: SAM,
				insightTemplates: undefined,
			}),
			transcripts: [],
		},
		{
			recording: base({
				id: 'rec_9c6b12de',
				title: 'Bug triage',
				createdAt: '2026-10-30T13:00:00.000Z',
				durationSeconds: 900,
				labels: ['bugs', 'roadmap'],
				recorder: SAM,
				channel: PRODUCT,
			}),
			transcripts: [native('en', transcript('en', TRIAGE_EN))],
		},
		{
			recording: base({
				id: 'rec_e03d5a18',
				title: 'Hooli - Discovery call',
				createdAt: '2025-02-25T09:00:00.000Z',
				durationSeconds: 1500,
				labels: ['discovery'],
				recorder: JON,
				channel: SALES,
				companies: [{ id: 'cmp_hooli', name: 'Hooli' }],
			}),
			transcripts: [native('en', transcript('en', HOOLI_EN))],
		},
	];
}
