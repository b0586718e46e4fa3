/* coursec runtime core: when an answer counts as given and when it is right (no DOM, no standard).
 *
 * Answers are the values the state keeps (see state.js): single an option index; multiple a list
 * of option indices; true-false a boolean; fill-in the typed text; matching the right-hand index
 * chosen for each left item (null = none); sequencing the item indices in the learner's order.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  // docs/course-format.md ("Fill-in answers"): invisible characters dropped, typographic quotes, dashes
  // and the ellipsis as typed on a keyboard, Unicode NFC, every run of white space (\s) as one space,
  // trimmed, lower-cased unless case-sensitive. compiler/model/answers.py applies the same steps in the
  // same order (INVISIBLE, TYPOGRAPHIC); tests/browser/test_answer_matching.py runs both on one table.
  const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
  const TYPOGRAPHIC = [
    [/[\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc]/g, "'"],
    [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"'],
    [/[\u2010-\u2015\u2212\ufe63\uff0d]/g, "-"],
    [/\u2026/g, "..."],
  ];

  function normaliseAnswer(text, caseSensitive) {
    let folded = String(text).replace(INVISIBLE, "");
    TYPOGRAPHIC.forEach((pair) => {
      folded = folded.replace(pair[0], pair[1]);
    });
    const collapsed = folded.normalize("NFC").replace(/\s+/g, " ").trim();
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
        return normaliseAnswer(answer, true) !== "";
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

  /** The quiz score in percent (docs/course-format.md, "Points"): the points of the questions answered
   * right over the points of every question asked, times 100, rounded half up to a whole number.
   * `items` is one {points, correct} per question of the attempt. compiler/model/answers.py `quiz_score`
   * is the same rule; tests/browser/test_quiz_points.py runs both on the docs' table. */
  function score(items) {
    let total = 0;
    let right = 0;
    items.forEach((item) => {
      total += item.points;
      if (item.correct) right += item.points;
    });
    // In whole numbers: floor((200 * right + total) / (2 * total)) is round-half-up of 100 * right / total.
    return total ? Math.floor((200 * right + total) / (2 * total)) : 0;
  }

  C.answers = {
    isAnswered: isAnswered,
    isCorrect: isCorrect,
    normalise: normalise,
    normaliseAnswer: normaliseAnswer,
    score: score,
  };
})();
