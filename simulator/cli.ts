import { parseArgs } from 'node:util';

import { EVENT_TYPES } from '../nodes/shared/schemas';
import type { EventType } from '../nodes/shared/schemas';
import { DEFAULT_API_KEY, DEFAULT_WEBHOOK_ID, DEFAULT_WEBHOOK_SECRET, startSimulator } from './server';
import type { Simulator } from './server';

const HELP = `Claap simulator: Claap's webhook deliveries, webhook trigger API, REST API and
pre-signed links, on 127.0.0.1, for development and tests.

Usage:
  npm run claap:simulator -- --deliver-to <url> [options]   send one event, then exit
  npm run claap:simulator -- --serve [options]              serve until Ctrl-C

Without --deliver-to, --serve is implied.

Options:
  --deliver-to <url>     Webhook URL to deliver to (e.g. an n8n Claap Trigger's URL).
                         Without --serve: sends one event with Claap's retries (at once,
                         +1 min, +5 min; 5 s to answer 200), prints each attempt, exits 0
                         once a 200 arrives and 1 when Claap would drop the event.
                         With --serve: where the trigger API delivers.
  --event <type>         recording_added (default) or recording_updated.
  --recording <id>       Recording to send (default rec_8f3a2c1d). Seeded ids:
                         rec_8f3a2c1d rec_2b7e91c4 rec_5d0c33fa rec_a41f0e77
                         rec_minimal rec_9c6b12de rec_e03d5a18
  --webhook-id <id>      Default ${DEFAULT_WEBHOOK_ID}.
  --webhook-secret <s>   Default ${DEFAULT_WEBHOOK_SECRET}.
  --api-key <key>        REST API key (X-Claap-Key). Default ${DEFAULT_API_KEY}.
  --port <n>             Port on 127.0.0.1 (default 0: any free port).
  --serve                Keep serving the APIs until Ctrl-C (or --exit-after).
  --exit-after <s>       Stop after s seconds whatever happens (a one-shot delivery still
                         pending then counts as failed).
  --time-scale <f>       Multiply the retry schedule and the 5 s timeout (e.g. 0.01);
                         the scaled timeout is never under 250 ms.
  --timeout-ms <ms>      The receiver's time to answer, overriding the scaled 5 s.
  -h, --help             This text.

Routes (base = the printed URL):
  POST {base}/api/v1/webhook/:webhookId/trigger   X-Claap-Webhook-Secret; {type, recordingId}
  GET|POST {base}/v1/recordings, GET|DELETE {base}/v1/recordings/:id,
  GET {base}/v1/recordings/:id/transcript, GET {base}/v1/workspaces/mine   X-Claap-Key
  {base}/_control/faults|requests|reset|links/expire|webhooks|deliveries   test controls
  PATCH {base}/_control/variants {transcriptShape: segments|transcript}    answer variants
  POST {base}/_control/recordings {from?, id?, title?, createdAt?, state?}  a new recording
  PATCH {base}/_control/recordings/:id {state}      its processing state (Uploaded, Ready...)
`;

function fail(message: string): never {
	console.error(`claap-simulator: ${message}\n\nRun with --help for usage.`);
	process.exit(2);
}

function number(value: string | undefined, name: string, check: (n: number) => boolean): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || !check(n)) fail(`invalid ${name}: ${value}`);
	return n;
}

async function main(): Promise<void> {
	let args;
	try {
		args = parseArgs({
			options: {
				'deliver-to': { type: 'string' },
				event: { type: 'string', default: 'recording_added' },
				recording: { type: 'string', default: 'rec_8f3a2c1d' },
				'webhook-id': { type: 'string', default: DEFAULT_WEBHOOK_ID },
				'webhook-secret': { type: 'string', default: DEFAULT_WEBHOOK_SECRET },
				'api-key': { type: 'string', default: DEFAULT_API_KEY },
				port: { type: 'string' },
				serve: { type: 'boolean', default: false },
				'exit-after': { type: 'string' },
				'time-scale': { type: 'string' },
				'timeout-ms': { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
			},
			strict: true,
		}).values;
	} catch (error) {
		fail((error as Error).message);
	}
	if (args.help) {
		process.stdout.write(HELP);
		return;
	}
	const event = args.event as EventType;
	if (!EVENT_TYPES.includes(event)) fail(`--event must be one of ${EVENT_TYPES.join(', ')}`);
	const deliverTo = args['deliver-to'];
	if (deliverTo !== undefined && !/^https?:\/\//.test(deliverTo)) fail(`--deliver-to must be an http(s) URL`);
	const port = number(args.port, '--port', (n) => Number.isInteger(n) && n >= 0 && n < 65536);
	const exitAfter = number(args['exit-after'], '--exit-after', (n) => n > 0);
	const timeScale = number(args['time-scale'], '--time-scale', (n) => n > 0);
	const timeoutMs = number(args['timeout-ms'], '--timeout-ms', (n) => n > 0);
	const serve = args.serve || deliverTo === undefined;

	const sim: Simulator = await startSimulator({
		port,
		apiKeys: [args['api-key']],
		webhookId: args['webhook-id'],
		webhookSecret: args['webhook-secret'],
		deliverTo,
		timeScale,
		deliveryTimeoutMs: timeoutMs,
		onDeliveryAttempt: (d, a) =>
			console.log(
				`attempt ${a.attempt} eventId=${d.eventId} -> ${a.status ?? a.error} (${a.durationMs} ms)${a.ok ? '' : ' failed'}`,
			),
		onDeliverySettled: (d) => {
			if (d.status !== 'cancelled') console.log(`delivery ${d.eventId}: ${d.status} after ${d.attempts.length} attempt(s)`);
		},
	});

	// Every way out goes through here, so the server and its timers always stop.
	let exiting = false;
	const exit = (code: number) => {
		if (exiting) return;
		exiting = true;
		clearTimeout(deadline);
		void sim.close().then(() => process.exit(code));
	};
	process.once('SIGINT', () => exit(serve ? 0 : 130));
	process.once('SIGTERM', () => exit(serve ? 0 : 143));
	const deadline =
		exitAfter === undefined
			? undefined
			: setTimeout(() => {
					if (!serve) console.error(`gave up after --exit-after ${exitAfter} s`);
					exit(serve ? 0 : 1);
				}, exitAfter * 1000);

	if (serve) {
		console.log(`Claap simulator listening on ${sim.url}`);
		console.log(`  trigger API:    POST ${sim.apiBaseUrl}/v1/webhook/${sim.webhook.id}/trigger`);
		console.log(`  webhook id:     ${sim.webhook.id}`);
		console.log(`  webhook secret: ${sim.webhook.secret}`);
		console.log(`  delivers to:    ${sim.webhook.url ?? '(nothing: pass --deliver-to)'}`);
		console.log(`  REST API:       ${sim.url}/v1/recordings  (X-Claap-Key: ${sim.apiKey})`);
		console.log(`  recordings:     ${sim.store.ids().join(' ')}`);
		console.log('Press Ctrl-C to stop.');
		return;
	}

	if (!sim.store.has(args.recording)) {
		console.error(`No recording ${args.recording}; seeded: ${sim.store.ids().join(' ')}`);
		return exit(2);
	}
	const { eventId } = sim.trigger(event, args.recording);
	console.log(`Delivering ${event} for ${args.recording} to ${deliverTo} (eventId ${eventId})`);
	const result = await sim.deliveries.settled(eventId);
	exit(result.status === 'delivered' ? 0 : 1);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
