import { freePort } from './ports';
import { spawnBounded, waitUntil, type BoundedProcess } from './process';

export interface RedisInstance {
	port: number;
	process: BoundedProcess;
}

/** A throw-away Redis on 127.0.0.1: no persistence, nothing written to disk. */
export async function startRedis(redisServer: string, dir: string, lifetimeSeconds: number): Promise<RedisInstance> {
	const port = await freePort();
	const redis = spawnBounded(
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
		{ lifetimeSeconds, cwd: dir },
	);
	await waitUntil('redis ready', 30_000, async () => redis.logs().includes('Ready to accept connections'), redis.logs);
	return { port, process: redis };
}
