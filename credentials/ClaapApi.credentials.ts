import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ClaapApi implements ICredentialType {
	name = 'claapApi';

	displayName = 'Claap API';

	icon: Icon = { light: 'file:../nodes/Claap/claap.svg', dark: 'file:../nodes/Claap/claap.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-claap/n8n-nodes-claap#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A workspace API key (it starts with cla_), from Claap\'s workspace settings. Keys work only for paying or trial workspaces.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.claap.io',
			description: "Claap's REST API. Change it only to go through a proxy or a test server.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Claap-Key': '={{$credentials.apiKey}}' },
		},
	};

	// The cheapest read in Claap's reference: one recording, or none in an empty workspace. It has no
	// side effect and needs the access the node uses. GET /v1/workspaces/mine is known from a
	// secondary source only: were Claap to lack it, every good key would fail this test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/recordings',
			qs: { limit: 1 },
		},
	};
}
