import { join } from 'node:path';

import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * n8n's own `httpRequest` (n8n-core 2.41.1's axios client, the code behind
 * `this.helpers.httpRequest`), for tests that need its real stream and timeout behaviour.
 * Not in the package's exports map, so required by path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path outside the exports map
export const { httpRequest: n8nHttpRequest } = require(join(__dirname, '../../node_modules/@n8n/backend-network/dist/http/axios/request.js')) as {
	httpRequest: (options: IHttpRequestOptions) => Promise<unknown>;
};
