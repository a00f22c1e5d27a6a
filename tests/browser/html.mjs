// Drives quizc's HTML pages in Debian's Chromium through playwright-core.
// Usage: node tests/browser/html.mjs <dist/html folder> <screenshot folder> [quiz-id,…]
// Every named quiz (default: showcase) is answered wrong, reset, answered right
// by label, reloaded, and completed by keyboard alone. When the folder also holds
// on-submit/ and showcase-ar/ (tests/html_browser.rs builds them), those
// modes are checked too.
// Answers come from the page's own quizc-data, so the driver works for any quiz;
// controls are found by their accessible names (labels), as a learner's tools would.
// Everything runs from file://, then the first quiz and the site again over
// http:// (a small static server here); in both, the pages' Content-Security-Policy
// must report no violation.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const [dist, shots, only] = process.argv.slice(2);
const quizzes = (only || 'showcase').split(',').filter(Boolean);
if (!dist || !shots) {
  console.error('usage: node html.mjs <dist/html> <screenshots>');
  process.exit(2);
}
// Set while the http:// pass runs: pages are loaded from this origin.
let server = null;
const url = (p) => (server ? new URL(p, server).href : pathToFileURL(path.join(dist, p)).href);
// The only URLs a page may request: its own files.
const local = (u) => (server ? u.startsWith(server) : u.startsWith('file:'));
const log = (m) => console.log(`  ok ${m}`);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];

async function openPage(context, file, runtime = true) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${file}: console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${file}: page error: ${e.message}`));
  page.on('request', (r) => { if (!local(r.url())) problems.push(`${file}: network request ${r.url()}`); });
  await page.goto(url(file));
  if (runtime) await page.waitForFunction(() => window.quizc && document.documentElement.classList.contains('quizc-ready'));
  return page;
}

async function newContext(viewport = { width: 1280, height: 900 }, colorScheme = 'light') {
  const context = await browser.newContext({ viewport, colorScheme });
  // No network at all: anything but the page's own files is refused (and reported above).
  await context.route((u) => !local(u.href), (route) => route.abort());
  // Every Content-Security-Policy violation is a problem (init scripts run
  // before the page's own and are not subject to its policy).
  await context.exposeFunction('quizcCspViolation', (v) => problems.push(`CSP violation: ${v}`));
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    window.quizcCspViolation(`${location.href}: ${e.violatedDirective} refused ${e.blockedURI || 'an inline resource'} (${e.sourceFile}:${e.lineNumber})`);
  }));
  return context;
}

const score = (page) => page.locator('[data-score]').getAttribute('data-score').then(Number);
const scoreText = (page) => page.locator('[data-score]').textContent();
const data = (page) => page.evaluate(() => window.quizc.data);
const shown = (page) => page.evaluate(() => window.quizc.questions());

// Chromium hands localStorage writes to its browser process asynchronously;
// a reload a millisecond after the last write can race it (a person cannot).
async function reload(page) {
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForFunction(() => window.quizc && document.documentElement.classList.contains('quizc-ready'));
}

function section(page, id) {
  return page.locator(`[data-question="${id}"]`);
}

async function choiceLabel(page, id, choice) {
  return (await page.locator(`#q-${id}-${choice}-text`).textContent()).trim();
}

// ---- answers from the data ------------------------------------------------

function plan(spec, right) {
  switch (spec.grading) {
    case 'choice': {
      const ids = Object.keys(spec.credits);
      if (!spec.multiple) {
        const best = ids.reduce((a, b) => (spec.credits[b] > spec.credits[a] ? b : a));
        const bad = ids.find((c) => spec.credits[c] <= 0);
        return right ? best : bad;
      }
      return right ? ids.filter((c) => spec.credits[c] > 0) : ids.filter((c) => spec.credits[c] < 0);
    }
    case 'text': {
      const best = spec.accepted.reduce((a, b) => (b.credit > a.credit ? b : a));
      return right ? `  ${best.text.toUpperCase() === best.text || spec.case_sensitive ? best.text : best.text.toUpperCase()} ` : 'definitely not this';
    }
    case 'numeric': {
      const a = spec.accepted.reduce((x, y) => (y.credit > x.credit ? y : x));
      return right ? (a.value ?? a.min) : '123456789';
    }
    case 'matching':
      return spec.answers.map((r, i) => (right ? r : spec.answers[(i + 1) % spec.answers.length]));
    case 'blanks':
      return spec.blanks.map((b) => (b.kind === 'dropdown'
        ? (right ? b.correct : (b.correct + 1) % 2)
        : (right ? b.accepted[0] : 'zzz')));
    case 'ordering': {
      const ids = [...Array(spec.count).keys()];
      return right ? ids : ids.map((i) => (i + 1) % spec.count);
    }
    case 'open':
      return right;
  }
  throw new Error(`no plan for ${spec.grading}`);
}

// ---- answering with the mouse / by label -----------------------------------

async function arrange(page, id, target) {
  const q = section(page, id);
  for (let pos = 0; pos < target.length; pos++) {
    for (;;) {
      const order = await q.locator('.order-item').evaluateAll((els) => els.map((e) => Number(e.dataset.item)));
      const at = order.indexOf(target[pos]);
      if (at <= pos) break;
      const text = (await q.locator(`#q-${id}-o${target[pos]}`).textContent()).trim();
      await q.getByRole('button', { name: `Move up: ${text}` }).click();
    }
  }
}

async function answerByLabel(page, id, spec, right) {
  const q = section(page, id);
  const p = plan(spec, right);
  switch (spec.grading) {
    case 'choice':
      for (const c of spec.multiple ? p : [p]) {
        await q.getByLabel(await choiceLabel(page, id, c), { exact: true }).check();
      }
      if (spec.multiple) await q.getByRole('button', { name: 'Check' }).click();
      break;
    case 'text':
    case 'numeric':
      await q.getByLabel('Your answer', { exact: true }).fill(String(p));
      await q.getByRole('button', { name: 'Check' }).click();
      break;
    case 'matching': {
      const rows = await q.locator('.match-left').allTextContents();
      for (let i = 0; i < rows.length; i++) await q.getByLabel(rows[i].trim(), { exact: true }).selectOption({ label: p[i] });
      await q.getByRole('button', { name: 'Check' }).click();
      break;
    }
    case 'blanks':
      for (let i = 0; i < p.length; i++) {
        const blank = q.getByLabel(`Blank ${i + 1}`, { exact: true });
        if (spec.blanks[i].kind === 'dropdown') await blank.selectOption(String(p[i]));
        else await blank.fill(p[i]);
      }
      await q.getByRole('button', { name: 'Check' }).click();
      break;
    case 'ordering':
      await arrange(page, id, p);
      await q.getByRole('button', { name: 'Check' }).click();
      break;
    case 'open':
      await q.getByLabel('Your answer', { exact: true }).fill('The gradient shrinks at every layer.');
      await q.getByRole('button', { name: 'Reveal answer' }).click();
      assert.ok(await q.locator('.model-answer').isVisible(), `${id}: Reveal shows the model answer`);
      await q.getByRole('button', { name: p ? 'I got it right' : 'I got it wrong' }).click();
      break;
  }
}

// ---- answering with the keyboard alone ----------------------------------------

async function tabTo(page, selector, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}
const focusedValue = (page) => page.evaluate(() => document.activeElement.value);

async function selectByKeys(page, value) {
  for (let i = 0; i < 50 && (await focusedValue(page)) !== String(value); i++) await page.keyboard.press('ArrowDown');
  assert.equal(await focusedValue(page), String(value));
}

async function answerByKeyboard(page, id, spec) {
  const q = `[data-question="${id}"]`;
  const p = plan(spec, true);
  switch (spec.grading) {
    case 'choice':
      if (!spec.multiple) {
        await tabTo(page, `${q} input[type=radio]`);
        const before = await score(page);
        for (let i = 0; i < 20 && (await focusedValue(page)) !== p; i++) await page.keyboard.press('ArrowDown');
        assert.equal(await score(page), before, `${id}: arrow keys only move the selection`);
        await page.keyboard.press('Space');
        break;
      }
      for (const c of p) {
        await tabTo(page, `${q} input[value="${c}"]`);
        await page.keyboard.press('Space');
      }
      await tabTo(page, `${q} [data-action=check]`);
      await page.keyboard.press('Enter');
      break;
    case 'text':
    case 'numeric':
      await tabTo(page, `${q} .text-answer`);
      await page.keyboard.type(String(p));
      await page.keyboard.press('Enter');
      break;
    case 'matching':
      for (let i = 0; i < p.length; i++) {
        await tabTo(page, `${q} select[data-part="${i}"]`);
        await selectByKeys(page, p[i]);
      }
      await tabTo(page, `${q} [data-action=check]`);
      await page.keyboard.press('Enter');
      break;
    case 'blanks':
      for (let i = 0; i < p.length; i++) {
        await tabTo(page, `${q} .blank[data-part="${i}"]`);
        if (spec.blanks[i].kind === 'dropdown') await selectByKeys(page, p[i]);
        else await page.keyboard.type(p[i]);
      }
      await tabTo(page, `${q} [data-action=check]`);
      await page.keyboard.press('Enter');
      break;
    case 'ordering':
      for (let pos = 0; pos < p.length; pos++) {
        const order = () => page.locator(`${q} .order-item`).evaluateAll((els) => els.map((e) => Number(e.dataset.item)));
        if ((await order()).indexOf(p[pos]) <= pos) continue;
        await tabTo(page, `${q} [data-item="${p[pos]}"] [data-action=up]`);
        while ((await order()).indexOf(p[pos]) > pos) await page.keyboard.press('Enter');
      }
      await tabTo(page, `${q} [data-action=check]`);
      await page.keyboard.press('Enter');
      break;
    case 'open':
      await tabTo(page, `${q} .open-answer`);
      await page.keyboard.type('Typed with the keyboard.');
      await tabTo(page, `${q} [data-action=reveal]`);
      await page.keyboard.press('Enter');
      assert.ok(await page.evaluate((s) => document.activeElement.matches(s), `${q} [data-action=self-right]`),
        `${id}: focus moves to the self-marking buttons`);
      await page.keyboard.press('Enter');
      break;
  }
}

// ---- checks -------------------------------------------------------------------

async function assertLabels(page) {
  const unnamed = await page.evaluate(() => {
    const text = (id) => (document.getElementById(id)?.textContent || '').trim();
    return [...document.querySelectorAll('main input, main select, main textarea, button')].filter((el) => {
      if (el.closest('[hidden]')) return false;
      const labelledby = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean).map(text).join('');
      const label = el.id && document.querySelector(`label[for="${el.id}"]`);
      return !(labelledby || el.getAttribute('aria-label') || (label && label.textContent.trim()) || (el.tagName === 'BUTTON' && el.textContent.trim()));
    }).map((el) => el.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unnamed, [], 'every control has an accessible name');
}

// Images load under the page's img-src, from file:// and http:// alike.
async function assertImagesLoad(page) {
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const broken = await page.evaluate(() => [...document.images].filter((i) => !i.naturalWidth).map((i) => i.src));
  assert.deepEqual(broken, [], 'every image loads');
}

async function runQuiz(name) {
  const context = await newContext();
  const page = await openPage(context, `${name}/index.html`);
  const d = await data(page);
  assert.equal(await scoreText(page), `Score: 0 / ${d.total}`);
  // Letters follow the shown order, whatever the shuffle.
  for (const list of await page.locator('.choice-list').all()) {
    const letters = await list.locator('.letter').allTextContents();
    if (letters[0] === 'A') assert.deepEqual(letters, letters.map((_, i) => String.fromCharCode(65 + i)), 'letters A, B, C… in order');
  }
  // Saved progress of another version of the quiz is discarded.
  await page.evaluate((q) => localStorage.setItem(`quizc:${q}:0000000000000000`, '{}'), d.quiz);
  await reload(page);
  assert.equal(await page.evaluate((q) => localStorage.getItem(`quizc:${q}:0000000000000000`), d.quiz), null,
    'progress saved for an older version is discarded');
  assert.equal(await score(page), 0);
  await assertLabels(page);
  await assertImagesLoad(page);
  const ids = await shown(page);
  const pools = d.pools.flatMap((p) => p.questions);
  assert.equal(ids.filter((id) => pools.includes(id)).length, d.pools.reduce((n, p) => n + p.pick, 0), 'pools draw pick questions');
  log(`${name}: ${ids.length} questions shown, Score: 0 / ${d.total}`);

  // Wrong answers never raise the score.
  for (const id of ids) {
    await answerByLabel(page, id, d.questions[id], false);
    assert.equal(await score(page), 0, `${id} (${d.questions[id].type}) answered wrong keeps the score at 0`);
    assert.ok(['incorrect', 'partly'].includes(await section(page, id).getAttribute('data-state')) || d.questions[id].grading === 'open');
  }
  log('every type answered wrong: score stays 0, questions marked incorrect');
  await page.screenshot({ path: path.join(shots, `${name}-wrong-desktop.png`), fullPage: true });

  // Reset clears everything.
  await page.getByRole('button', { name: 'Reset quiz' }).click();
  assert.equal(await score(page), 0);
  assert.equal(await page.locator('[data-state]').count(), 0, 'Reset clears every result');
  const afterReset = await shown(page);

  // Ordering by drag and drop (the buttons are the keyboard way).
  const ordering = afterReset.find((id) => d.questions[id].grading === 'ordering');
  if (ordering) {
    const items = section(page, ordering).locator('.order-item');
    const before = await items.evaluateAll((els) => els.map((e) => Number(e.dataset.item)));
    await items.nth(1).dragTo(items.nth(0), { targetPosition: { x: 10, y: 2 } });
    const after = await items.evaluateAll((els) => els.map((e) => Number(e.dataset.item)));
    assert.deepEqual(after, [before[1], before[0], ...before.slice(2)], 'dragging an item moves it');
    log('ordering items move by drag and drop');
  }

  // Right answers raise the score by the question's points.
  let expected = 0;
  for (const id of afterReset) {
    await answerByLabel(page, id, d.questions[id], true);
    expected += d.questions[id].points;
    assert.equal(await score(page), expected, `${id} (${d.questions[id].type}) answered right adds ${d.questions[id].points}`);
    assert.equal(await section(page, id).getAttribute('data-state'), 'correct');
  }
  assert.equal(await scoreText(page), `Score: ${expected} / ${d.total}`);
  assert.equal(expected, d.total, 'a perfect run scores the total');
  assert.ok(await page.locator('#quizc-finished').isVisible(), 'the finish message shows');
  log(`every type answered right by label: score rises by its points to ${expected} / ${d.total}`);
  await page.screenshot({ path: path.join(shots, `${name}-desktop.png`), fullPage: true });

  // Reload restores the attempt: draws, answers, score.
  const states = await page.locator('[data-question]').evaluateAll((els) => els.map((e) => [e.dataset.question, e.hidden, e.dataset.state || '']));
  await reload(page);
  assert.equal(await score(page), expected, 'reload keeps the score');
  assert.deepEqual(await page.locator('[data-question]').evaluateAll((els) => els.map((e) => [e.dataset.question, e.hidden, e.dataset.state || ''])), states,
    'reload keeps the pool draw and every result');
  log('reload restores progress');

  // The whole quiz by keyboard alone, after a Reset reached by keyboard.
  await page.locator('body').focus();
  await tabTo(page, '[data-action=reset]');
  await page.keyboard.press('Enter');
  assert.equal(await score(page), 0);
  const keyboardIds = await shown(page);
  let keyed = 0;
  for (const id of keyboardIds) {
    await answerByKeyboard(page, id, d.questions[id]);
    assert.ok(await page.evaluate((s) => document.activeElement.matches(s), `[data-question="${id}"] [data-result]`),
      `${id}: focus rests on the verdict after answering, not on the page`);
    keyed += d.questions[id].points;
    assert.equal(await score(page), keyed, `${id} (${d.questions[id].type}) completed by keyboard`);
  }
  assert.equal(keyed, d.total);
  await page.waitForFunction(() => document.getElementById('quizc-live').textContent.includes('Score'), null, { timeout: 2000 })
    .catch(() => assert.fail('the live region announces the score'));
  log(`whole quiz completed by keyboard alone: ${keyed} / ${d.total}`);

  // Hooks for the SCORM runtime.
  const hooks = await page.evaluate(() => {
    const seen = [];
    window.quizc.onAnswer((e) => seen.push(e.questionId));
    window.quizc.reset();
    const s = window.quizc.score();
    return { seen, s, api: ['on', 'onAnswer', 'onFinish', 'score', 'state', 'reset', 'submit', 'grade'].every((k) => typeof window.quizc[k] === 'function') };
  });
  assert.ok(hooks.api, 'window.quizc exposes its API');
  assert.equal(hooks.s.score, 0);
  log('window.quizc hooks present');
  await context.close();

  // 375 px wide: nothing scrolls sideways.
  const phone = await newContext({ width: 375, height: 800 });
  const small = await openPage(phone, `${name}/index.html`);
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
  await small.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  await small.screenshot({ path: path.join(shots, `${name}-375-top.png`) });
  log('375 px: no horizontal overflow; screenshots saved');
  await phone.close();
}

async function runOnSubmit() {
  const context = await newContext();
  const page = await openPage(context, 'on-submit/index.html');
  const d = await data(page);
  const ids = await shown(page);
  assert.equal(await page.getByRole('button', { name: 'Check' }).count(), 0, 'no Check buttons in on-submit mode');
  const mc = ids.find((id) => d.questions[id].grading === 'choice');
  const num = ids.find((id) => d.questions[id].grading === 'numeric');
  await section(page, mc).getByLabel(await choiceLabel(page, mc, plan(d.questions[mc], true)), { exact: true }).check();
  await section(page, num).getByLabel('Your answer', { exact: true }).fill('99');
  assert.equal(await score(page), 0, 'nothing is scored before Submit');
  assert.equal(await page.locator('[data-state]').count(), 0, 'no feedback before Submit');
  await page.getByRole('button', { name: 'Submit answers' }).click();
  assert.equal(await score(page), d.questions[mc].points, 'Submit scores every answer');
  assert.equal(await section(page, num).getAttribute('data-state'), 'incorrect');
  await reload(page);
  assert.equal(await score(page), d.questions[mc].points, 'a submitted attempt survives reload');
  log('on-submit mode: scored only on Submit, kept on reload');
  await context.close();
}

async function runNoFeedback() {
  const context = await newContext();
  const page = await openPage(context, 'no-feedback/index.html');
  const d = await data(page);
  const ids = await shown(page);
  const mc = ids.find((id) => d.questions[id].grading === 'choice');
  await section(page, mc).getByLabel(await choiceLabel(page, mc, plan(d.questions[mc], true)), { exact: true }).check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  assert.ok(!(await page.locator('[data-score]').isVisible()), 'feedback: none hides the score');
  assert.equal(await section(page, mc).getAttribute('data-state'), 'answered', 'no right/wrong is shown');
  assert.ok(!(await section(page, mc).locator('.explanation').isVisible()), 'no explanation is shown');
  assert.equal(await page.evaluate(() => window.quizc.score().score), d.questions[mc].points, 'the runtime still grades (SCORM)');
  log('feedback none: answers recorded, nothing revealed, graded for the API');
  await context.close();
}

async function runRtl() {
  const context = await newContext();
  const page = await openPage(context, 'showcase-ar/index.html');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  await page.screenshot({ path: path.join(shots, 'showcase-ar-desktop.png'), fullPage: true });
  log('Arabic page: dir=rtl');
  await context.close();
}

async function runSite() {
  const context = await newContext();
  const index = await openPage(context, 'index.html', false);
  const listed = await index.locator('[data-quiz]').evaluateAll((els) => els.map((e) => e.dataset.quiz));
  for (const q of quizzes) assert.ok(listed.includes(q), `the index lists ${q}`);
  await index.locator(`[data-quiz="${quizzes[0]}"] h2 a`).click();
  await index.waitForFunction(() => window.quizc);
  const key = await context.newPage();
  key.on('pageerror', (e) => problems.push(`key.html: page error: ${e.message}`));
  key.on('console', (m) => { if (m.type() === 'error') problems.push(`key.html: console error: ${m.text()}`); });
  await key.goto(url(`${quizzes[0]}/key.html`));
  assert.ok((await key.locator('.key-question').count()) > 0, 'the key lists questions');
  await assertImagesLoad(key);
  await key.screenshot({ path: path.join(shots, `${quizzes[0]}-key.png`), fullPage: true });
  log('index links to the pages; key opens');
  await context.close();
  const dark = await newContext({ width: 800, height: 1000 }, 'dark');
  const night = await openPage(dark, `${quizzes[0]}/index.html`);
  await night.locator('[data-question] input[type=radio]').first().check();
  await night.screenshot({ path: path.join(shots, `${quizzes[0]}-dark.png`) });
  await dark.close();
}

const exists = async (rel) => (await import('node:fs')).existsSync(path.join(dist, rel));

const TYPES = { html: 'text/html; charset=utf-8', png: 'image/png', jpg: 'image/jpeg', svg: 'image/svg+xml', gif: 'image/gif' };

// The build served over http:// on a free local port, files only.
async function serve() {
  const http = createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html');
    const file = path.join(dist, rel);
    if (!file.startsWith(path.resolve(dist))) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file).slice(1)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
  return http;
}

try {
  for (const q of quizzes) await runQuiz(q);
  if (await exists('on-submit/index.html')) await runOnSubmit();
  if (await exists('no-feedback/index.html')) await runNoFeedback();
  if (await exists('showcase-ar/index.html')) await runRtl();
  await runSite();
  assert.deepEqual(problems, [], 'no console errors, page errors, CSP violations or network requests');
  log('file://: no console errors, no CSP violations, no network requests');
  const http = await serve();
  server = `http://127.0.0.1:${http.address().port}/`;
  try {
    await runQuiz(quizzes[0]);
    await runSite();
  } finally {
    http.close();
  }
  assert.deepEqual(problems, [], 'no console errors, page errors, CSP violations or requests elsewhere');
  log('http://: no console errors, no CSP violations, no requests but the page\'s own files');
} catch (e) {
  if (problems.length) console.error(problems.join('\n'));
  throw e;
} finally {
  await browser.close();
}
