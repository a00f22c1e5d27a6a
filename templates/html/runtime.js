/* quizc runtime: wires the practice page to grading.js. No dependencies.
 * State per attempt (pool draws, shuffles, answers) lives in localStorage
 * under quizc:<quiz-id>:<content-hash>, or in window.quizcOptions.storage.
 * Hooks for other code (the SCORM adapter): window.quizc, and DOM events
 * quizc:ready / quizc:answer / quizc:finish / quizc:reset on document.
 * Documented in docs/formats/html.md. */
(function () {
  'use strict';
  var G = window.QuizcGrading;
  var dataEl = document.getElementById('quizc-data');
  if (!G || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var S = data.strings;
  var options = window.quizcOptions || {};
  var mode = data.feedback; // immediate | on-submit | none
  var listeners = { answer: [], finish: [], reset: [], ready: [] };
  var sections = {};
  var state;

  Array.prototype.forEach.call(document.querySelectorAll('[data-question]'), function (el) {
    sections[el.getAttribute('data-question')] = el;
  });

  // ---- small helpers ---------------------------------------------------

  function fill(text, args) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m;
    });
  }
  function fmt(n) {
    return String(Math.round(n * 100) / 100);
  }
  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }
  function shuffle(list) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }
  function letter(i) {
    var s = '';
    for (var n = i; n >= 0; n = Math.floor(n / 26) - 1) s = String.fromCharCode(65 + (n % 26)) + s;
    return s;
  }
  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (fn) {
      try { fn(detail); } catch (e) { setTimeout(function () { throw e; }); }
    });
    var hook = options.on && options.on[name];
    if (typeof hook === 'function') hook(detail);
    document.dispatchEvent(new CustomEvent('quizc:' + name, { detail: detail }));
  }
  var liveTimer;
  function announce(text) {
    var live = document.getElementById('quizc-live');
    if (!live) return;
    live.textContent = '';
    clearTimeout(liveTimer);
    liveTimer = setTimeout(function () { live.textContent = text; }, 50);
  }

  // ---- storage ---------------------------------------------------------

  var storage = options.storage || {
    load: function () {
      try {
        var raw = window.localStorage.getItem(data.storage_key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) { return null; }
    },
    save: function (s) {
      try { window.localStorage.setItem(data.storage_key, JSON.stringify(s)); } catch (e) { /* private mode */ }
    }
  };
  function discardStale() {
    try {
      var prefix = 'quizc:' + data.quiz + ':';
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0 && key !== data.storage_key) window.localStorage.removeItem(key);
      }
    } catch (e) { /* no storage */ }
  }
  function save() { storage.save(state); }

  // ---- attempts and layout ----------------------------------------------

  function newAttempt() {
    var s = { v: 1, hash: data.hash, draws: {}, order: {}, questions: null, answers: {}, submitted: false, finished: false };
    data.pools.forEach(function (p) { s.draws[p.id] = shuffle(p.questions).slice(0, p.pick); });
    Object.keys(data.questions).forEach(function (id) {
      var spec = data.questions[id];
      if (spec.grading === 'choice' && spec.shuffle) {
        var free = shuffle(spec.order.filter(function (c) { return spec.pinned.indexOf(c) < 0; }));
        s.order[id] = spec.order.map(function (c) { return spec.pinned.indexOf(c) >= 0 ? c : free.shift(); });
      } else if (spec.grading === 'ordering') {
        var ids = [];
        for (var i = 0; i < spec.count; i++) ids.push(i);
        var order = ids;
        for (var tries = 0; tries < 10 && ids.length > 1 && order.join() === ids.join(); tries++) order = shuffle(ids);
        s.order[id] = order;
      }
    });
    if (data.shuffle_questions) s.questions = shuffle(topLevelIds());
    return s;
  }

  function topLevelIds() {
    var main = document.getElementById('questions');
    return all(main, ':scope > .question').map(function (el) { return el.getAttribute('data-question'); });
  }

  /** The questions of this attempt, in page order. */
  function shown() {
    return all(document, '.question[data-question]').filter(function (el) { return !el.hidden; })
      .map(function (el) { return el.getAttribute('data-question'); });
  }

  function layout() {
    data.pools.forEach(function (p) {
      var box = document.querySelector('[data-pool="' + p.id + '"]');
      var drawn = state.draws[p.id] || [];
      p.questions.forEach(function (id) { sections[id].hidden = drawn.indexOf(id) < 0; });
      if (box) drawn.forEach(function (id) { box.appendChild(sections[id]); });
    });
    if (state.questions) {
      var slots = topLevelIds().map(function (id) { return sections[id]; });
      var markers = slots.map(function (el) {
        var m = document.createComment('slot');
        el.parentNode.insertBefore(m, el);
        return m;
      });
      state.questions.forEach(function (id, i) {
        if (sections[id] && markers[i]) markers[i].parentNode.insertBefore(sections[id], markers[i]);
      });
      markers.forEach(function (m) { m.parentNode.removeChild(m); });
    }
    Object.keys(state.order).forEach(function (id) {
      var el = sections[id];
      var spec = data.questions[id];
      if (!el) return;
      if (spec.grading === 'choice') {
        var list = el.querySelector('.choice-list');
        state.order[id].forEach(function (c, i) {
          var li = list.querySelector('[data-choice="' + c + '"]');
          if (!li) return;
          list.appendChild(li);
          li.querySelector('.letter').textContent = letter(i);
        });
      } else if (spec.grading === 'ordering') {
        setResponse(id, state.order[id]);
      }
    });
    shown().forEach(function (id, i) {
      var n = sections[id].querySelector('.question-number');
      if (n) n.textContent = fill(S.question_n, { n: i + 1 });
    });
  }

  // ---- responses ---------------------------------------------------------

  function readResponse(id) {
    var el = sections[id];
    var spec = data.questions[id];
    switch (spec.grading) {
      case 'choice':
        var checked = all(el, '.choice input:checked').map(function (i) { return i.value; });
        return spec.multiple ? checked : checked.length ? checked[0] : null;
      case 'text':
      case 'numeric':
        return el.querySelector('.text-answer').value;
      case 'open':
        var prev = state.answers[id] && state.answers[id].response;
        return { text: el.querySelector('.open-answer').value, selfMark: prev ? prev.selfMark : null };
      case 'matching':
        return all(el, 'select[data-part]').map(function (s) { return s.value || null; });
      case 'blanks':
        return all(el, '.blank[data-part]').sort(byPart).map(function (b) { return b.value; });
      case 'ordering':
        return all(el, '.order-item').map(function (li) { return Number(li.getAttribute('data-item')); });
    }
    return null;
  }
  function byPart(a, b) {
    return Number(a.getAttribute('data-part')) - Number(b.getAttribute('data-part'));
  }

  function setResponse(id, response) {
    var el = sections[id];
    var spec = data.questions[id];
    if (response == null) return;
    switch (spec.grading) {
      case 'choice':
        var chosen = spec.multiple ? response : [response];
        all(el, '.choice input').forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
        break;
      case 'text':
      case 'numeric':
        el.querySelector('.text-answer').value = response;
        break;
      case 'open':
        el.querySelector('.open-answer').value = response.text || '';
        break;
      case 'matching':
        all(el, 'select[data-part]').forEach(function (s, i) { s.value = response[i] || ''; });
        break;
      case 'blanks':
        all(el, '.blank[data-part]').sort(byPart).forEach(function (b, i) { b.value = response[i] == null ? '' : response[i]; });
        break;
      case 'ordering':
        var list = el.querySelector('.order-list');
        response.forEach(function (index) {
          var li = list.querySelector('[data-item="' + index + '"]');
          if (li) list.appendChild(li);
        });
        break;
    }
  }

  // ---- checking ------------------------------------------------------------

  /** Grades a question's current response; `silent` records it without feedback (on-submit). */
  function check(id, silent) {
    var el = sections[id];
    var spec = data.questions[id];
    var response = readResponse(id);
    if (!silent && G.isEmpty(spec, response)) {
      var first = el.querySelector('.answer input, .answer select, .answer textarea');
      if (first) first.focus();
      return null;
    }
    var result = G.grade(spec, response);
    if (result.invalid && !silent) {
      var input = el.querySelector('.text-answer');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      announce(S.not_a_number);
      return null;
    }
    state.answers[id] = { response: response, result: result, shown: !silent };
    save();
    if (!silent) {
      display(id);
      emitAnswer(id);
      announceResult(id);
      focusResult(id);
    }
    update();
    return result;
  }

  /** The answered controls are now disabled: keep keyboard focus in place, on the verdict. */
  function focusResult(id) {
    var box = sections[id].querySelector('[data-result]');
    if (box && !box.hidden) box.focus();
  }

  function emitAnswer(id) {
    var a = state.answers[id];
    emit('answer', {
      questionId: id,
      type: data.questions[id].type,
      response: a.response,
      result: a.result,
      points: data.questions[id].points
    });
  }

  function announceResult(id) {
    var a = state.answers[id];
    var number = sections[id].querySelector('.question-number').textContent;
    var verdict = mode === 'none' ? S.answer_recorded : S[a.result.status];
    announce(number + ': ' + verdict + '. ' + (mode === 'none' ? '' : scoreText()));
  }

  function lock(id, locked) {
    var el = sections[id];
    all(el, '.answer input, .answer select, .answer textarea, .answer button, [data-action="check"]').forEach(function (c) {
      c.disabled = locked;
    });
    all(el, '.order-item').forEach(function (li) { li.draggable = !locked; });
  }

  /** Shows a recorded answer's result: verdict, marks, feedback. */
  function display(id) {
    var el = sections[id];
    var spec = data.questions[id];
    var a = state.answers[id];
    if (!a) return;
    var r = a.result;
    var open = spec.grading === 'open';
    if (open && !r.selfMarked) return;
    lock(id, true);
    el.classList.add('is-answered');
    var box = el.querySelector('[data-result]');
    box.hidden = false;
    if (mode === 'none') {
      el.setAttribute('data-state', 'answered');
      box.querySelector('.verdict-text').textContent = S.answer_recorded;
      return;
    }
    el.setAttribute('data-state', r.status);
    box.querySelector('.verdict-icon').textContent = r.status === 'correct' ? '✓' : r.status === 'partly' ? '◐' : '✗';
    box.querySelector('.verdict-text').textContent = S[r.status] + ' · ' + fmt(r.score) + ' / ' + fmt(r.points);
    var show = r.feedback.slice();
    show.push(r.status === 'correct' ? 'correct' : 'incorrect');
    show.push('general');
    if (r.status !== 'correct') show.push('solution');
    all(el, '[data-feedback]').forEach(function (f) {
      f.hidden = show.indexOf(f.getAttribute('data-feedback')) < 0;
    });
    if (spec.grading === 'choice') {
      all(el, '.choice').forEach(function (li) {
        var c = li.getAttribute('data-choice');
        var chosen = li.querySelector('input').checked;
        var good = (spec.credits[c] || 0) > 0;
        li.classList.toggle('is-chosen', chosen);
        li.classList.toggle('is-key', good);
        var mark = li.querySelector('.mark');
        mark.textContent = chosen ? (good ? '✓ ' + S.correct : '✗ ' + S.incorrect) : good ? '✓ ' + S.correct_answer : '';
      });
    }
    if (open) {
      all(el, '.self-mark button').forEach(function (b) {
        var right = b.getAttribute('data-action') === 'self-right';
        b.setAttribute('aria-pressed', String(right === (a.response.selfMark === true)));
        b.disabled = true;
      });
    }
    if (r.parts) {
      var marks = all(el, '.part-mark');
      if (spec.grading === 'ordering') marks = all(el, '.order-item .part-mark');
      marks.forEach(function (m, i) {
        var index = spec.grading === 'ordering'
          ? Number(m.closest('.order-item').getAttribute('data-item')) : Number(m.getAttribute('data-mark') || i);
        var ok = spec.grading === 'ordering' ? index === i : r.parts[index];
        m.textContent = ok ? '✓' : '✗';
        m.className = 'part-mark ' + (ok ? 'ok' : 'bad');
      });
    }
  }

  function clearDisplay(id) {
    var el = sections[id];
    lock(id, false);
    el.classList.remove('is-answered');
    el.removeAttribute('data-state');
    var box = el.querySelector('[data-result]');
    box.hidden = true;
    box.querySelector('.verdict-icon').textContent = '';
    box.querySelector('.verdict-text').textContent = '';
    all(el, '[data-feedback]').forEach(function (f) { f.hidden = true; });
    all(el, '.choice').forEach(function (li) {
      li.classList.remove('is-chosen', 'is-key');
      li.querySelector('.mark').textContent = '';
    });
    all(el, '.part-mark').forEach(function (m) { m.textContent = ''; m.className = 'part-mark'; });
    all(el, '.choice input').forEach(function (i) { i.checked = false; });
    all(el, '.text-answer, .open-answer, .blank').forEach(function (i) {
      i.value = '';
      i.readOnly = false;
      i.removeAttribute('aria-invalid');
    });
    all(el, 'select').forEach(function (s) { s.value = ''; });
    var model = el.querySelector('.model-answer');
    if (model) model.hidden = true;
    var reveal = el.querySelector('[data-action="reveal"]');
    if (reveal) reveal.setAttribute('aria-expanded', 'false');
    all(el, '.self-mark button').forEach(function (b) { b.disabled = false; b.removeAttribute('aria-pressed'); });
  }

  // ---- score, progress, finish ---------------------------------------------

  function totals() {
    var score = 0;
    var answered = 0;
    var ids = shown();
    ids.forEach(function (id) {
      var a = state.answers[id];
      if (!a) return;
      var open = data.questions[id].grading === 'open';
      if (open ? a.result.selfMarked : !G.isEmpty(data.questions[id], a.response)) answered++;
      score += a.result.score;
    });
    return { score: Math.round(score * 1e6) / 1e6, max: data.total, answered: answered, count: ids.length };
  }

  function visibleScore() {
    if (mode === 'immediate' || state.submitted) return totals().score;
    return 0;
  }

  function scoreText() {
    return fill(S.score, { score: fmt(visibleScore()), total: fmt(data.total) });
  }

  function update() {
    var t = totals();
    var scoreEl = document.getElementById('quizc-score');
    if (scoreEl) {
      scoreEl.setAttribute('data-score', String(visibleScore()));
      scoreEl.textContent = scoreText();
      scoreEl.hidden = mode === 'none';
    }
    var bar = document.getElementById('quizc-progress');
    if (bar) { bar.max = t.count; bar.value = t.answered; }
    var label = document.getElementById('quizc-progress-label');
    if (label) label.textContent = fill(S.answered, { answered: t.answered, total: t.count });
    var done = mode === 'immediate' ? t.answered === t.count && t.count > 0 : state.submitted;
    var box = document.getElementById('quizc-finished');
    if (box) {
      box.hidden = !done;
      if (done) {
        var text = mode === 'none' ? S.submitted : fill(S.finished, { score: fmt(t.score), total: fmt(t.max) });
        if (mode !== 'none' && data.pass != null) text += ' ' + (t.score >= data.pass * t.max - 1e-9 ? S.passed : S.not_passed);
        box.textContent = text;
      }
    }
    if (done && !state.finished) {
      state.finished = true;
      save();
      emit('finish', summary());
    }
  }

  function summary() {
    var t = totals();
    return {
      quizId: data.quiz,
      score: t.score,
      max: t.max,
      answered: t.answered,
      count: t.count,
      passed: data.pass == null ? null : t.score >= data.pass * t.max - 1e-9,
      answers: JSON.parse(JSON.stringify(state.answers))
    };
  }

  function submit() {
    if (mode === 'immediate' || state.submitted) return;
    shown().forEach(function (id) {
      if (data.questions[id].grading !== 'open') check(id, true);
    });
    state.submitted = true;
    shown().forEach(function (id) {
      var a = state.answers[id];
      if (a) { a.shown = true; display(id); emitAnswer(id); }
      if (data.questions[id].grading !== 'open') lock(id, true);
      var reveal = sections[id].querySelector('[data-action="reveal"]');
      if (reveal && mode !== 'none') reveal.hidden = false;
    });
    var submitButton = document.querySelector('[data-action="submit"]');
    if (submitButton) submitButton.disabled = true;
    save();
    update();
    announce(mode === 'none' ? S.submitted : scoreText());
  }

  function reset() {
    Object.keys(sections).forEach(clearDisplay);
    state = newAttempt();
    layout();
    prepareMode();
    save();
    update();
    emit('reset', { quizId: data.quiz });
    announce(scoreText());
    var main = document.getElementById('questions');
    if (main) main.focus();
  }

  function prepareMode() {
    var submitButton = document.querySelector('[data-action="submit"]');
    if (submitButton) submitButton.disabled = state.submitted;
    if (mode !== 'immediate') {
      all(document, '[data-action="reveal"]').forEach(function (b) { b.hidden = mode === 'none' || !state.submitted; });
    }
  }

  // ---- open questions --------------------------------------------------------

  function reveal(id) {
    var el = sections[id];
    var model = el.querySelector('.model-answer');
    model.hidden = false;
    el.querySelector('[data-action="reveal"]').setAttribute('aria-expanded', 'true');
    el.querySelector('.open-answer').readOnly = true;
    var a = state.answers[id];
    if (!a) {
      state.answers[id] = { response: readResponse(id), result: G.grade(data.questions[id], { selfMark: null }), shown: true, revealed: true };
    } else {
      a.revealed = true;
    }
    save();
    var first = model.querySelector('.self-mark button');
    if (first) first.focus();
    emit('reveal', { questionId: id });
  }

  function selfMark(id, right) {
    var response = readResponse(id);
    response.selfMark = right;
    var result = G.grade(data.questions[id], response);
    state.answers[id] = { response: response, result: result, shown: true, revealed: true };
    save();
    display(id);
    emitAnswer(id);
    announceResult(id);
    focusResult(id);
    update();
  }

  // ---- ordering ---------------------------------------------------------------

  function move(li, delta) {
    var list = li.parentNode;
    var items = all(list, '.order-item');
    var i = items.indexOf(li);
    var j = i + delta;
    if (j < 0 || j >= items.length) return;
    if (delta < 0) list.insertBefore(li, items[j]);
    else list.insertBefore(li, items[j].nextSibling);
    var name = li.querySelector('.order-text').textContent.trim();
    announce(fill(S.moved, { item: name, pos: j + 1 }));
    orderingChanged(li.closest('[data-question]').getAttribute('data-question'));
  }

  function orderingChanged(id) {
    state.order[id] = readResponse(id);
    if (mode !== 'immediate') check(id, true);
    save();
  }

  var dragged = null;
  function wireDrag(list) {
    list.addEventListener('dragstart', function (e) {
      dragged = e.target.closest && e.target.closest('.order-item');
      if (!dragged) return;
      dragged.classList.add('is-dragging');
      if (e.dataTransfer) { e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', ''); }
    });
    list.addEventListener('dragover', function (e) {
      if (!dragged || dragged.parentNode !== list) return;
      e.preventDefault();
      var over = e.target.closest && e.target.closest('.order-item');
      if (!over || over === dragged) return;
      var rect = over.getBoundingClientRect();
      var after = e.clientY > rect.top + rect.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener('drop', function (e) { e.preventDefault(); });
    list.addEventListener('dragend', function () {
      if (!dragged) return;
      dragged.classList.remove('is-dragging');
      var id = list.closest('[data-question]').getAttribute('data-question');
      dragged = null;
      orderingChanged(id);
    });
  }

  // ---- wiring -------------------------------------------------------------------

  function wire(id) {
    var el = sections[id];
    var spec = data.questions[id];
    var arrowKey = false;
    el.addEventListener('keydown', function (e) {
      var t = e.target;
      if (t.type !== 'radio' || mode !== 'immediate') {
        if (e.key === 'Enter' && t.classList && (t.classList.contains('text-answer') || t.classList.contains('blank'))) {
          e.preventDefault();
          if (mode === 'immediate') check(id);
        }
        return;
      }
      if (/^Arrow/.test(e.key)) {
        arrowKey = true;
        setTimeout(function () { arrowKey = false; }, 0);
      } else if ((e.key === 'Enter' || e.key === ' ') && t.checked && !t.disabled) {
        e.preventDefault();
        check(id);
      }
    });
    el.addEventListener('change', function (e) {
      var t = e.target;
      if (t.removeAttribute) t.removeAttribute('aria-invalid');
      if (mode !== 'immediate') { check(id, true); return; }
      if (t.type === 'radio' && !arrowKey) check(id);
    });
    el.addEventListener('input', function (e) {
      if (e.target.removeAttribute) e.target.removeAttribute('aria-invalid');
      if (mode !== 'immediate' && spec.grading !== 'open') check(id, true);
    });
    el.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('button[data-action]');
      if (!b || b.disabled) return;
      var action = b.getAttribute('data-action');
      if (action === 'check') check(id);
      else if (action === 'reveal') reveal(id);
      else if (action === 'self-right') selfMark(id, true);
      else if (action === 'self-wrong') selfMark(id, false);
      else if (action === 'up' || action === 'down') {
        var li = b.closest('.order-item');
        move(li, action === 'up' ? -1 : 1);
        var target = li.querySelector('[data-action="' + action + '"]');
        var items = all(li.parentNode, '.order-item');
        var edge = action === 'up' ? items[0] === li : items[items.length - 1] === li;
        (edge ? li.querySelector('[data-action="' + (action === 'up' ? 'down' : 'up') + '"]') : target).focus();
      }
    });
    var list = el.querySelector('.order-list');
    if (list) wireDrag(list);
  }

  function restore() {
    Object.keys(state.answers).forEach(function (id) {
      if (!sections[id]) return;
      var a = state.answers[id];
      setResponse(id, a.response);
      if (a.revealed) {
        var model = sections[id].querySelector('.model-answer');
        if (model) {
          model.hidden = false;
          sections[id].querySelector('[data-action="reveal"]').setAttribute('aria-expanded', 'true');
          sections[id].querySelector('.open-answer').readOnly = true;
        }
      }
      if (mode === 'immediate' ? a.shown : state.submitted) display(id);
    });
    if (state.submitted) {
      Object.keys(sections).forEach(function (id) {
        if (data.questions[id].grading !== 'open') lock(id, true);
      });
    }
  }

  // ---- start ----------------------------------------------------------------------

  discardStale();
  var saved = storage.load();
  state = saved && saved.hash === data.hash && saved.v === 1 ? saved : newAttempt();
  layout();
  Object.keys(sections).forEach(wire);
  var resetButton = document.querySelector('[data-action="reset"]');
  if (resetButton) resetButton.addEventListener('click', reset);
  var submitButton = document.querySelector('[data-action="submit"]');
  if (submitButton) submitButton.addEventListener('click', submit);
  prepareMode();
  restore();
  save();
  update();
  document.documentElement.classList.add('quizc-ready');

  var api = {
    version: 1,
    quizId: data.quiz,
    data: data,
    on: function (name, fn) {
      (listeners[name] = listeners[name] || []).push(fn);
      return function () { listeners[name] = listeners[name].filter(function (f) { return f !== fn; }); };
    },
    onAnswer: function (fn) { return api.on('answer', fn); },
    onFinish: function (fn) { return api.on('finish', fn); },
    onReset: function (fn) { return api.on('reset', fn); },
    score: function () { return totals(); },
    summary: summary,
    state: function () { return JSON.parse(JSON.stringify(state)); },
    questions: shown,
    submit: submit,
    reset: reset,
    grade: G.grade
  };
  window.quizc = api;
  emit('ready', { quizId: data.quiz, api: api });
})();
