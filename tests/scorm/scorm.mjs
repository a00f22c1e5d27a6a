#!/usr/bin/env node
// Plays one launch of an unpacked quizc SCORM package against the real
// scorm-again runtime (the LMS side) in the system Chromium, and prints what
// the LMS holds afterwards as JSON. Driven by tests/scorm_runtime.rs, which
// chains launches (a relaunch gets the first one's suspend_data).
//
//   node tests/scorm/scorm.mjs SCENARIO.json
//
// SCENARIO: {
//   "dir": "unpacked package folder", "version": "1.2" | "2004",
//   "lms": { ...cmi preloaded with loadFromJSON before launch... },
//   "steps": [{"selector": "...", "action": "click|check|fill|select|press|sort|wait", "value": "..."}],
//   "finish": "selector to click last" (optional),
//   "screenshot": "file.png" (optional), "no_api": true (no LMS at all)
// }
// Output: {initialized, terminated, cmi, calls, api_errors, page_errors,
// console_errors, csp_violations, missing, dom, status_text, steps}.
// Chromium: /usr/bin/chromium or CHROMIUM_PATH; never downloaded.

import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve, sep, extname } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.gif': 'image/gif', '.xml': 'application/xml' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function page(version, lms, noApi) {
  const cfg = JSON.stringify({ version, lms, noApi: !!noApi });
  return `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="/__lms/scorm-again.js"></script>
<script>
(function () {
  var cfg = ${cfg};
  var h = window.__lms = { calls: [], initialized: false, terminated: false };
  var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
  var api = cfg.version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  api.loadFromJSON(cfg.lms);
  var names = cfg.version === '1.2'
    ? ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic']
    : ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'];
  names.forEach(function (n) {
    var orig = api[n];
    api[n] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = orig.apply(api, args);
      var code = String(api.lastErrorCode);
      if (!/GetLastError|GetErrorString|GetDiagnostic/.test(n)) h.calls.push({ fn: n, args: args, result: String(result), error: code });
      if (/Initialize$/.test(n) && String(result) === 'true') h.initialized = true;
      if (/(Finish|Terminate)$/.test(n) && String(result) === 'true') h.terminated = true;
      return result;
    };
  });
  if (cfg.noApi) { /* a page opened outside any LMS */ } else if (cfg.version === '1.2') window.API = api; else window.API_1484_11 = api;
  h.dump = function () { return api.renderCMIToJSONObject(); };
  h.close = function () { var f = document.getElementById('sco'); if (f) f.remove(); };
  window.addEventListener('DOMContentLoaded', function () {
    var f = document.createElement('iframe');
    f.id = 'sco'; f.src = '/content/index.html'; f.style.cssText = 'width:100%;height:95vh;border:0';
    document.body.appendChild(f);
  });
})();
</script></head><body></body></html>`;
}

const missing = [];
const root = resolve(scenario.dir);
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': MIME['.html'] });
    return res.end(page(scenario.version, scenario.lms || {}, scenario.no_api));
  }
  if (url.pathname === '/__lms/scorm-again.js') {
    res.writeHead(200, { 'content-type': MIME['.js'] });
    return res.end(readFileSync(require.resolve('scorm-again')));
  }
  if (url.pathname.startsWith('/content/')) {
    const p = resolve(root, decodeURIComponent(url.pathname.slice('/content/'.length)));
    if (p.startsWith(root + sep) && existsSync(p) && statSync(p).isFile()) {
      res.writeHead(200, { 'content-type': MIME[extname(p)] || 'application/octet-stream' });
      return res.end(readFileSync(p));
    }
    missing.push(url.pathname);
  }
  res.writeHead(404);
  res.end();
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const out = { steps: [] };
try {
  const tab = await browser.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  // The SCO page's Content-Security-Policy must let everything it does run
  // (init scripts run in every frame, before the page's own, outside its policy).
  const cspViolations = [];
  await tab.exposeFunction('quizcCspViolation', (v) => cspViolations.push(v));
  await tab.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    window.quizcCspViolation(`${location.pathname}: ${e.violatedDirective} refused ${e.blockedURI || 'an inline resource'} (line ${e.lineNumber})`);
  }));
  tab.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
  tab.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  if (!scenario.no_api) await tab.waitForFunction('window.__lms && window.__lms.initialized', null, { timeout: 10000 }).catch(() => {});
  const frame = tab.frameLocator('#sco');
  await frame.locator('html.quizc-ready').waitFor({ state: 'attached', timeout: 10000 }).catch(() => {});
  const steps = [...(scenario.steps || [])];
  if (scenario.finish) steps.push({ selector: scenario.finish, action: 'click' });
  for (const s of steps) {
    const rec = { ...s, ok: true };
    try {
      const loc = s.selector ? frame.locator(s.selector).first() : null;
      switch (s.action || 'click') {
        case 'click': await loc.click({ timeout: 5000 }); break;
        case 'check': await loc.check({ timeout: 5000 }); break;
        case 'fill': await loc.fill(String(s.value ?? ''), { timeout: 5000 }); break;
        case 'select': await loc.selectOption(String(s.value ?? ''), { timeout: 5000 }); break;
        case 'press': await loc.press(String(s.value ?? 'Enter'), { timeout: 5000 }); break;
        case 'wait': await sleep(Number(s.value ?? 250)); break;
        case 'sort': // put an ordering question's items in their right order
          await loc.evaluate((el) => {
            const list = el.querySelector('.order-list');
            [...list.querySelectorAll('.order-item')]
              .sort((a, b) => Number(a.dataset.item) - Number(b.dataset.item))
              .forEach((li) => list.appendChild(li));
          });
          break;
        default: throw new Error('unknown action ' + s.action);
      }
    } catch (e) {
      rec.ok = false;
      rec.error = String(e.message || e).split('\n')[0];
    }
    out.steps.push(rec);
  }
  await tab.waitForFunction('window.__lms.terminated', null, { timeout: scenario.finish ? 3000 : 300 }).catch(() => {});
  // what the learner sees before leaving
  const sco = tab.frames().find((f) => f.name() === 'sco' || f.url().includes('/content/'));
  if (sco) {
    out.dom = await sco.evaluate(() => {
      const q = {};
      document.querySelectorAll('[data-question]').forEach((el) => {
        q[el.getAttribute('data-question')] = {
          hidden: el.hidden,
          state: el.getAttribute('data-state'),
          checked: [...el.querySelectorAll('input:checked')].map((i) => i.value),
          values: [...el.querySelectorAll('input[type=text], textarea, select')].map((i) => i.value),
          disabled: [...el.querySelectorAll('.answer input, .answer select, .answer textarea')].some((i) => i.disabled),
        };
      });
      return q;
    });
    out.status_text = await sco.evaluate(() => (document.getElementById('quizc-scorm-status') || {}).textContent || '');
    out.finish_button = await sco.evaluate(() => {
      const b = document.querySelector('[data-action="finish"]');
      return b ? { text: b.textContent.trim(), hidden: b.hidden } : null;
    });
  }
  if (scenario.screenshot) await tab.screenshot({ path: scenario.screenshot, fullPage: true });
  if (!scenario.no_api && !(await tab.evaluate(() => window.__lms.terminated))) {
    out.unloaded = true;
    await tab.evaluate(() => window.__lms.close());
    await tab.waitForFunction('window.__lms.terminated', null, { timeout: 3000 }).catch(() => {});
  }
  const lms = await tab.evaluate(() => ({ calls: window.__lms.calls, initialized: window.__lms.initialized, terminated: window.__lms.terminated, cmi: window.__lms.dump() }));
  Object.assign(out, lms);
  out.api_errors = lms.calls.filter((c) => c.error !== '0');
  out.page_errors = pageErrors;
  out.console_errors = consoleErrors;
  out.csp_violations = cspViolations;
  out.missing = missing;
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
