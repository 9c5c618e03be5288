import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Answers that fail the test: a wrong ID or secret, or Claap unavailable. Anything else means Claap let us in. */
const refusals = [
	{ statusCode: 401, message: 'Claap refused the webhook secret (401). Check the secret Claap support sent you.' },
	{ statusCode: 403, message: 'Claap refused the webhook secret (403). Check the secret Claap support sent you.' },
	{ statusCode: 404, message: 'Claap knows no webhook with this ID (404). Check the webhook ID and the base URL.' },
	...[500, 502, 503, 504].map((statusCode) => ({
		statusCode,
		message: `Claap could not answer (${statusCode}). Try again in a few minutes.`,
	})),
];

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
	// Claap to re-send an event without naming a recording: nothing can be delivered, an
	// authenticated request is refused for its body, and a wrong ID or secret for itself.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/v1/webhook/{{encodeURIComponent($credentials.webhookId)}}/trigger',
			body: { type: 'recording_added' },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		},
		rules: refusals.map(({ statusCode, message }) => ({
			type: 'responseSuccessBody' as const,
			properties: { key: 'statusCode', value: statusCode, message },
		})),
	};
}
