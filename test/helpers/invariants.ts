// The contract-wide invariants each check table asserts on top of its worlds' statuses: findings worded, non-passes explained.
import { expect } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { ID, smtpFindings } from './smtp-servers.js';
import type { SmtpWorldRun } from './world.js';

/** mx.* and autodiscover.* example worlds: every finding carries a message, and every warn/fail/error says what to do. */
export function expectExplained(byId: Record<string, Finding>): void {
  for (const finding of Object.values(byId)) {
    expect(finding.message.length).toBeGreaterThan(10);
    expect(finding.message).not.toMatch(/\{[a-zA-Z]+\}/);
    if (['warn', 'fail', 'error'].includes(finding.status)) {
      expect(finding.remedy, `${finding.id} remedy`).toBeTruthy();
      expect(finding.remedy).not.toMatch(/\{[a-zA-Z]+\}/);
    }
  }
}

/** Adversarial zones: the judged checks' messages leak no placeholder, `undefined` or stack frame; every non-pass has a remedy. */
export function expectNoLeaks(byId: Record<string, Finding>, ids: readonly string[]): void {
  for (const id of ids) {
    const f = byId[id]!;
    expect(f.message).not.toMatch(/\{[a-zA-Z]+\}|undefined|\bat .*\.ts:\d+/);
    if (f.status !== 'pass' && f.status !== 'skip') expect(f.remedy, `${id} remedy`).toBeTruthy();
  }
}

/** dkim.* and dmarc.record: worded without leftover placeholders; every non-pass carries what was seen and what to do. */
export function expectDkimDmarcExplained(byId: Record<string, Finding>): void {
  for (const id of ['dkim.m365', 'dkim.hosting', 'dmarc.record']) {
    const finding = byId[id]!;
    expect(finding.message.length).toBeGreaterThan(20);
    expect(`${finding.message} ${finding.remedy ?? ''}`).not.toMatch(/\{[a-zA-Z]+\}/);
    if (finding.status !== 'pass' && finding.status !== 'skip') {
      expect(finding.remedy, `${id} remedy`).toBeTruthy();
      expect(finding.observed?.length ?? 0, `${id} observed`).toBeGreaterThan(0);
    }
  }
}

/** SMTP worlds on the testbed servers: every SMTP finding worded, every non-pass with a remedy and what it judged; no DATA; in time. */
export function expectSmtpExplained(run: SmtpWorldRun): void {
  for (const finding of smtpFindings(run)) {
    expect(finding.message.length).toBeGreaterThan(10);
    expect(finding.message, finding.id).not.toMatch(/\{[a-zA-Z]+\}/);
    if (['warn', 'fail', 'error'].includes(finding.status)) {
      // Every non-pass says what to do and shows what it judged.
      expect(finding.remedy, `${finding.id} remedy`).toBeTruthy();
      expect(finding.remedy, finding.id).not.toMatch(/\{[a-zA-Z]+\}/);
      expect((finding.observed ?? []).length + Object.keys(finding.evidence).length, `${finding.id} evidence`).toBeGreaterThan(0);
    }
  }
  // Every test server saw the probe end before DATA (runWorld throws otherwise): checked again here.
  expect(run.servers.every((s) => !s.sawData)).toBe(true);
  // The hostile and unreachable worlds end within their timeouts, well under the check deadline.
  expect(run.elapsedMs).toBeLessThan(5000);
}

/** Scripted SMTP worlds: no DATA and no AUTH/BDAT/VRFY/EXPN, bounded time, every non-pass explained with a remedy. */
export function expectScriptedInvariants(run: SmtpWorldRun, budgetMs: number): void {
  for (const [key, log] of Object.entries(run.serversByKey)) {
    expect(log.sawData, `${key} received DATA`).toBe(false);
    expect(log.commands.filter((c) => /^(AUTH|BDAT|VRFY|EXPN)\b/i.test(c)), key).toEqual([]);
  }
  expect(run.elapsedMs).toBeLessThan(budgetMs);
  for (const id of Object.values(ID)) {
    const f: Finding | undefined = run.byId[id];
    expect(f, id).toBeDefined();
    if (!f) continue;
    expect(f.message, id).not.toMatch(/\{[a-zA-Z]+\}|undefined|\[object Object\]|\n\s+at /);
    if (f.status === 'warn' || f.status === 'fail' || f.status === 'error') {
      expect(f.remedy, `${id} remedy`).toBeTruthy();
      expect(f.remedy, id).not.toMatch(/\{[a-zA-Z]+\}|undefined/);
    }
  }
}
