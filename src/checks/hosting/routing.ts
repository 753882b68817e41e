// hosting.routing: cPanel's Email Routing for the domain is Local, so Exim delivers the mail Microsoft 365 relays to it.
import { emailRouting } from '../../cpanel/responses.js';
import { defineCheck } from '../../engine/define.js';
import { canonicalName } from '../../m365/domains.js';
import { CPANEL_MESSAGES, CPANEL_REMEDIES, cpanelAnswer, cpanelUnexpected } from '../inside/cpanel-wording.js';
import { REMEDY } from '../../knowledge/consoles.js';
import { routingLines } from '../inside/observed.js';
import { cpanelOf } from '../inside/sources.js';

/** cPanel's names for the settings, as its Email Routing page shows them. */
const LABELS = { local: 'Local Mail Exchanger', remote: 'Remote Mail Exchanger', secondary: 'Backup Mail Exchanger', auto: 'Automatically Detect Configuration' } as const;

export const hostingRouting = defineCheck({
  meta: {
    id: 'hosting.routing',
    title: "cPanel's Email Routing is Local",
    verifies:
      "the hosting panel's Email Routing for the domain is Local (`remote`: fail, relay refused; `secondary`: fail, loop; `auto`: warn)",
    needs: ['cpanel'],
    messages: {
      ...CPANEL_MESSAGES,
      local: 'cPanel ({user}) routes mail for {domain} locally ({label}): Exim delivers what Microsoft 365 relays to the hosting mailboxes.',
      remote:
        'cPanel ({user}) routes mail for {domain} to a remote server ({label}): Exim does not treat {domain} as its own, so mail Microsoft 365 relays for hosting mailboxes is refused as relaying ("550 ... is not permitted to relay through this server without authentication").',
      secondary:
        'cPanel ({user}) routes mail for {domain} as a backup MX ({label}): Exim queues the mail Microsoft 365 relays and sends it back to the domain\'s MX — Microsoft 365 — so it loops until "554 5.4.14 Hop count exceeded" instead of reaching hosting mailboxes.',
      auto:
        "cPanel ({user}) decides the routing of {domain} from its MX records ({label}), and now treats it as {detected}{effect}. The setting flips by itself whenever the MX changes; with the MX at Microsoft 365 it can turn Remote and refuse relayed mail.",
      notListed: 'Could not judge: cPanel ({user}) answered Email::list_mxs without {domain}, so the account may not hold the domain.',
    },
    remedies: {
      ...CPANEL_REMEDIES,
      local: `${REMEDY.localRouting}, then Change.`,
      notListed: 'Check that --cpanel-user is the account that holds {domain} (cPanel → Domains).',
    },
  },
  async run(ctx) {
    const cpanel = cpanelOf(ctx);
    const domain = canonicalName(ctx.domain);
    const answer = cpanelAnswer(cpanel, 'list_mxs', await cpanel.mxs(domain), domain);
    if ('verdict' in answer) return answer.verdict;
    const read = emailRouting(answer.data, domain);
    if (!read.ok) return cpanelUnexpected(cpanel, read.reason);
    const data = { user: cpanel.account.user, domain };
    if (!read.value) return { status: 'error', message: 'notListed', remedy: 'notListed', data, evidence: { cpanel: { ...cpanel.account, routing: null } } };
    const routing = read.value;
    const evidence = { cpanel: { ...cpanel.account, routing } };
    const observed = routingLines(cpanel.account.user, routing);
    // An answer with only the documented fields says what is in effect, not what was configured: said so.
    const label = `${LABELS[routing.setting]}${routing.from === 'detected' ? `, as cPanel reports the routing in effect without the configured setting` : ''}`;
    switch (routing.setting) {
      case 'local':
        return { status: 'pass', message: 'local', data: { ...data, label }, evidence, observed };
      case 'remote':
        return { status: 'fail', message: 'remote', remedy: 'local', data: { ...data, label }, evidence, observed };
      case 'secondary':
        return { status: 'fail', message: 'secondary', remedy: 'local', data: { ...data, label }, evidence, observed };
      case 'auto': {
        const detected = routing.detected ?? 'auto';
        const effect =
          detected === 'local'
            ? ' (mail relayed from Microsoft 365 is delivered today)'
            : detected === 'remote'
              ? ': relayed mail for hosting mailboxes is refused as relaying right now'
              : detected === 'secondary'
                ? ': relayed mail for hosting mailboxes is queued and sent back to the MX right now'
                : '';
        return { status: 'warn', message: 'auto', remedy: 'local', data: { ...data, label, detected: detected === 'auto' ? 'undetermined' : LABELS[detected], effect }, evidence, observed };
      }
    }
  },
});
