import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeConnectionTypes,
	Workflow,
	type IDataObject,
	type IExecuteData,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { ClaapTrigger } from '../../../nodes/ClaapTrigger/ClaapTrigger.node';
import { forgetSeenEvents, forgetWebhookSecrets } from '../../support/triggerState';
import { asObject, loadDelivery, recordingOf } from '../../support/fixtures';
import { createWebhookHarness, deliver, TRIGGER_NODE } from '../../support/webhookContext';

/** A tiny action node: copies each item and upper-cases the recording's title. */
class UppercaseTitle implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Uppercase Title',
		name: 'uppercaseTitle',
		group: ['transform'],
		version: 1,
		description: 'Upper-cases recording.title',
		defaults: { name: 'Uppercase Title' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, index) => {
				const recording = asObject(item.json.recording);
				const title = typeof recording.title === 'string' ? recording.title.toUpperCase() : null;
				return { json: { eventId: item.json.eventId, title }, pairedItem: { item: index } };
			}),
		];
	}
}

const TRIGGER_TYPE = TRIGGER_NODE.type;
const UPPERCASE_TYPE = 'test.uppercaseTitle';

const nodeTypes: INodeTypes = {
	getByName: (type) => getType(type),
	getByNameAndVersion: (type) => getType(type),
	getKnownTypes: () => ({}),
};
const types: Record<string, INodeType> = {
	[TRIGGER_TYPE]: new ClaapTrigger(),
	[UPPERCASE_TYPE]: new UppercaseTitle(),
};
function getType(type: string): INodeType {
	const found = types[type];
	if (!found) throw new Error(`unknown node type ${type}`);
	return found;
}

const UPPERCASE_NODE: INode = {
	id: 'node_uppercase_1',
	name: 'Uppercase Title',
	type: UPPERCASE_TYPE,
	typeVersion: 1,
	position: [200, 0],
	parameters: {},
};

const workflowData: IWorkflowBase = {
	id: 'wf_claap_1',
	name: 'Claap deliveries',
	active: true,
	isArchived: false,
	createdAt: new Date(0),
	updatedAt: new Date(0),
	nodes: [TRIGGER_NODE, UPPERCASE_NODE],
	connections: {
		[TRIGGER_NODE.name]: { main: [[{ node: UPPERCASE_NODE.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	staticData: {},
	activeVersionId: null,
};

interface RunResult {
	run: IRun;
	workflow: Workflow;
	savedStaticData: Array<IDataObject | undefined>;
}

/** Runs the workflow as n8n does after a webhook: the trigger node on the stack with its items. */
async function runFromWebhook(items: INodeExecutionData[][]): Promise<RunResult> {
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: true,
		nodeTypes,
		staticData: {},
		settings: workflowData.settings,
	});

	const savedStaticData: Array<IDataObject | undefined> = [];
	const hooks = new ExecutionLifecycleHooks('webhook', 'exec_1', workflowData);
	hooks.addHandler('workflowExecuteAfter', (_run, newStaticData) => {
		savedStaticData.push(newStaticData === undefined ? undefined : JSON.parse(JSON.stringify(newStaticData)));
	});

	// Only what WorkflowExecute and the execute context read for these two nodes.
	const additional: Partial<IWorkflowExecuteAdditionalData> = {
		hooks,
		executionId: 'exec_1',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		variables: {},
	};
	const additionalData = additional as IWorkflowExecuteAdditionalData;

	const triggerNode = workflow.getNode(TRIGGER_NODE.name);
	if (!triggerNode) throw new Error('trigger node missing');
	const nodeExecutionStack: IExecuteData[] = [{ node: triggerNode, data: { main: items }, source: null }];
	const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack } });

	const run = await new WorkflowExecute(additionalData, 'webhook', runExecutionData).processRunExecutionData(workflow);
	return { run, workflow, savedStaticData };
}

describe('ClaapTrigger in a real WorkflowExecute', () => {
	beforeEach(() => {
		forgetWebhookSecrets();
		forgetSeenEvents();
	});

	it('runs trigger -> Uppercase Title from the webhook output and records the eventId in static data', async () => {
		const harness = createWebhookHarness();
		const response = await deliver(harness, loadDelivery('full'));
		expect(response.workflowData).toBeDefined();
		const { run, workflow, savedStaticData } = await runFromWebhook(response.workflowData ?? []);

		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.finished).toBe(true);
		expect(run.data.resultData.lastNodeExecuted).toBe(UPPERCASE_NODE.name);

		const triggerOutput = run.data.resultData.runData[TRIGGER_NODE.name]?.[0]?.data?.main?.[0] ?? [];
		expect(triggerOutput).toHaveLength(1);
		expect(triggerOutput[0].json.eventId).toBe('evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z');
		expect(triggerOutput[0].pairedItem).toEqual({ item: 0 });

		const finalOutput = run.data.resultData.runData[UPPERCASE_NODE.name]?.[0]?.data?.main?.[0] ?? [];
		expect(finalOutput.map((item) => item.json)).toEqual([
			{ eventId: 'evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z', title: 'ACME X CLAAP - DISCOVERY CALL' },
		]);
		expect(recordingOf(loadDelivery('full')).title).toBe('Acme x Claap - Discovery call');

		// The trigger's execute() wrote the id into the workflow's static data ...
		const nodeStaticData = asObject(workflow.staticData[`node:${TRIGGER_NODE.name}`]);
		expect(Object.keys(asObject(nodeStaticData.seenEvents))).toEqual(['evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z']);
		// ... and marked it changed, so n8n hands it to workflowExecuteAfter to be saved.
		expect(savedStaticData).toHaveLength(1);
		const saved = asObject(savedStaticData[0]);
		expect(Object.keys(asObject(asObject(saved[`node:${TRIGGER_NODE.name}`]).seenEvents))).toEqual([
			'evt_01JQ7Z3W8K2M4N6P8R0T2V4X6Z',
		]);
	});

	it('with ignoreDuplicates off, the run leaves the static data unchanged and nothing is handed over to save', async () => {
		const node: INode = { ...TRIGGER_NODE, parameters: { options: { ignoreDuplicates: false } } };
		workflowData.nodes = [node, UPPERCASE_NODE];
		try {
			const harness = createWebhookHarness({ parameters: { options: { ignoreDuplicates: false } } });
			const response = await deliver(harness, loadDelivery('minimal'));
			const { run, workflow, savedStaticData } = await runFromWebhook(response.workflowData ?? []);
			expect(run.status).toBe('success');
			const finalOutput = run.data.resultData.runData[UPPERCASE_NODE.name]?.[0]?.data?.main?.[0] ?? [];
			expect(finalOutput.map((item) => item.json)).toEqual([{ eventId: 'evt_minimal_0001', title: null }]);
			expect(workflow.staticData[`node:${TRIGGER_NODE.name}`]).toBeUndefined();
			expect(savedStaticData).toEqual([undefined]);
		} finally {
			workflowData.nodes = [TRIGGER_NODE, UPPERCASE_NODE];
		}
	});
});
