import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
	IWorkflowMetadata,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { ClaapTrigger } from '../../nodes/ClaapTrigger/ClaapTrigger.node';
import { WEBHOOK_ID_HEADER, WEBHOOK_SECRET_HEADER } from '../../nodes/shared/delivery';
import { FakeProcessedDataStore } from './processedDataStore';

/** The credential the tests' trigger is configured with. */
export const SECRETS = {
	webhookId: 'wh_9f8e7d6c5b4a',
	webhookSecret: 'whsec_Q7mX2pLk9vRt4ZaB8nYc',
} as const;

export const WORKFLOW: IWorkflowMetadata = { id: 'wf_claap_1', name: 'Claap deliveries', active: true };

export const TRIGGER_NODE: INode = {
	id: 'node_claap_trigger_1',
	name: 'Claap Trigger',
	type: 'n8n-nodes-claap.claapTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { claapWebhookApi: { id: 'cred_claap_1', name: 'Claap Webhook account' } },
};

/** What the request object exposes to the trigger (a subset of Express's Request). */
export interface FakeRequest {
	headers: Record<string, string | undefined>;
	headersDistinct?: Record<string, string[]>;
	body: unknown;
	rawBody?: Buffer;
	/** n8n's reader for a body it left unread (version 2 triggers, unusual content types). */
	readRawBody?: () => Promise<void>;
}

/** What the response object exposes to the trigger (a subset of Express's Response). */
export interface FakeResponse {
	status: jest.Mock<FakeResponse, [number]>;
	json: jest.Mock<FakeResponse, [unknown]>;
}

/** As n8n hands them over; `unknown` where a test gives what an expression could produce. */
export interface TriggerParameters {
	events: unknown;
	filters: unknown;
	options: IDataObject;
}

export const DEFAULT_PARAMETERS: TriggerParameters = {
	events: ['recording_added', 'recording_updated'],
	filters: {},
	options: {},
};

/** A header value as a client sends it: absent, once, or repeated. */
export type HeaderValue = string | string[] | undefined;

export interface DeliveryHeadersInput {
	id?: HeaderValue;
	secret?: HeaderValue;
}

/** Builds Node's two views of the headers: `headers` (repeats joined) and `headersDistinct` (arrays). */
export function requestHeaders(
	{ id = SECRETS.webhookId, secret = SECRETS.webhookSecret }: DeliveryHeadersInput = {},
	contentType: string | undefined = 'application/json',
): Pick<FakeRequest, 'headers' | 'headersDistinct'> {
	const headers: Record<string, string | undefined> = {};
	const headersDistinct: Record<string, string[]> = {};
	const put = (name: string, value: HeaderValue) => {
		if (value === undefined) return;
		const values = Array.isArray(value) ? value : [value];
		if (values.length === 0) return;
		headers[name] = values.join(', ');
		headersDistinct[name] = values;
	};
	put(WEBHOOK_ID_HEADER, id);
	put(WEBHOOK_SECRET_HEADER, secret);
	put('content-type', contentType);
	return { headers, headersDistinct };
}

export interface WebhookHarness {
	/** What the node sees as `this` in webhook(). */
	context: IWebhookFunctions;
	request: FakeRequest;
	response: FakeResponse;
	parameters: TriggerParameters;
	credentials: ICredentialDataDecryptedObject;
	getCredentials: jest.Mock<Promise<ICredentialDataDecryptedObject>, [string]>;
	getNodeParameter: jest.Mock<unknown, [string, unknown?]>;
	/** The workflow's node static data: the same object for every delivery of one harness. */
	staticData: IDataObject;
}

export interface HarnessOptions {
	parameters?: Partial<TriggerParameters>;
	staticData?: IDataObject;
	node?: INode;
	workflow?: IWorkflowMetadata;
}

export function createWebhookHarness(options: HarnessOptions = {}): WebhookHarness {
	const parameters: TriggerParameters = { ...DEFAULT_PARAMETERS, ...options.parameters };
	const staticData: IDataObject = options.staticData ?? {};
	const credentials: ICredentialDataDecryptedObject = { ...SECRETS };
	const request: FakeRequest = { ...requestHeaders(), body: undefined };
	const response: FakeResponse = {
		status: jest.fn<FakeResponse, [number]>(),
		json: jest.fn<FakeResponse, [unknown]>(),
	};
	response.status.mockReturnValue(response);
	response.json.mockReturnValue(response);

	const getCredentials = jest.fn<Promise<ICredentialDataDecryptedObject>, [string]>(async (type) => {
		if (type !== 'claapWebhookApi') throw new Error(`unexpected credential type ${type}`);
		return credentials;
	});
	const getNodeParameter = jest.fn<unknown, [string, unknown?]>((name, fallback) => {
		const value = (parameters as unknown as Record<string, unknown>)[name];
		return value === undefined ? fallback : value;
	});
	const node = options.node ?? TRIGGER_NODE;
	const workflow = options.workflow ?? WORKFLOW;

	const methods = {
		getRequestObject: jest.fn(() => request),
		getResponseObject: jest.fn(() => response),
		getNodeParameter,
		getCredentials,
		getWorkflow: jest.fn(() => workflow),
		getNode: jest.fn(() => node),
		getWorkflowStaticData: jest.fn((type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		}),
		getMode: jest.fn(() => 'webhook'),
	};
	// The trigger uses only the methods above; any other call fails loudly with "not a function".
	const context = methods as unknown as IWebhookFunctions;
	return { context, request, response, parameters, credentials, getCredentials, getNodeParameter, staticData };
}

export interface DeliverOptions {
	headers?: DeliveryHeadersInput;
	/** Leave out `headersDistinct`, as an older Node or a proxy might. */
	stringHeadersOnly?: boolean;
	contentType?: string;
	rawBody?: Buffer;
	/** Leave the body unread, as n8n does for a version 2 trigger: `readRawBody` reads `rawBody`. */
	unread?: boolean;
}

/** Sends one request to the trigger's webhook() and returns what it answered. */
export async function deliver(
	harness: WebhookHarness,
	body: unknown,
	options: DeliverOptions = {},
): Promise<IWebhookResponseData> {
	const { headers, headersDistinct } = requestHeaders(options.headers, options.contentType ?? 'application/json');
	harness.request.headers = headers;
	harness.request.headersDistinct = options.stringHeadersOnly ? undefined : headersDistinct;
	harness.request.body = body;
	const rawBody =
		options.rawBody ?? (typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(JSON.stringify(body ?? null)));
	harness.request.rawBody = options.unread ? undefined : rawBody;
	harness.request.readRawBody = options.unread
		? async () => {
				harness.request.rawBody = rawBody;
			}
		: undefined;
	return await new ClaapTrigger().webhook.call(harness.context);
}

export interface ExecuteHarness {
	context: IExecuteFunctions;
	staticData: IDataObject;
	getWorkflowStaticData: jest.Mock<IDataObject, [string]>;
	/** n8n's processed-data store; pass one to share it between executions, as workers do. */
	store: FakeProcessedDataStore;
	warn: jest.Mock;
}

export interface ExecuteHarnessOptions {
	store?: FakeProcessedDataStore;
	/** n8n's execution mode: 'webhook' for a production delivery, 'manual' for a test event. */
	mode?: WorkflowExecuteMode;
}

/** A mocked IExecuteFunctions for the trigger's execute(). */
export function createExecuteHarness(
	items: INodeExecutionData[],
	options: IDataObject = {},
	staticData: IDataObject = {},
	{ store = new FakeProcessedDataStore(), mode = 'webhook' }: ExecuteHarnessOptions = {},
): ExecuteHarness {
	const warn = jest.fn();
	const getWorkflowStaticData = jest.fn<IDataObject, [string]>((type) => {
		if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
		return staticData;
	});
	const methods = {
		getInputData: jest.fn(() => items),
		getNodeParameter: jest.fn((name: string, _itemIndex: number, fallback?: unknown) =>
			name === 'options' ? options : fallback,
		),
		getWorkflowStaticData,
		getNode: jest.fn(() => TRIGGER_NODE),
		getWorkflow: jest.fn(() => WORKFLOW),
		getMode: jest.fn(() => mode),
		helpers: store.helperFor(String(WORKFLOW.id), TRIGGER_NODE.id),
		logger: { warn },
	};
	return { context: methods as unknown as IExecuteFunctions, staticData, getWorkflowStaticData, store, warn };
}
