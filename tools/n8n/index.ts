/**
 * The project's n8n tooling: installs a real n8n from the npm registry into a verified cache,
 * starts it on 127.0.0.1 (single process or queue mode) with this package installed as users
 * install it, and drives it through its public API. `npm start`, the e2e and reliability suites,
 * the bench and the screenshot script all use it; nothing under nodes/ does.
 */
export * from './baseline';
export * from './chat';
export * from './downloads';
export * from './examples';
export * from './install';
export * from './n8n';
export * from './memory';
export * from './n8nApi';
export * from './process';
export * from './push';
export * from './queue';
export * from './queueWorkflows';
export * from './workflows';
