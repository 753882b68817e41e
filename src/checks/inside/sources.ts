// The inside view's two sources as the checks read them: the tenant export's rows for the domain, and the cPanel account.
import type { CpanelSource } from '../../cpanel/source.js';
import type { CheckContext } from '../../engine/types.js';
import type { M365DomainView } from '../../m365/domain-view.js';

/**
 * The checked domain's rows of the tenant export (--m365-export). A check that reads it declares `needs: ['m365']`,
 * so the engine runs it only when the source is there (and says which option gives it otherwise).
 */
export function m365Of(ctx: CheckContext): M365DomainView {
  const client = ctx.sources.m365;
  if (!client) throw new Error('the m365 source is missing although the check needs it');
  return client.view(ctx.domain);
}

/** The hosting account (--cpanel-url, --cpanel-user); checks reading it declare `needs: ['cpanel']`. */
export function cpanelOf(ctx: CheckContext): CpanelSource {
  const client = ctx.sources.cpanel;
  if (!client) throw new Error('the cpanel source is missing although the check needs it');
  return client;
}

/** The inside view when it was given (the probes use it to pick their targets), else undefined: never a reason to stop. */
export function optionalM365(ctx: CheckContext): M365DomainView | undefined {
  return ctx.sources.m365?.view(ctx.domain);
}

export function optionalCpanel(ctx: CheckContext): CpanelSource | undefined {
  return ctx.sources.cpanel;
}
