/* coursec tracker formats shared by the SCORM 2004 and cmi5 adapters: ISO 8601 durations and
 * timestamps, and the interaction response formats (xAPI's cmi.interaction activities use the
 * SCORM 2004 patterns). One standard's adapter never borrows from another's (issue 16). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const LETTERS = "abcdefghijklmnopqrstuvwxyz";
  const TEXT_MAX = 250;
  const OTHER_MAX = 4000; // S04-I2: an `other` learner response // S04-I2: a fill-in string (SCORM 2004 keeps 250 characters; xAPI follows it)

  /** ISO 8601 duration with centiseconds, e.g. PT1H5M3.25S (S04-D4, xAPI result.duration). */
  function duration(milliseconds) {
    const centis = Math.max(0, Math.round(milliseconds / 10));
    const hours = Math.floor(centis / 360000);
    const minutes = Math.floor((centis % 360000) / 6000);
    const seconds = (centis % 6000) / 100;
    return "PT" + hours + "H" + minutes + "M" + seconds.toFixed(2).replace(/\.?0+$/, "") + "S";
  }

  /** A SCORM time(second,10,0) in UTC: fraction digits before the zone (S04-D4), e.g. 2026-03-01T10:15:30.25Z. */
  function timestamp(date) {
    return date.toISOString().slice(0, 22) + "Z"; // centiseconds: at most 2 fraction digits
  }

  function ids(indices) {
    return indices.map((n) => LETTERS[n]).join("[,]");
  }

  /** One fill-in string (S04-I2): one line, no "[,]" separator inside, a {lang} prefix if it starts with "{". */
  function fillIn(text, language) {
    const line = String(text).replace(/\s+/g, " ").trim().replace(/\[,\]/g, ", ");
    const clipped = line.slice(0, TEXT_MAX - (line[0] === "{" ? 8 + language.length : 0));
    return clipped[0] === "{" ? "{lang=" + language + "}" + clipped : clipped;
  }

  /** The interaction type, learner response and correct patterns (SCORM 2004 RTE table 4.2.9.2a). */
  function response(question, answer, language) {
    const key = [];
    for (let i = 0; i < (question.n || 0); i += 1) key.push(i);
    switch (question.t) {
      case "single":
        return { type: "choice", response: LETTERS[answer], patterns: [LETTERS[question.c]] };
      case "multiple":
        return { type: "choice", response: ids(answer.slice().sort((a, b) => a - b)), patterns: [ids(question.c)] };
      case "true-false":
        return {
          type: "true-false",
          response: answer ? "true" : "false",
          patterns: [question.c ? "true" : "false"],
        };
      case "fill-in":
        return {
          type: "fill-in",
          response: fillIn(answer, language),
          patterns: question.acc.map((accepted) => (question.cs ? "{case_matters=true}" : "") + fillIn(accepted, language)),
        };
      case "matching": {
        const pairs = (list) =>
          list
            .map((right, left) => (right === null ? "" : LETTERS[left] + "[.]" + (right + 1)))
            .filter(Boolean)
            .join("[,]");
        return { type: "matching", response: pairs(answer), patterns: [pairs(key)] };
      }
      case "sequencing":
        return { type: "sequencing", response: ids(answer), patterns: [ids(key)] };
      case "path":
        // A scenario's path (compiler/blocks/scenario/): "node[.]choice" steps and the ending, joined
        // by "[,]"; an `other` response (at most 4000 characters) has no correct pattern.
        return { type: "other", response: answer.join("[,]").slice(0, OTHER_MAX), patterns: [] };
      default:
        return null;
    }
  }

  C.formats = { duration: duration, timestamp: timestamp, response: response };
})();
