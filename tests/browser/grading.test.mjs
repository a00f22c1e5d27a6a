// grading.js against the spec's Scoring section, under plain Node (no browser).
// Run: node tests/browser/grading.test.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import assert from 'node:assert/strict';

const source = readFileSync(fileURLToPath(new URL('../../templates/html/grading.js', import.meta.url)), 'utf8');
const sandbox = {};
vm.runInNewContext(source, sandbox);
const G = sandbox.QuizcGrading;
let count = 0;
function test(name, fn) {
  try { fn(); count++; } catch (e) { console.error(`FAIL ${name}`); throw e; }
}
const score = (spec, response) => G.grade(spec, response).score;

test('text normalisation: trim, inner spaces, NFC, case', () => {
  assert.equal(G.normalizeText('  Rectified   linear\tunit ', false), 'rectified linear unit');
  assert.equal(G.normalizeText('e\u0301', true), '\u00e9');
  assert.equal(G.normalizeText('ReLU', true), 'ReLU');
});

test('multiple choice: the chosen credit, floored at 0', () => {
  const spec = { grading: 'choice', multiple: false, points: 2, credits: { a: 0, b: 1, c: -0.5, d: 0.5 } };
  assert.equal(score(spec, 'b'), 2);
  assert.equal(score(spec, 'a'), 0);
  assert.equal(score(spec, 'c'), 0);
  assert.equal(score(spec, 'd'), 1);
  assert.equal(G.grade(spec, 'd').status, 'partly');
  assert.equal(score(spec, null), 0);
  assert.deepEqual(Array.from(G.grade(spec, 'b').feedback), ['choice:b']);
});

test('multiple answers: right minus wrong, floored, capped', () => {
  const spec = { grading: 'choice', multiple: true, points: 1, credits: { a: 0.5, b: 0.5, c: -1 } };
  assert.equal(score(spec, ['a', 'b']), 1);
  assert.equal(score(spec, ['a']), 0.5);
  assert.equal(score(spec, ['a', 'c']), 0);
  assert.equal(score(spec, ['a', 'b', 'c']), 0);
  assert.equal(score(spec, []), 0);
});

test('short answer: first matching accepted answer, case rule, anticipated wrong answers', () => {
  const spec = {
    grading: 'text', points: 1, case_sensitive: false,
    accepted: [{ text: 'ReLU', credit: 1 }, { text: 'leaky relu', credit: 0.5 }],
    wrong: [{ text: 'sigmoid', credit: 0 }]
  };
  assert.equal(score(spec, ' relu '), 1);
  assert.equal(score(spec, 'Leaky  ReLU'), 0.5);
  const wrong = G.grade(spec, 'Sigmoid');
  assert.equal(wrong.score, 0);
  assert.deepEqual(Array.from(wrong.feedback), ['wrong:0']);
  assert.equal(score({ ...spec, case_sensitive: true }, 'relu'), 0);
  assert.equal(score({ ...spec, case_sensitive: true }, 'ReLU'), 1);
  assert.equal(score(spec, '<script>alert(1)</script>'), 0);
});

test('numerical: tolerance, ranges, exact tiny values, decimal comma, junk', () => {
  const spec = {
    grading: 'numeric', points: 1,
    accepted: [{ value: '0.25', tolerance: '0.01', credit: 1 }, { min: '-3', max: '-1', credit: 0.5 }],
    wrong: []
  };
  for (const ok of ['0.25', '0.26', '0.24', '.25', '0,25', '2.5e-1', ' 0.25 ']) assert.equal(score(spec, ok), 1, ok);
  assert.equal(score(spec, '0.27'), 0);
  assert.equal(score(spec, '-2'), 0.5);
  assert.equal(score(spec, '\u22123'), 0.5);
  assert.ok(G.grade(spec, 'abc').invalid);
  const tiny = { grading: 'numeric', points: 1, accepted: [{ value: '1e-9', tolerance: '0', credit: 1 }], wrong: [] };
  assert.equal(score(tiny, '1e-9'), 1);
  assert.equal(score(tiny, '0.000000001'), 1);
  assert.equal(score(tiny, '2e-9'), 0);
});

test('matching and blanks: each part an equal share', () => {
  const m = { grading: 'matching', points: 3, answers: ['(0, 1)', '(-1, 1)', '[0, ∞)'] };
  assert.equal(score(m, ['(0, 1)', '(-1, 1)', '[0, ∞)']), 3);
  assert.equal(score(m, ['(0, 1)', null, '(-1, 1)']), 1);
  const b = {
    grading: 'blanks', points: 1, case_sensitive: false,
    blanks: [{ kind: 'text', accepted: ['0.25', '1/4'] }, { kind: 'dropdown', correct: 0 }]
  };
  assert.equal(score(b, ['1/4', '0']), 1);
  assert.equal(score(b, ['0.25', '1']), 0.5);
  assert.equal(score(b, ['', '']), 0);
});

test('ordering: all or nothing, or partial', () => {
  const o = { grading: 'ordering', points: 1, count: 4, partial: false };
  assert.equal(score(o, [0, 1, 2, 3]), 1);
  assert.equal(score(o, [0, 1, 3, 2]), 0);
  assert.equal(score({ ...o, partial: true }, [0, 1, 3, 2]), 0.5);
});

test('open questions count once self-marked', () => {
  const spec = { grading: 'open', points: 2 };
  assert.equal(score(spec, { text: '', selfMark: true }), 2);
  assert.equal(score(spec, { text: 'x', selfMark: false }), 0);
  assert.equal(G.grade(spec, { selfMark: null }).selfMarked, false);
});

console.log(`grading.js: ${count} tests passed`);
