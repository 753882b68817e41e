// The commands' option definitions, kept apart from their (lazily loaded) implementations.
import type { Argv } from 'yargs';
import { FORMAT_NAMES } from '../report/formats/index.js';
import { networkOptions, outputOptions, summaryOption } from './options.js';

/** Formats of the full check (src/report/formats/); `ndjson` streams one JSON line per domain as each finishes. */
export const CHECK_FORMATS = FORMAT_NAMES;

/** The domains to check and where the report goes. */
function targetOptions<T>(y: Argv<T>) {
  return y
    .positional('domains', {
      type: 'string',
      array: true,
      describe: 'the mail domain(s) to check, e.g. yourcompany.com (several: one summary, the worst exit code)',
    })
    .option('domains-file', {
      type: 'string',
      requiresArg: true,
      describe: 'check the domains listed in this file, one a line (# starts a comment; - reads standard input)',
    })
    // Strings, as typed: a refusal quotes them ("abc"), where yargs' number type made them NaN.
    .option('concurrency', { type: 'string', requiresArg: true, describe: 'domains checked at once, over one shared DNS cache [default: 16]' })
    .option('output', {
      type: 'string',
      alias: 'o',
      requiresArg: true,
      describe: 'write the report to this file instead of stdout, replacing it only once complete; without --json or --format, its extension picks the format (.json, .xml JUnit, .md, .ndjson); the terminal shows progress and a one-line result',
    })
    .option('config', {
      type: 'string',
      requiresArg: true,
      describe: 'read settings from this JSON file (default: splitcheck.config.json in the working directory, if any); flags override it',
    });
}

/** Which checks run (built-in and plugins') and how strictly the outcome is read. */
function selectionOptions<T>(y: Argv<T>) {
  return y
    .option('only', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'run only these checks: an id or an area prefix (repeatable): --only mx, --only spf.all',
    })
    .option('skip', { type: 'string', array: true, requiresArg: true, describe: 'skip these checks: an id or an area prefix (repeatable)' })
    .option('plugin', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: "load checks from a plugin module (repeatable): a path such as ./acme-checks.js, or an installed package's name; give it again with --replay",
    })
    .option('strict', { type: 'boolean', describe: 'warnings fail the run (exit 1)' })
    .option('save-evidence', {
      type: 'string',
      requiresArg: true,
      describe: 'write everything the run asked and heard to this file (for support, or --replay)',
    });
}

/** The setup the checks are told: smart host, hosting addresses and mailboxes, expected Microsoft 365 MX. */
function setupOptions<T>(y: Argv<T>) {
  return y
    .option('smart-host', {
      type: 'string',
      requiresArg: true,
      describe: "the connector's smart host, host[:port] (default: mail.<domain> when it resolves, and the report says it was inferred)",
    })
    .option('hosting-ip', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: "the hosting server's outbound IP (repeatable), for SPF coverage (default: the smart host's addresses)",
    })
    .option('mailbox', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'a mailbox that lives on the hosting server (repeatable), probed with RCPT TO (never DATA)',
    })
    .option('m365-mailbox', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe:
        'a mailbox that lives in Microsoft 365 (repeatable): the smart host is asked RCPT TO for it from a hosting sender, in the same session (never DATA), to see whether hosting users can write to it',
    })
    .option('helo', {
      type: 'string',
      requiresArg: true,
      describe:
        "the name splitcheck says EHLO with to the SMTP servers (default: this machine's host name when it is a public FQDN, else its address literal such as [192.0.2.1])",
    })
    .option('m365-export', {
      type: 'string',
      requiresArg: true,
      describe: "the Microsoft 365 tenant's settings: the JSON file the script `splitcheck m365-export-script` prints writes (read-only cmdlets)",
    })
    .option('cpanel-url', {
      type: 'string',
      requiresArg: true,
      describe: "the hosting account's cPanel, https://host:2083, read through UAPI (the API token from SPLITCHECK_CPANEL_TOKEN, never a flag)",
    })
    .option('cpanel-user', { type: 'string', requiresArg: true, describe: 'the cPanel account (user name) that holds the domain' })
    .option('dkim-selector', { type: 'string', requiresArg: true, describe: "the hosting server's DKIM selector (default: default)" })
    .option('tls-name', { type: 'string', requiresArg: true, describe: "the name the smart host's certificate must match (default: the smart host)" })
    .option('ca-file', {
      type: 'string',
      requiresArg: true,
      describe: 'PEM file of CA certificates to trust for the smart host, besides the system store and NODE_EXTRA_CA_CERTS',
    })
    .option('smtp', { type: 'boolean', describe: 'open SMTP connections [default: true]; --no-smtp skips every SMTP check (skip, not fail)' })
    .option('expect-mx', {
      type: 'string',
      requiresArg: true,
      describe: 'the exact Microsoft 365 MX host from the admin center; another Microsoft MX fails mx.m365-primary',
    })
    .option('cloud', {
      type: 'string',
      choices: ['commercial', 'gcc-high', 'dod', 'china'],
      requiresArg: true,
      describe: 'the Microsoft 365 cloud of the tenant; an MX in another cloud fails mx.m365-primary',
    });
}

/** Where the answers come from: a saved run, or the zone's own name servers. */
function sourceOptions<T>(y: Argv<T>) {
  return y
    .option('replay', {
      type: 'string',
      requiresArg: true,
      describe: 'judge a saved evidence file again, offline, instead of asking the network',
    })
    .option('authoritative', {
      type: 'boolean',
      describe:
        "ask the domain's own name servers (found through the resolver) instead of trusting a cache that may hold records from before your last change; dns.consistency then checks that every one of them serves the same serial and mail records",
    })
    .option('baseline', {
      type: 'string',
      requiresArg: true,
      describe:
        'a previous JSON report (--format json) to compare with: problems it had are reported as known, and only new or worse ones (a pass that fails now, a new error) count for the exit code; the report says what is new, fixed and known',
    })
    .option('wait', {
      type: 'string',
      requiresArg: true,
      describe:
        'after a DNS change, check again on a backoff until the authoritative servers agree (dns.consistency passes) and the checks pass, for at most this long (e.g. 15m, 90s); implies --authoritative; at the end the last run\'s report and exit code stand',
    });
}

export function checkBuilder<T>(y: Argv<T>) {
  return sourceOptions(setupOptions(selectionOptions(targetOptions(summaryOption(outputOptions(networkOptions(y), CHECK_FORMATS))))));
}

/** `splitcheck diff <old> <new>`: two JSON reports compared as --baseline compares a run. */
export function diffBuilder<T>(y: Argv<T>) {
  return y
    .positional('old', { type: 'string', demandOption: true, describe: 'the earlier JSON report (the baseline)' })
    .positional('new', { type: 'string', demandOption: true, describe: 'the later JSON report' })
    .option('format', { type: 'string', choices: ['terminal', 'json', 'markdown'], requiresArg: true, describe: 'how to print the comparison [default: terminal]' })
    .option('json', { type: 'boolean', describe: 'the comparison as JSON (same as --format json)' })
    .option('strict', { type: 'boolean', describe: 'new or worse warnings count too (exit 1)' })
    .option('color', { type: 'boolean', describe: 'colour the terminal output [default: on a terminal, unless NO_COLOR]' });
}

/** `splitcheck render <report.json>`: a saved JSON report in another format. */
export function renderBuilder<T>(y: Argv<T>) {
  return outputOptions(y, CHECK_FORMATS)
    .positional('report', { type: 'string', demandOption: true, describe: 'a JSON report of splitcheck (--format json, one domain or several, or ndjson); - reads standard input' })
    .option('strict', { type: 'boolean', describe: 'say that warnings fail the run (junit, markdown) [default: as the report was run]' });
}


export function spfBuilder<T>(y: Argv<T>) {
  return outputOptions(networkOptions(y))
    .positional('domain', { type: 'string', demandOption: true, describe: 'the domain whose SPF policy is evaluated' })
    .option('ip', { type: 'string', demandOption: true, requiresArg: true, describe: 'the sending client address (IPv4 or IPv6)' })
    .option('sender', {
      type: 'string',
      requiresArg: false,
      describe: 'MAIL FROM address for the %{s} %{l} %{o} macros (default postmaster@<domain>; "" = null sender: postmaster@<helo>)',
    })
    .option('helo', { type: 'string', requiresArg: true, describe: 'HELO/EHLO name for %{h} (default: the domain)' });
}

export function traceBuilder<T>(y: Argv<T>) {
  return outputOptions(networkOptions(y))
    .positional('address', { type: 'string', demandOption: true, describe: 'the recipient to follow, e.g. alice@yourcompany.com (a hosting mailbox)' })
    .option('smart-host', {
      type: 'string',
      requiresArg: true,
      describe: "the connector's smart host, host[:port] (default: mail.<domain> when it resolves, and the trace says it was inferred)",
    })
    .option('tls-name', { type: 'string', requiresArg: true, describe: "the name the smart host's certificate must match (default: the smart host)" })
    .option('ca-file', { type: 'string', requiresArg: true, describe: 'PEM file of CA certificates to trust for the smart host' })
    .option('smtp', { type: 'boolean', describe: 'open SMTP connections [default: true]; --no-smtp leaves the SMTP hops unverified' });
}

export function demoBuilder<T>(y: Argv<T>) {
  return summaryOption(outputOptions(y));
}

export function explainBuilder<T>(y: Argv<T>) {
  return outputOptions(networkOptions(y))
    .positional('file', { type: 'string', demandOption: true, describe: 'the bounce: pasted NDR text or an .eml file; - reads standard input' })
    .option('check', {
      type: 'boolean',
      describe: 'also run the checks that confirm the diagnosis, for the domain the bounce names (exit code: that run\'s)',
    })
    .option('smart-host', {
      type: 'string',
      requiresArg: true,
      describe: "with --check: the connector's smart host, host[:port] (default: the host Microsoft 365 tried, when the bounce names it)",
    })
    .option('smtp', { type: 'boolean', default: true, describe: 'with --check: open SMTP connections; --no-smtp skips every SMTP check' });
}
