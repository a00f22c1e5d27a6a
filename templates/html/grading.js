/* quizc grading: the spec's Scoring policy as pure functions, no DOM.
 * Shared by the HTML practice page and the SCORM SCO; runs in Node for tests.
 * A question's spec is one entry of quizc-data's `questions` (see
 * docs/formats/html.md); credits there come from the compiler's scoring
 * module, so this file only matches, sums, floors and caps. */
(function (root) {
  'use strict';

  var EPSILON = 1e-9;

  function clamp01(x) {
    return x < 0 ? 0 : x > 1 ? 1 : x;
  }

  function round(x) {
    return Math.round(x * 1e6) / 1e6;
  }

  /** Trimmed, inner spaces collapsed, Unicode NFC; lower-cased unless case matters. */
  function normalizeText(text, caseSensitive) {
    var t = String(text == null ? '' : text);
    if (t.normalize) t = t.normalize('NFC');
    t = t.replace(/\s+/g, ' ').trim();
    return caseSensitive ? t : t.toLowerCase();
  }

  /** A learner's number: `0.25`, `-3`, `1e-9`, `.5`, a decimal comma `0,25`;
   *  Unicode minus accepted. Returns null when it is not a number. */
  function parseNumber(text) {
    var t = String(text == null ? '' : text).trim().replace(/\u2212/g, '-').replace(/\s+/g, '');
    if (t.indexOf('.') < 0 && /^[-+]?\d*,\d+(e[-+]?\d+)?$/i.test(t)) t = t.replace(',', '.');
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
    var n = Number(t);
    return isFinite(n) ? n : null;
  }

  /** Inclusive bounds of a numeric answer (`value ± tolerance` or `min .. max`). */
  function bounds(answer) {
    if (answer.value != null) {
      var v = Number(answer.value);
      var tol = Math.abs(Number(answer.tolerance || 0));
      return [v - tol, v + tol];
    }
    var a = Number(answer.min), b = Number(answer.max);
    return a <= b ? [a, b] : [b, a];
  }

  function numberMatches(x, answer) {
    var b = bounds(answer);
    // Binary floats: 0.25 + 0.01 must accept 0.26. Relative slack only, so
    // `1e-9` with no tolerance still rejects `2e-9`.
    var slack = 1e-12 * Math.max(Math.abs(b[0]), Math.abs(b[1]));
    return x >= b[0] - slack && x <= b[1] + slack;
  }

  function status(credit) {
    return credit >= 1 - EPSILON ? 'correct' : credit > EPSILON ? 'partly' : 'incorrect';
  }

  function result(spec, credit, feedback, parts, extra) {
    var c = clamp01(credit);
    var r = {
      credit: round(c),
      score: round(spec.points * c),
      points: spec.points,
      status: status(c),
      feedback: feedback || [],
      parts: parts || null
    };
    if (extra) for (var k in extra) r[k] = extra[k];
    return r;
  }

  function firstMatch(list, test) {
    for (var i = 0; i < (list || []).length; i++) if (test(list[i])) return i;
    return -1;
  }

  var graders = {
    /** Response: a choice id (single), or an array of ids (multiple). */
    choice: function (spec, response) {
      if (!spec.multiple) {
        var credit = response != null && spec.credits[response] != null ? spec.credits[response] : 0;
        return result(spec, credit, response != null ? ['choice:' + response] : []);
      }
      var chosen = response || [];
      var sum = 0;
      var feedback = [];
      for (var i = 0; i < chosen.length; i++) {
        sum += spec.credits[chosen[i]] || 0;
        feedback.push('choice:' + chosen[i]);
      }
      return result(spec, sum, feedback);
    },

    /** Response: the text typed. */
    text: function (spec, response) {
      var given = normalizeText(response, spec.case_sensitive);
      var same = function (a) { return normalizeText(a.text, spec.case_sensitive) === given; };
      var i = firstMatch(spec.accepted, same);
      if (i >= 0) return result(spec, spec.accepted[i].credit, ['accepted:' + i], [true]);
      var j = firstMatch(spec.wrong, same);
      if (j >= 0) return result(spec, spec.wrong[j].credit, ['wrong:' + j], [false]);
      return result(spec, 0, [], [false]);
    },

    /** Response: the number as typed; an unparsable one scores 0 with `invalid`. */
    numeric: function (spec, response) {
      var x = parseNumber(response);
      if (x === null) return result(spec, 0, [], [false], { invalid: true });
      var fits = function (a) { return numberMatches(x, a); };
      var i = firstMatch(spec.accepted, fits);
      if (i >= 0) return result(spec, spec.accepted[i].credit, ['accepted:' + i], [true]);
      var j = firstMatch(spec.wrong, fits);
      if (j >= 0) return result(spec, spec.wrong[j].credit, ['wrong:' + j], [false]);
      return result(spec, 0, [], [false]);
    },

    /** Response: {text, selfMark}; selfMark true/false once the learner marked it. */
    open: function (spec, response) {
      var mark = response && response.selfMark;
      return result(spec, mark === true ? 1 : 0, [], null, { selfMarked: mark === true || mark === false });
    },

    /** Response: the chosen right-hand text per left item, source order. */
    matching: function (spec, response) {
      var parts = spec.answers.map(function (right, i) {
        return response != null && response[i] === right;
      });
      return result(spec, share(parts), [], parts);
    },

    /** Response: per blank, the text typed or the dropdown option index. */
    blanks: function (spec, response) {
      var parts = spec.blanks.map(function (blank, i) {
        var given = response ? response[i] : null;
        if (given == null || given === '') return false;
        if (blank.kind === 'dropdown') return Number(given) === blank.correct;
        var g = normalizeText(given, spec.case_sensitive);
        return blank.accepted.some(function (a) { return normalizeText(a, spec.case_sensitive) === g; });
      });
      return result(spec, share(parts), [], parts);
    },

    /** Response: the items' correct positions, in the order the learner put them. */
    ordering: function (spec, response) {
      var parts = [];
      for (var i = 0; i < spec.count; i++) parts.push(response != null && response[i] === i);
      var all = parts.every(Boolean);
      return result(spec, spec.partial ? share(parts) : all ? 1 : 0, [], parts);
    }
  };

  function share(parts) {
    if (!parts.length) return 0;
    return parts.filter(Boolean).length / parts.length;
  }

  /** Scores one response: {credit 0..1, score, points, status, feedback keys, parts}. */
  function grade(spec, response) {
    var grader = graders[spec.grading];
    if (!grader) throw new Error('quizc: unknown grading ' + spec.grading);
    return grader(spec, response);
  }

  /** Whether a response says anything (an empty one is not checked). */
  function isEmpty(spec, response) {
    if (response == null) return true;
    switch (spec.grading) {
      case 'choice': return spec.multiple ? response.length === 0 : false;
      case 'text': case 'numeric': return String(response).trim() === '';
      case 'open': return false;
      case 'ordering': return false;
      default: return !response.some(function (r) { return r != null && r !== ''; });
    }
  }

  var api = {
    grade: grade,
    isEmpty: isEmpty,
    normalizeText: normalizeText,
    parseNumber: parseNumber,
    numberMatches: numberMatches,
    status: status
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.QuizcGrading = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
