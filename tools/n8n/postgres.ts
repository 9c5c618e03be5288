import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { freePort } from './ports';
import { spawnBounded, waitUntil, type BoundedProcess } from './process';

export interface PostgresInstance {
	port: number;
	user: string;
	database: string;
	process: BoundedProcess;
	/** Fast shutdown: n8n is gone by then, so nobody waits for open sessions. */
	stop(): Promise<void>;
}

function postgresAccount(): { uid: number; gid: number } {
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throw-away PostgreSQL cluster in `dir`, on 127.0.0.1 only. PostgreSQL refuses to run as
 * root, so initdb and the server run as Debian's `postgres` account. Trust authentication
 * and no fsync: nothing here outlives the test run.
 */
export async function startPostgres(postgresBin: string, dir: string, lifetimeSeconds: number): Promise<PostgresInstance> {
	const account = postgresAccount();
	const dataDir = join(dir, 'data');
	mkdirSync(dataDir, { mode: 0o700 });
	chownSync(dir, account.uid, account.gid);
	chownSync(dataDir, account.uid, account.gid);
	const user = 'n8n';
	execFileSync(join(postgresBin, 'initdb'), ['-D', dataDir, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
		...account,
		cwd: dir,
		stdio: 'ignore',
	});
	const port = await freePort();
	const server = spawnBounded(
		join(postgresBin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', `unix_socket_directories=${dir}`,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
		],
		{ ...account, cwd: dir, lifetimeSeconds },
	);
	await waitUntil(
		'postgres ready',
		60_000,
		async () => server.logs().includes('database system is ready to accept connections'),
		server.logs,
	);
	return { port, user, database: 'postgres', process: server, stop: async () => await server.stop('SIGINT', 20_000) };
}
