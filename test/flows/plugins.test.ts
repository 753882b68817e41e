// A plugin's check decides the flows it declares in meta.flows, in the report and its terminal picture; a flow that is no flow is refused.
import { describe, expect, it } from 'vitest';
import { check, InputError, type Check, type FlowId } from '../../src/index.js';
import { renderTerminal } from '../../src/report/terminal.js';

const plugin = (flows?: unknown): Check => ({
  meta: { id: 'acme.forwarders', title: 'Forwarders', verifies: 'every colleague has a forwarder', messages: { missing: 'ben has no forwarder.' }, remedies: { add: 'Add one.' }, ...(flows === undefined ? {} : { flows: flows as FlowId[] }) },
  run: () => Promise.resolve({ status: 'fail', message: 'missing', remedy: 'add' }),
});

describe('plugins and flows', () => {
  it('a failing plugin check fails the flows it declares, and only those', async () => {
    const report = await check('contoso.com', { resolvers: ['127.0.0.1:9'], plugins: [{ checks: [plugin(['hosting-to-m365'])] }], only: ['acme'] });
    const flows = Object.fromEntries(report.flows.map((f) => [f.id, [f.status, f.checks]]));
    expect(flows['hosting-to-m365']).toEqual(['fail', ['acme.forwarders']]);
    expect(Object.values(flows).filter(([status]) => status === 'fail')).toHaveLength(1);
    const text = renderTerminal(report, { color: false, width: 80 });
    expect(text).toMatch(/^ {2}✖ fail {3}hosting → Microsoft 365 +hosting-to-m365\n {10}fails: acme\.forwarders$/m);
    expect(text).toMatch(/^ {2}1\. acme\.forwarders: Add one\.$/m);
  });

  it('without meta.flows it decides none and is listed beside the flows', async () => {
    const report = await check('contoso.com', { resolvers: ['127.0.0.1:9'], plugins: [{ checks: [plugin()] }], only: ['acme'] });
    expect(report.flows.every((f) => f.status === 'skip' && f.checks.length === 0)).toBe(true);
    expect(renderTerminal(report, { color: false, width: 80 })).toMatch(/^ {2}Outside the mail flows \(set-up, propagation\): fails: acme\.forwarders$/m);
  });

  it.each([['not a flow', ['hosting-to-cloud']], ['not a list', 'hosting-to-m365']])('meta.flows %s: InputError naming the flows', async (_, flows) => {
    const refused = await check('contoso.com', { resolvers: ['127.0.0.1:9'], plugins: [{ checks: [plugin(flows)] }] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toMatch(/acme\.forwarders: meta\.flows must list mail flows among internet-to-m365, internet-to-hosting, m365-to-hosting, hosting-to-m365, m365-to-internet, hosting-to-internet/);
  });
});
