import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ExtraPackage } from '../../tools/n8n/package';

/** The control trigger's node type, as workflows name it. */
export const CONTROL_NODE_TYPE = 'n8n-nodes-bench-control.benchControlTrigger';

/**
 * The floor of a community webhook trigger: same webhook description as the Claap Trigger (POST,
 * path `webhook`, answers on receipt, version [1, 2] with 2 the default), and a webhook() that
 * checks nothing and starts a run with the body. Whatever n8n spends on any community trigger,
 * it spends on this one; the difference to the Claap Trigger is what the package costs.
 */
const NODE_SOURCE = `'use strict';
class BenchControlTrigger {
	constructor() {
		this.description = {
			displayName: 'Bench Control Trigger',
			name: 'benchControlTrigger',
			group: ['trigger'],
			version: [1, 2],
			defaultVersion: 2,
			description: 'Starts a workflow with the request body, checking nothing',
			defaults: { name: 'Bench Control Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
			properties: [],
		};
	}
	async webhook() {
		const body = this.getRequestObject().body;
		return { workflowData: [[{ json: body }]], webhookResponse: { received: true } };
	}
}
exports.BenchControlTrigger = BenchControlTrigger;
`;

/** Writes the control package to a temporary folder, ready for `startN8n({ extraPackages })`. */
export function buildControlPackage(): ExtraPackage {
	const dir = mkdtempSync(join(tmpdir(), 'claap-bench-control-'));
	mkdirSync(join(dir, 'dist'));
	writeFileSync(join(dir, 'dist', 'BenchControlTrigger.node.js'), NODE_SOURCE);
	const manifest = {
		name: 'n8n-nodes-bench-control',
		version: '1.0.0',
		keywords: ['n8n-community-node-package'],
		main: 'dist/BenchControlTrigger.node.js',
		n8n: { n8nNodesApiVersion: 1, nodes: ['dist/BenchControlTrigger.node.js'] },
	};
	writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	return { name: manifest.name, version: manifest.version, dir };
}
