import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Claap's error codes for a refused webhook ID or secret. Claap does not publish its codes: these
 * are the usual names for the two refusals, and an unlisted refusal passes the test (see README).
 */
const REFUSAL_CODES = ['unauthorized', 'unauthenticated', 'forbidden', 'invalid_secret', 'webhook_not_found'];

export class ClaapWebhookApi implements ICredentialType {
	name = 'claapWebhookApi';

	displayName = 'Claap Webhook API';

	icon: Icon = { light: 'file:../nodes/ClaapTrigger/claap.svg', dark: 'file:../nodes/ClaapTrigger/claap.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-claap/n8n-nodes-claap#set-up-claap';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook ID',
			name: 'webhookId',
			type: 'string',
			default: '',
			required: true,
			description: 'The webhook identifier Claap support sent you when they registered your URL',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The webhook secret Claap support sent you. Claap sends it with every delivery, and n8n sends it when asking Claap to re-send a delivery.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.claap.io/api',
			description: "Claap's webhook API. Change it only to go through a proxy or a test server.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Claap-Webhook-Secret': '={{$credentials.webhookSecret}}' },
		},
	};

	// Claap has no endpoint that checks a webhook secret without side effects. So the test asks
	// Claap to re-send an event without naming a recording: nothing can be delivered, and Claap
	// answers with its error envelope either way. n8n fails a declarative test on any HTTP error,
	// so the status is ignored and the envelope read: a refusal code, or no Claap envelope at all
	// (a wrong Base URL), fails the test; a refusal of the incomplete body passes it.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/v1/webhook/{{encodeURIComponent($credentials.webhookId)}}/trigger',
			body: { type: 'recording_added' },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'ok', value: undefined, message: 'No Claap answer at this Base URL. Check the Base URL.' },
			},
			...REFUSAL_CODES.map((code) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'error',
					value: code,
					message: `Claap refused the webhook ID or secret (${code}). Check both against what Claap support sent you.`,
				},
			})),
		],
	};
}
