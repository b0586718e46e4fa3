// Test helper: normalise fill-in answers with the runtime's answers.js.
// Usage: node answer_check.js <answers.js> <JSON list of [text, caseSensitive]>
global.window = {};
require(process.argv[2]);
const Q = window.Coursec.answers;
const cases = JSON.parse(process.argv[3]);
process.stdout.write(JSON.stringify(cases.map((c) => Q.normaliseAnswer(c[0], c[1]))));
