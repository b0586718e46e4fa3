/* coursec runtime core: when an answer counts as given and when it is right (no DOM, no standard).
 *
 * Answers are the values the state keeps (see state.js): single an option index; multiple a list
 * of option indices; true-false a boolean; fill-in the typed text; matching the right-hand index
 * chosen for each left item (null = none); sequencing the item indices in the learner's order.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  // docs/course-format.md ("Questions", fill-in): Unicode NFC, every run of white space (\s) as one
  // space, trimmed, lower-cased unless case-sensitive. compiler/model/answers.py applies the same
  // rule; tests/browser/test_answer_matching.py runs both on one table.
  function normaliseAnswer(text, caseSensitive) {
    const collapsed = String(text).normalize("NFC").replace(/\s+/g, " ").trim();
    return caseSensitive ? collapsed : collapsed.toLowerCase();
  }

  function normalise(question, text) {
    return normaliseAnswer(text, question.cs);
  }

  /** Whether an answer is complete enough to check or submit. */
  function isAnswered(question, answer) {
    if (answer === null || answer === undefined) return false;
    switch (question.t) {
      case "multiple":
        return answer.length > 0;
      case "fill-in":
        return answer.trim() !== "";
      case "matching":
        return answer.every((n) => n !== null);
      default:
        return true;
    }
  }

  /** Whether an answer is right, by the answer key of the runtime data. */
  function isCorrect(question, answer) {
    if (!isAnswered(question, answer)) return false;
    switch (question.t) {
      case "single":
        return answer === question.c;
      case "multiple":
        return answer.length === question.c.length && question.c.every((n) => answer.includes(n));
      case "true-false":
        return answer === question.c;
      case "fill-in":
        return question.acc.some((accepted) => normalise(question, accepted) === normalise(question, answer));
      case "matching":
      case "sequencing":
        return answer.every((n, index) => n === index);
      default:
        return false;
    }
  }

  C.answers = { isAnswered: isAnswered, isCorrect: isCorrect, normalise: normalise, normaliseAnswer: normaliseAnswer };
})();
