// The check registry, in report order: adding a check is one file and one line here.
import { autodiscoverCname } from './autodiscover/cname.js';
import { autodiscoverSrv } from './autodiscover/srv.js';
import { dkimHosting } from './dkim/hosting.js';
import { dkimM365 } from './dkim/m365.js';
import { dmarcRecord } from './dmarc/record.js';
import { mtastsPolicy } from './mtasts/policy.js';
import { mxM365Primary } from './mx/m365-primary.js';
import { mxNoBypass } from './mx/no-bypass.js';
import { mxPresent } from './mx/present.js';
import { mxTargetsResolve } from './mx/targets-resolve.js';
import { spfAll } from './spf/all.js';
import { spfHostingCovered } from './spf/hosting-covered.js';
import { spfLookupLimit } from './spf/lookup-limit.js';
import { spfM365Include } from './spf/m365-include.js';
import { spfPresent } from './spf/present.js';
import { spfSyntax } from './spf/syntax.js';
import { spfVoidLimit } from './spf/void-limit.js';
import { m365InternalRelay } from './m365/internal-relay.js';
import { m365AcceptedDomain } from './m365/accepted-domain.js';
import { m365Connector } from './m365/connector.js';
import { m365ConnectorTls } from './m365/connector-tls.js';
import { m365DirectSend } from './m365/direct-send.js';
import { m365DkimSigning } from './m365/dkim-signing.js';
import { hostingRouting } from './hosting/routing.js';
import { mailboxesDuplicates } from './mailboxes/duplicates.js';
import { mailboxesHostingToM365 } from './mailboxes/hosting-to-m365.js';
import { smarthostAcceptsMailbox } from './smarthost/accepts-mailbox.js';
import { smarthostCertificate } from './smarthost/certificate.js';
import { smarthostLoop } from './smarthost/loop.js';
import { smarthostRejectsUnknown } from './smarthost/rejects-unknown.js';
import { smarthostResolves } from './smarthost/resolves.js';
import { smarthostRoutesToM365 } from './smarthost/routes-to-m365.js';
import { smarthostSmtp } from './smarthost/smtp.js';
import { smarthostTls } from './smarthost/tls.js';
import { dnsConsistency } from './dns/consistency.js';
import type { Check } from '../engine/types.js';

export const ALL_CHECKS: readonly Check[] = [
  mxPresent,
  mxM365Primary,
  mxNoBypass,
  mxTargetsResolve,
  spfPresent,
  spfSyntax,
  spfM365Include,
  spfHostingCovered,
  spfLookupLimit,
  spfVoidLimit,
  spfAll,
  dkimM365,
  dkimHosting,
  dmarcRecord,
  autodiscoverCname,
  autodiscoverSrv,
  mtastsPolicy,
  smarthostResolves,
  smarthostLoop,
  smarthostSmtp,
  smarthostTls,
  smarthostCertificate,
  smarthostAcceptsMailbox,
  smarthostRejectsUnknown,
  smarthostRoutesToM365,
  m365InternalRelay,
  m365AcceptedDomain,
  m365Connector,
  m365ConnectorTls,
  m365DirectSend,
  m365DkimSigning,
  hostingRouting,
  mailboxesDuplicates,
  mailboxesHostingToM365,
  dnsConsistency,
];
