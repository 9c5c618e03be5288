import { cleanNpmEnv } from '../../tools/n8n/npmChild';
import { fatalStartError } from '../../tools/n8n/n8n';

const installation = { version: '2.41.1', dir: '/cache/n8n-2.41.1', nodeBinary: 'node', n8nBinary: 'n8n', env: {} };

describe('fatalStartError', () => {
	it.each([
		['DriverPackageNotInstalledError: SQLite package has not been found installed. Try to install it: npm install sqlite3 --save'],
		['There was an error initializing DB'],
	])('names the broken install and the repair for %s', (line) => {
		const message = fatalStartError(installation, `some output\n${line}\n`);
		expect(message).toContain('/cache/n8n-2.41.1 is broken');
		expect(message).toContain('repairs it');
		expect(message).not.toContain('--save');
	});

	it('names a port that is taken', () => {
		expect(fatalStartError(installation, 'Error: listen EADDRINUSE: address already in use 127.0.0.1:5678')).toContain('port 5678');
	});

	it('says nothing about a healthy start', () => {
		expect(fatalStartError(installation, 'Editor is now accessible via:\nhttp://127.0.0.1:5678')).toBeUndefined();
	});
});

describe('cleanNpmEnv', () => {
	const saved = { ...process.env };
	afterEach(() => {
		process.env = { ...saved };
	});

	it('drops the npm settings a project script exports, keeps the rest and the download cache', () => {
		process.env = { PATH: '/bin', npm_config_ignore_scripts: 'true', npm_lifecycle_event: 'start', npm_config_cache: '/npm-cache' };
		expect(cleanNpmEnv({ npm_config_nodedir: '/node24' })).toEqual({
			PATH: '/bin',
			npm_config_cache: '/npm-cache',
			npm_config_nodedir: '/node24',
		});
	});
});
