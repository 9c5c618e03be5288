import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Redis and PostgreSQL binaries for queue mode, from Debian's packages. A fresh CI machine has
 * neither, so they are installed here (as root) the first time they are missing.
 */
export interface ServiceBinaries {
	redisServer: string;
	/** The folder of `initdb` and `postgres`; Debian keeps them out of PATH. */
	postgresBin: string;
}

const log = (message: string) => process.stderr.write(`[queue-harness] ${message}\n`);

function findRedis(): string | undefined {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
}

function findPostgres(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const newestFirst = readdirSync(root).sort((a, b) => Number(b) - Number(a));
	return newestFirst
		.map((version) => join(root, version, 'bin'))
		.find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres')));
}

export function ensureServiceBinaries(): ServiceBinaries {
	let redisServer = findRedis();
	let postgresBin = findPostgres();
	if (!redisServer || !postgresBin) {
		log('installing redis-server and postgresql from Debian, once (about a minute)...');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'], {
			env,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		redisServer = findRedis();
		postgresBin = findPostgres();
	}
	if (!redisServer || !postgresBin) throw new Error('redis-server or postgresql is still missing after apt-get install');
	return { redisServer, postgresBin };
}
