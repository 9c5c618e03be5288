import type { IDataObject, INode, IPollFunctions, WorkflowExecuteMode } from 'n8n-workflow';

import { CREDENTIALS, realHttpRequestWithAuthentication } from '../claap/harness';

export const POLL_NODE: INode = {
	id: 'node_claap_poll_1',
	name: 'Claap Recordings Trigger',
	type: 'n8n-nodes-claap.claapRecordingsTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { claapApi: { id: 'cred_1', name: 'Sales workspace key' } },
};

export interface PollContextOptions {
	parameters?: Record<string, unknown>;
	mode?: WorkflowExecuteMode;
	/** The node's static data: the same object across polls, as n8n keeps it for an active workflow. */
	staticData?: IDataObject;
}

/** What poll() uses of n8n's poll context, with real HTTP (through nock) and the credential's own headers. */
export function createPollContext({ parameters = {}, mode = 'trigger', staticData = {} }: PollContextOptions = {}) {
	const httpRequestWithAuthentication = jest.fn(realHttpRequestWithAuthentication);
	const getWorkflowStaticData = jest.fn((type: string) => {
		if (type !== 'node') throw new Error(`unexpected static data ${type}`);
		return staticData;
	});
	const context = {
		getNode: () => POLL_NODE,
		getWorkflow: () => ({ id: 'wf_poll_1', name: 'Claap polling', active: true }),
		getMode: () => mode,
		getActivationMode: () => 'activate',
		getCredentials: async (type: string) => CREDENTIALS[type],
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData,
		helpers: { httpRequestWithAuthentication },
	};
	// The mock implements only what the node calls; the cast is confined to this helper.
	return { ctx: context as unknown as IPollFunctions, staticData, httpRequestWithAuthentication, getWorkflowStaticData };
}
