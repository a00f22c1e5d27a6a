/* quizc SCORM adapter: connects the practice page to a SCORM 1.2 or 2004 LMS.
 * Runs after grading.js and before the page's runtime.js (the practice
 * page's adapter slot) and uses only its documented hooks:
 * window.quizcOptions.storage (progress in cmi.suspend_data instead of
 * localStorage), window.quizcOptions.on (answer / reveal / finish / ready)
 * and window.quizc. Everything that differs between the versions (API and
 * element names, delimiters, limits, formats) is data in
 * window.quizcScormConfig, written from src/emit/scorm/profile.rs.
 * Documented in docs/formats/scorm.md. */
(function () {
  'use strict';
  // set by the emitter just before this script (or a JSON block of that id)
  var cfg = window.quizcScormConfig;
  var cfgEl = document.getElementById('quizc-scorm');
  if (!cfg && cfgEl) cfg = JSON.parse(cfgEl.textContent);
  if (!cfg) return;
  if (window.quizcScormCss && document.head) {
    var style = document.createElement('style');
    style.textContent = window.quizcScormCss;
    document.head.appendChild(style);
  }
  var A = cfg.api;
  var C = cfg.cmi;
  var S = cfg.strings;
  var options = window.quizcOptions = window.quizcOptions || {};
  var hooks = options.on = options.on || {};
  var pageStart = Date.now();

  var lms = {
    api: null,
    live: false, // initialized and not terminated
    terminated: false,
    finished: false,
    readOnly: false,
    review: false,
    errors: 0
  };
  var data = null; // the page's quizc-data, read once the DOM has it
  var G = null; // QuizcGrading
  var state = null; // the runtime's latest state
  var mastery = cfg.mastery;
  var recorded = {}; // question id -> interaction index
  var patternsWritten = {}; // question id -> true once correct_responses are set
  var nextIndex = 0;
  var resumed = null; // decoded suspend_data
  var moved = {}; // ordering questions the learner rearranged
  var tooLongShown = false;

  // ---- small helpers -------------------------------------------------------

  function fill(text, args) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m;
    });
  }
  /** A decimal without exponent: at most `digits` decimals, no trailing zeros. */
  function dec(x, digits) {
    if (!isFinite(x)) return '0';
    var s = Number(x).toFixed(digits == null ? 7 : digits);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
  }
  /** A learner's number as SCORM's decimal: no exponent, at most 10 + 18 digits. */
  function plainNumber(x) {
    if (!isFinite(x) || Math.abs(x) >= 1e10) return null;
    var s = String(x);
    var frac = s.split('.')[1] || '';
    if (/e/i.test(s) || frac.length > 18) s = dec(x, 18);
    return s === '-0' ? '0' : s;
  }
  function pad(n, w) {
    var s = String(n);
    while (s.length < (w || 2)) s = '0' + s;
    return s;
  }
  /** A duration in the version's format: 1.2 HHHH:MM:SS.SS, 2004 PT#H#M#S. */
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    if (cfg.timespan === 'hms') {
      return pad(h, 4) + ':' + pad(m) + ':' + (s < 10 ? '0' : '') + s.toFixed(2);
    }
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + dec(s, 2) + 'S';
  }
  /** A moment in the version's format: 1.2 HH:MM:SS, 2004 ISO 8601 (UTC). */
  function clock(date) {
    if (cfg.clock === 'clock') return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
    return date.getUTCFullYear() + '-' + pad(date.getUTCMonth() + 1) + '-' + pad(date.getUTCDate()) + 'T' +
      pad(date.getUTCHours()) + ':' + pad(date.getUTCMinutes()) + ':' + pad(date.getUTCSeconds()) + '.' +
      pad(Math.floor(date.getUTCMilliseconds() / 10)) + 'Z';
  }
  function shortId(i) {
    var alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return i < alphabet.length ? alphabet.charAt(i) : 'i' + (i + 1);
  }
  /** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
  function cut(text, max) {
    var t = String(text);
    if (t.length <= max) return t;
    t = t.slice(0, max);
    var last = t.charCodeAt(t.length - 1);
    return last >= 0xd800 && last <= 0xdbff ? t.slice(0, -1) : t;
  }
  /** One part of a fill-in response: one line, no delimiter, no leading `{`. */
  function textPart(text, max) {
    var t = String(text == null ? '' : text).replace(/\s+/g, ' ').trim();
    if (cfg.list.length > 1) t = t.split(cfg.list).join('(,)');
    if (t.charAt(0) === '{') t = ' ' + t;
    return cut(t, max);
  }
  /** An open answer: paragraphs kept as ¶, one line (SCORM strings have none). */
  function longText(text) {
    var t = String(text == null ? '' : text).replace(/\r\n?/g, '\n').trim()
      .replace(/\n\s*\n+/g, ' ¶ ').replace(/\s+/g, ' ');
    if (t.charAt(0) === '{') t = ' ' + t;
    return cut(t, cfg.open_max);
  }
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  // ---- notices ---------------------------------------------------------------

  function statusBox() {
    var box = document.getElementById('quizc-scorm-status');
    if (!box) {
      box = document.createElement('div');
      box.id = 'quizc-scorm-status';
      box.className = 'scorm-status';
      box.setAttribute('role', 'status');
      var main = document.getElementById('questions');
      if (main && main.parentNode) main.parentNode.insertBefore(box, main);
      else if (document.body) document.body.insertBefore(box, document.body.firstChild);
      else return null;
    }
    return box;
  }
  function notice(text, kind) {
    var show = function () {
      var box = statusBox();
      if (!box) return;
      var p = document.createElement('p');
      p.className = 'scorm-' + (kind || 'info');
      if (kind === 'error') p.setAttribute('role', 'alert');
      p.textContent = text;
      box.appendChild(p);
      box.hidden = false;
      return p;
    };
    if (document.body && document.getElementById('questions')) return show();
    document.addEventListener('DOMContentLoaded', show);
  }

  // ---- the LMS API -------------------------------------------------------------

  /** The API object on `win` or its parents (bounded), as the specs say. */
  function scan(win) {
    for (var level = 0; win && level <= 500; level++) {
      try {
        if (win[A.object]) return win[A.object];
      } catch (e) { /* another origin: keep walking up */ }
      var parent = null;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }
  function findApi() {
    var found = scan(window);
    try { if (!found && window.opener) found = scan(window.opener); } catch (e) { /* closed opener */ }
    try { if (!found && window.top && window.top.opener) found = scan(window.top.opener); } catch (e) { /* closed opener */ }
    return found;
  }

  function errorCode() {
    try {
      var code = lms.api[A.last_error]();
      return code == null || code === '' ? '0' : String(code);
    } catch (e) { return '0'; }
  }
  function failed(what, code) {
    var message = '';
    var diagnostic = '';
    try { message = String(lms.api[A.error_string](code)); } catch (e) { /* none */ }
    try { diagnostic = String(lms.api[A.diagnostic](code)); } catch (e) { /* none */ }
    lms.errors++;
    if (window.console && console.warn) console.warn('quizc SCORM: ' + what + ' failed: error ' + code + ' ' + message + (diagnostic ? ' (' + diagnostic + ')' : ''));
    var text = fill(S.scorm_lms_error, { call: what, code: code, message: message });
    if (lms.errorNotice) lms.errorNotice.textContent = text + (lms.errors > 1 ? ' (' + lms.errors + ')' : '');
    else lms.errorNotice = notice(text, 'error');
  }
  /** Calls an API function; true when it says "true" with error 0. */
  function call(fn, args, label) {
    if (!lms.api) return false;
    var result;
    try { result = lms.api[fn].apply(lms.api, args); } catch (e) {
      failed(label || fn, String(e && e.message || e));
      return false;
    }
    var code = errorCode();
    if (String(result) !== 'true' || code !== '0') {
      failed(label || fn, code);
      return false;
    }
    return true;
  }
  /** GetValue; `tolerated` error codes mean "not set" and return null quietly. */
  function get(element, tolerated) {
    if (!lms.live) return null;
    var value;
    try { value = lms.api[A.get](element); } catch (e) {
      failed(A.get + '(' + element + ')', String(e && e.message || e));
      return null;
    }
    var code = errorCode();
    if (code !== '0') {
      if (!tolerated || tolerated.indexOf(code) < 0) failed(A.get + '(' + element + ')', code);
      return null;
    }
    return value == null ? '' : String(value);
  }
  function set(element, value) {
    if (!lms.live || lms.readOnly) return false;
    return call(A.set, [element, String(value)], A.set + '(' + element + ')');
  }

  var lastCommit = 0;
  var commitTimer = null;
  function commitNow() {
    clearTimeout(commitTimer);
    commitTimer = null;
    if (!lms.live || lms.readOnly) return;
    lastCommit = Date.now();
    call(A.commit, ['']);
  }
  /** Commits at most every 5 s after answers; Finish and leaving commit at once. */
  function commitSoon() {
    if (!lms.live || lms.readOnly || commitTimer) return;
    var wait = lastCommit + 5000 - Date.now();
    if (wait <= 0) commitNow();
    else commitTimer = setTimeout(commitNow, wait);
  }
  function terminate() {
    if (!lms.live) return;
    clearTimeout(commitTimer);
    commitTimer = null;
    lms.live = false;
    lms.terminated = true;
    var api = lms.api;
    try {
      var result = api[A.terminate]('');
      var code = String(api[A.last_error]() || '0');
      if (String(result) !== 'true' || code !== '0') {
        lms.live = true;
        failed(A.terminate, code);
        lms.live = false;
      }
    } catch (e) { /* the LMS window is gone */ }
  }

  // ---- suspend_data: a compact encoding of the runtime's state ----------------

  function pageData() {
    if (!data) {
      var el = document.getElementById('quizc-data');
      data = el ? JSON.parse(el.textContent) : null;
      G = window.QuizcGrading || null;
    }
    return data;
  }
  /** Small non-negative integers: base-36 digits, dot-separated when any is large. */
  function packInts(list) {
    var big = list.some(function (n) { return n >= 36; });
    var parts = list.map(function (n) { return n.toString(36); });
    return big ? parts.join('.') + '.' : parts.join('');
  }
  function unpackInts(text) {
    var t = String(text);
    var parts = t.indexOf('.') >= 0 ? t.split('.').filter(function (s) { return s !== ''; }) : t.split('');
    return parts.map(function (s) { return parseInt(s, 36); });
  }

  function encodeResponse(id, response) {
    var spec = data.questions[id];
    var it = cfg.questions[id] || {};
    if (response == null) return null;
    switch (spec.grading) {
      case 'choice':
        if (spec.multiple) return packInts(response.map(function (c) { return spec.order.indexOf(c); }));
        return spec.order.indexOf(response);
      case 'text':
      case 'numeric':
        return String(response);
      case 'open':
        return String(response.text || '');
      case 'matching':
        return packInts(response.map(function (r) { return r == null ? 0 : (it.targets || []).indexOf(r) + 1; }));
      case 'blanks':
        return response.map(function (r) { return r == null ? '' : String(r); });
      case 'ordering':
        return packInts(response);
    }
    return null;
  }
  function decodeResponse(id, value) {
    var spec = data.questions[id];
    var it = cfg.questions[id] || {};
    switch (spec.grading) {
      case 'choice':
        if (spec.multiple) return unpackInts(value).map(function (i) { return spec.order[i]; });
        return spec.order[value];
      case 'text':
      case 'numeric':
        return String(value);
      case 'open':
        return { text: String(value), selfMark: null };
      case 'matching':
        return unpackInts(value).map(function (i) { return i === 0 ? null : (it.targets || [])[i - 1]; });
      case 'blanks':
        return value;
      case 'ordering':
        return unpackInts(value);
    }
    return null;
  }

  /** The state as compact JSON; `level` drops open answers (1), then cuts typed text to `keep` (2). */
  function encode(s, level, keep) {
    var index = {};
    data.order.forEach(function (id, i) { index[id] = i.toString(36); });
    var out = { v: 1, h: data.hash };
    var draws = {};
    data.pools.forEach(function (p, i) {
      if (s.draws[p.id]) draws[i.toString(36)] = packInts(s.draws[p.id].map(function (id) { return data.order.indexOf(id); }));
    });
    if (data.pools.length) out.d = draws;
    if (s.questions) out.q = packInts(s.questions.map(function (id) { return data.order.indexOf(id); }));
    var order = {};
    Object.keys(s.order || {}).forEach(function (id) {
      var spec = data.questions[id];
      if (!spec || index[id] == null) return;
      order[index[id]] = spec.grading === 'choice'
        ? packInts(s.order[id].map(function (c) { return spec.order.indexOf(c); }))
        : packInts(s.order[id]);
    });
    if (Object.keys(order).length) out.o = order;
    var answers = {};
    Object.keys(s.answers || {}).forEach(function (id) {
      var a = s.answers[id];
      var spec = data.questions[id];
      if (!spec || index[id] == null || !a) return;
      var value = encodeResponse(id, a.response);
      if (level >= 1 && spec.grading === 'open') value = '';
      if (level >= 2 && (spec.grading === 'text' || spec.grading === 'numeric')) value = cut(value, keep);
      if (level >= 2 && spec.grading === 'blanks') value = value.map(function (v) { return cut(v, keep); });
      answers[index[id]] = [value, (a.shown ? 1 : 0) + (a.revealed ? 2 : 0)];
    });
    // drafts of open answers live only in their textarea until revealed
    all('.open-answer').forEach(function (area) {
      var el = area.closest('[data-question]');
      var id = el && el.getAttribute('data-question');
      if (!id || index[id] == null || answers[index[id]] || el.hidden || !area.value) return;
      answers[index[id]] = [level >= 1 ? '' : area.value, 0];
    });
    out.a = answers;
    var rec = {};
    Object.keys(recorded).forEach(function (id) { if (index[id] != null) rec[index[id]] = recorded[id]; });
    if (Object.keys(rec).length) out.n = rec;
    var flags = (s.submitted ? 1 : 0) + (s.finished ? 2 : 0) + (lms.finished ? 4 : 0);
    if (flags) out.f = flags;
    return JSON.stringify(out);
  }

  /** Within the version's limit: drop open answers, shorten text, then answers from the end. */
  function encodeWithin(s) {
    var text = encode(s, 0);
    if (text.length <= cfg.suspend_max) return text;
    if (!tooLongShown) { tooLongShown = true; notice(S.scorm_too_long, 'info'); }
    text = encode(s, 1);
    if (text.length <= cfg.suspend_max) return text;
    var keeps = [200, 120, 80, 50, 30, 20];
    for (var k = 0; k < keeps.length; k++) {
      text = encode(s, 2, keeps[k]);
      if (text.length <= cfg.suspend_max) return text;
    }
    var copy = JSON.parse(JSON.stringify(s));
    var ids = Object.keys(copy.answers).reverse();
    while (text.length > cfg.suspend_max && ids.length) {
      delete copy.answers[ids.shift()];
      text = encode(copy, 2, 20);
    }
    return text.length <= cfg.suspend_max ? text : '';
  }

  /** The runtime's state from suspend_data, or null (another quiz version). */
  function decode(text) {
    if (!text || !pageData() || !G) return null;
    var raw;
    try { raw = JSON.parse(text); } catch (e) { return null; }
    if (!raw || raw.v !== 1 || raw.h !== data.hash) return null;
    try {
      var s = { v: 1, hash: data.hash, draws: {}, order: {}, questions: null, answers: {}, submitted: !!(raw.f & 1), finished: !!(raw.f & 2) };
      data.pools.forEach(function (p, i) {
        var d = raw.d && raw.d[i.toString(36)];
        s.draws[p.id] = d != null ? unpackInts(d).map(function (n) { return data.order[n]; }) : p.questions.slice(0, p.pick);
      });
      if (raw.q != null) s.questions = unpackInts(raw.q).map(function (n) { return data.order[n]; });
      Object.keys(raw.o || {}).forEach(function (k) {
        var id = data.order[parseInt(k, 36)];
        var spec = data.questions[id];
        if (!spec) return;
        var ints = unpackInts(raw.o[k]);
        s.order[id] = spec.grading === 'choice' ? ints.map(function (i) { return spec.order[i]; }) : ints;
      });
      Object.keys(raw.a || {}).forEach(function (k) {
        var id = data.order[parseInt(k, 36)];
        var spec = data.questions[id];
        if (!spec) return;
        var response = decodeResponse(id, raw.a[k][0]);
        var flags = raw.a[k][1] || 0;
        s.answers[id] = { response: response, result: G.grade(spec, response), shown: !!(flags & 1) };
        if (flags & 2) s.answers[id].revealed = true;
      });
      Object.keys(raw.n || {}).forEach(function (k) {
        var id = data.order[parseInt(k, 36)];
        if (id) { recorded[id] = raw.n[k]; patternsWritten[id] = true; }
      });
      lms.resumedFinished = !!(raw.f & 4);
      return s;
    } catch (e) { return null; }
  }

  var saveTimer = null;
  function saveNow() {
    clearTimeout(saveTimer);
    saveTimer = null;
    if (!lms.live || lms.readOnly || !state || !pageData()) return;
    set(C.suspend_data, encodeWithin(state));
  }
  function saveSoon() {
    if (!saveTimer) saveTimer = setTimeout(saveNow, 1000);
  }

  // ---- interactions ------------------------------------------------------------

  /** The learner's response in the version's pattern format; null: none to write. */
  function learnerResponse(id, response) {
    var it = cfg.questions[id];
    var spec = data.questions[id];
    if (response == null) return null;
    switch (it.type) {
      case 'true-false':
        return it.choices[response] || null;
      case 'choice':
        var chosen = spec.multiple ? response : [response];
        var letters = chosen.slice().sort(function (a, b) { return spec.order.indexOf(a) - spec.order.indexOf(b); })
          .map(function (c) { return it.choices[c]; }).filter(Boolean);
        return letters.length && letters.length <= cfg.max_ids ? letters.join(cfg.list) : null;
      case 'numeric':
        var x = G.parseNumber(response);
        if (x === null) return cfg.version === '1.2' ? textPart(response, cfg.text_max) : null;
        return plainNumber(x);
      case 'matching':
        var pairs = [];
        response.forEach(function (right, i) {
          var t = right == null ? -1 : it.targets.indexOf(right);
          if (t >= 0) pairs.push((i + 1) + cfg.pair + shortId(t));
        });
        return pairs.length && pairs.length <= cfg.max_ids ? pairs.join(cfg.list) : null;
      case 'sequencing':
        return response.length <= cfg.max_ids ? response.map(shortId).join(cfg.list) : null;
      default:
        if (it.open) return longText(response.text);
        if (spec.grading === 'blanks') {
          return response.slice(0, cfg.text_parts).map(function (r, i) {
            var options = it.blanks && it.blanks[i];
            var text = options && r != null && r !== '' ? options[Number(r)] : r;
            return textPart(text, cfg.text_max);
          }).join(cfg.list);
        }
        return textPart(response, cfg.text_max);
    }
  }

  function resultWord(id, result) {
    var it = cfg.questions[id];
    if (it.open) return 'neutral';
    if (result.status === 'correct') return 'correct';
    if (result.credit > 0) return dec(result.credit, 7);
    return cfg.wrong;
  }

  /** Writes (or updates) the interaction of one answered question. */
  function record(id, response, result) {
    var it = cfg.questions[id];
    var spec = pageData() && data.questions[id];
    if (!it || !spec || !lms.live || lms.readOnly) return;
    var empty = it.open ? !String(response && response.text || '').trim() : G.isEmpty(spec, response);
    if (empty) return;
    var value = learnerResponse(id, response);
    var fresh = recorded[id] == null;
    var n = fresh ? nextIndex++ : recorded[id];
    recorded[id] = n;
    var base = C.interactions + '.' + n + '.';
    if (fresh) {
      set(base + 'id', it.id);
      set(base + 'type', it.type);
      if (C.description && it.description) set(base + C.description, it.description);
      set(base + 'weighting', it.weighting);
    }
    if (!patternsWritten[id]) {
      patternsWritten[id] = true;
      it.correct.forEach(function (pattern, i) { set(base + 'correct_responses.' + i + '.pattern', pattern); });
    }
    if (value !== null) set(base + C.response, value);
    set(base + 'result', resultWord(id, result || G.grade(spec, response)));
    set(base + 'latency', timespan(Date.now() - pageStart));
    set(base + C.time, clock(new Date()));
  }

  // ---- scoring and finishing -----------------------------------------------------

  function quizApi() { return window.quizc || null; }
  function shownIds() {
    var q = quizApi();
    return q ? q.questions() : [];
  }
  function section(id) {
    return document.querySelector('[data-question="' + id + '"]');
  }

  /** A response read from the page for a question the learner did not check. */
  function domResponse(id) {
    var el = section(id);
    var spec = data.questions[id];
    if (!el) return null;
    switch (spec.grading) {
      case 'choice':
        var checked = all('.choice input:checked', el).map(function (i) { return i.value; });
        return spec.multiple ? checked : checked.length ? checked[0] : null;
      case 'text':
      case 'numeric':
        var input = el.querySelector('.text-answer');
        return input ? input.value : null;
      case 'open':
        var area = el.querySelector('.open-answer');
        return { text: area ? area.value : '', selfMark: null };
      case 'matching':
        return all('select[data-part]', el).map(function (s) { return s.value || null; });
      case 'blanks':
        return all('.blank[data-part]', el).sort(function (a, b) {
          return Number(a.getAttribute('data-part')) - Number(b.getAttribute('data-part'));
        }).map(function (b) { return b.value; });
      case 'ordering': // an untouched order is no answer
        return moved[id] ? all('.order-item', el).map(function (li) { return Number(li.getAttribute('data-item')); }) : null;
    }
    return null;
  }

  /** Every shown question's final response and result, open ones from their text. */
  function finalAnswers() {
    var s = quizApi() ? quizApi().state() : state;
    var out = {};
    shownIds().forEach(function (id) {
      var spec = data.questions[id];
      var a = s.answers[id];
      var response = a ? a.response : null;
      if (spec.grading === 'open') response = domResponse(id);
      else if (!a || (!a.shown && data.feedback === 'immediate')) {
        var fromPage = domResponse(id);
        if (fromPage != null && !G.isEmpty(spec, fromPage)) response = fromPage;
      }
      if (response == null || (spec.grading !== 'open' && G.isEmpty(spec, response))) return;
      var result = G.grade(spec, response);
      if (result.invalid) return;
      out[id] = { response: response, result: result };
    });
    return out;
  }

  function totals(answers) {
    var score = 0;
    var max = 0;
    shownIds().forEach(function (id) {
      var it = cfg.questions[id];
      if (!it || it.open) return;
      max += data.questions[id].points;
      if (answers[id]) score += answers[id].result.score;
    });
    return { score: Math.round(score * 1e6) / 1e6, max: Math.round(max * 1e6) / 1e6 };
  }

  function lockPage() {
    document.documentElement.classList.add('quizc-scorm-finished');
    all('.question .answer input, .question .answer select, .question .answer textarea, .question .answer button, .question .actions button, [data-action="submit"], [data-action="reset"]').forEach(function (c) {
      c.disabled = true;
    });
    all('.order-item').forEach(function (li) { li.draggable = false; });
  }

  function resultText(t, passed) {
    var fmt = function (n) { return String(Math.round(n * 100) / 100); };
    if (data.feedback === 'none') return data.strings.submitted;
    var text = fill(data.strings.finished, { score: fmt(t.score), total: fmt(t.max) });
    if (t.max > 0) text += ' (' + fill(S.scorm_percent, { percent: fmt(100 * t.score / t.max) }) + ')';
    if (passed === true) text += ' ' + data.strings.passed;
    if (passed === false) text += ' ' + data.strings.not_passed;
    return text;
  }

  function finish() {
    if (lms.finished || !pageData()) return;
    var q = quizApi();
    if (q && data.feedback !== 'immediate' && !q.state().submitted) {
      q.submit(); // records every answer, then fires `finish`, which lands here
      if (lms.finished) return;
    }
    lms.finished = true;
    var answers = finalAnswers();
    Object.keys(answers).forEach(function (id) {
      var a = answers[id];
      var known = state && state.answers[id];
      var same = known && JSON.stringify(known.response) === JSON.stringify(a.response);
      if (recorded[id] == null || !same || cfg.questions[id].open) record(id, a.response, a.result);
    });
    var t = totals(answers);
    var scaled = t.max > 0 ? t.score / t.max : null;
    var passed = scaled === null || mastery == null ? null : scaled >= mastery - 1e-9;
    lockPage();
    var shown = notice(resultText(t, passed), 'result');
    if (shown && shown.scrollIntoView) shown.scrollIntoView({ block: 'nearest' });
    if (!lms.live) return;
    if (lms.readOnly) { terminate(); return; }
    if (scaled !== null) {
      if (C.scaled) set(C.scaled, dec(scaled, 7));
      set(C.min, '0');
      set(C.max, '100');
      set(C.raw, dec(100 * scaled, 2));
    }
    if (C.success) {
      set(C.completion, 'completed');
      set(C.success, passed === null ? 'unknown' : passed ? 'passed' : 'failed');
    } else {
      set(C.completion, passed === null ? 'completed' : passed ? 'passed' : 'failed');
    }
    set(C.exit, cfg.exit_normal);
    set(C.session_time, timespan(Date.now() - pageStart));
    if (state) set(C.suspend_data, encodeWithin(state));
    commitNow();
    terminate();
  }

  /** Immediate mode: finished once every shown question is answered (open: revealed). */
  function maybeAutoFinish() {
    if (!cfg.auto_finish || lms.finished || lms.readOnly || !pageData() || data.feedback !== 'immediate') return;
    var s = quizApi() ? quizApi().state() : state;
    var ids = shownIds();
    if (!ids.length) return;
    var done = ids.every(function (id) {
      var a = s.answers[id];
      if (!a) return false;
      return data.questions[id].grading === 'open' ? !!a.revealed : !!a.shown;
    });
    if (done) finish();
  }

  /** The learner leaves early: progress in suspend_data, exit suspend, commit, end. */
  function leave() {
    if (!lms.live) return;
    if (!lms.finished && !lms.readOnly) {
      set(C.exit, cfg.exit_suspend);
      set(C.session_time, timespan(Date.now() - pageStart));
      if (state && pageData()) set(C.suspend_data, encodeWithin(state));
      commitNow();
    }
    terminate();
  }

  // ---- start -----------------------------------------------------------------------

  function startLms() {
    lms.api = findApi();
    if (!lms.api) {
      notice(S.scorm_no_lms, 'info');
      return;
    }
    if (!call(A.initialize, [''])) {
      lms.api = null;
      return;
    }
    lms.live = true;
    document.documentElement.classList.add('quizc-lms');
    var tolerate = cfg.not_initialized ? [cfg.not_initialized] : null;
    // optional in some LMSs: "not implemented" (401) means the default
    var optional = ['401'].concat(tolerate || []);
    var mode = get(C.mode, optional) || 'normal';
    var entry = get(C.entry) || '';
    var status = get(C.completion) || '';
    // the LMS's pass mark overrides the manifest's ("" or 403: none set)
    var m = get(C.mastery, optional);
    if (m !== null && m !== '' && isFinite(Number(m))) mastery = Number(m) / cfg.mastery_scale;
    var done = cfg.done_status.indexOf(status) >= 0;
    lms.done = done;
    lms.review = mode === 'review' || done;
    lms.readOnly = mode !== 'normal' || done;
    if (entry === 'resume' || lms.review) {
      var text = get(C.suspend_data, tolerate);
      lms.suspendText = text || '';
    }
    var count = Number(get(C.interactions + '._count', tolerate) || 0);
    nextIndex = isFinite(count) ? count : 0;
    if (!lms.readOnly) {
      if (!done && (status === 'not attempted' || status === 'unknown' || status === '')) set(C.completion, 'incomplete');
      set(C.exit, cfg.exit_suspend);
      commitNow();
    }
  }

  startLms();

  if (lms.live) {
    options.storage = {
      load: function () {
        if (lms.suspendText == null) return null;
        resumed = decode(lms.suspendText);
        // interactions the LMS no longer holds are written again, as new ones
        Object.keys(recorded).forEach(function (id) {
          if (!(recorded[id] < nextIndex)) { delete recorded[id]; delete patternsWritten[id]; }
        });
        return resumed ? JSON.parse(JSON.stringify(resumed)) : null;
      },
      save: function (s) {
        state = s;
        saveSoon();
      }
    };
  }

  function chain(name, fn) {
    var previous = hooks[name];
    hooks[name] = function (detail) {
      if (typeof previous === 'function') previous(detail);
      fn(detail);
    };
  }

  chain('answer', function (detail) {
    if (!pageData()) return;
    if (quizApi()) state = quizApi().state();
    record(detail.questionId, detail.response, detail.result);
    saveNow();
    commitSoon();
    setTimeout(maybeAutoFinish, 0);
  });
  chain('reveal', function (detail) {
    if (!pageData()) return;
    var id = detail.questionId;
    if (quizApi()) state = quizApi().state();
    var response = domResponse(id);
    record(id, response, G.grade(data.questions[id], response));
    saveNow();
    commitSoon();
    setTimeout(maybeAutoFinish, 0);
  });
  chain('finish', function () {
    if (pageData() && data.feedback !== 'immediate') finish();
  });
  chain('reset', function () {
    // only the practice page (no LMS) shows Reset: a fresh attempt can finish again
    if (lms.live || lms.terminated) return;
    lms.finished = false;
    document.documentElement.classList.remove('quizc-scorm-finished');
    all('#quizc-scorm-status .scorm-result').forEach(function (p) { p.parentNode.removeChild(p); });
  });
  /** The Finish button, beside Reset in the score bar (the page above is parsed). */
  function finishButton() {
    var button = document.querySelector('[data-action="finish"]');
    if (button || !document.body) return button;
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'button primary finish';
    button.setAttribute('data-action', 'finish');
    button.textContent = S.scorm_finish;
    var reset = document.querySelector('.scorebar [data-action="reset"]');
    if (reset && reset.parentNode) reset.parentNode.insertBefore(button, reset.nextSibling);
    else (document.querySelector('.scorebar-inner') || document.getElementById('questions') || document.body).appendChild(button);
    button.addEventListener('click', function () {
      if (lms.review) return;
      finish();
    });
    return button;
  }
  finishButton();

  chain('ready', function () {
    pageData();
    var q = quizApi();
    if (q) state = q.state();
    finishButton();
    if (!lms.live && !lms.terminated) return;
    var footer = document.querySelector('.quiz-footer p');
    if (footer) footer.textContent = S.scorm_saved;
    all('.text-answer, .blank').forEach(function (i) { i.maxLength = cfg.text_max; });
    all('.open-answer').forEach(function (i) { i.maxLength = cfg.open_max; });
    if (lms.review) {
      lms.finished = true;
      var answers = finalAnswers();
      var t = totals(answers);
      var scaled = t.max > 0 ? t.score / t.max : null;
      lockPage();
      notice(lms.done ? S.scorm_done : S.scorm_review, 'info');
      if (resumed) notice(resultText(t, scaled === null || mastery == null ? null : scaled >= mastery - 1e-9), 'result');
      return;
    }
    if (lms.readOnly) notice(S.scorm_browse, 'info');
    if (resumed && lms.resumedFinished) { finish(); return; }
    saveNow();
    setTimeout(maybeAutoFinish, 0);
  });

  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest && e.target.closest('[data-action="up"], [data-action="down"]');
    var q = b && b.closest('[data-question]');
    if (q) moved[q.getAttribute('data-question')] = true;
  });
  document.addEventListener('dragend', function (e) {
    var q = e.target && e.target.closest && e.target.closest('[data-question]');
    if (q) moved[q.getAttribute('data-question')] = true;
  });
  document.addEventListener('input', function (e) {
    if (e.target && e.target.classList && e.target.classList.contains('open-answer')) saveSoon();
  });
  window.addEventListener('pagehide', leave);
  window.addEventListener('unload', leave);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && lms.live && !lms.readOnly) {
      saveNow();
      commitNow();
    }
  });

  window.quizcScorm = {
    version: cfg.version,
    connected: function () { return lms.live; },
    finish: finish,
    errors: function () { return lms.errors; },
    encode: function () { return state && pageData() ? encodeWithin(state) : ''; }
  };
})();
