import { startSimulator } from '../../simulator';
import { startN8n } from './harness/n8n';
import { OWNER } from './harness/n8n-api';
import { createCredential } from './harness/workflows';
(async () => {
  const sim = await startSimulator({});
  const n8n = await startN8n();
  try {
    const login = await fetch(`${n8n.baseUrl}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    for (const [label, type, data] of [
      ['webhook right', 'claapWebhookApi', { webhookId: sim.webhook.id, webhookSecret: sim.webhook.secret, baseUrl: sim.apiBaseUrl }],
      ['webhook wrong secret', 'claapWebhookApi', { webhookId: sim.webhook.id, webhookSecret: 'nope', baseUrl: sim.apiBaseUrl }],
      ['webhook wrong id', 'claapWebhookApi', { webhookId: 'wh_nope', webhookSecret: sim.webhook.secret, baseUrl: sim.apiBaseUrl }],
      ['api right', 'claapApi', { apiKey: sim.apiKey, baseUrl: sim.url }],
      ['api wrong', 'claapApi', { apiKey: 'cla_nope', baseUrl: sim.url }],
    ] as const) {
      const { id } = await createCredential(n8n, type, label, data);
      const r = await fetch(`${n8n.baseUrl}/rest/credentials/test`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ credentials: { id, name: label, type, data } }) });
      console.log(label, r.status, await r.text());
    }
    console.log('deliveries', sim.deliveries.list().length);
  } finally { await n8n.stop(); await sim.close(); }
})();
