/* coursec runtime: the learner state and its compact suspend_data encoding (format 2).
 *
 * suspend_data = "2|" lessons "|" checks "|" assignments "|" quiz ["|" blocks ["|" draws ["|" settings]]]
 *   (printable ASCII only; trailing empty sections are left out, so a course without blocks,
 *   draws or settings stores exactly what format 1 stored, with "2" in front)
 *   lessons     = (lesson-key flag)*             flag "1" visited, "2" end of lesson seen
 *   checks      = [entry *(";" entry)]           entry = question-key answer
 *   assignments = [entry *(";" entry)]           entry = assignment-key text
 *   quiz        = "" | quiz-key used phase score order answers
 *       used  = attempts submitted, one base-36 digit; phase "a" answering, "r" result shown
 *       score = last score 0-100 as two base-36 digits; order = the display order of the
 *       questions when the quiz shuffles (one base-64 digit each, two above 64 questions);
 *       answers = one answer per quiz question in authored order, ";"-separated, "" = none.
 *       A quiz that draws (data.quiz.draw) stores no order: the attempt's questions, in the order
 *       shown, are its entry in draws, and answers has one answer per question of that entry.
 *   blocks      = [entry *(";" entry)]           entry = block-key state (the block's codec)
 *       codecs live in compiler/blocks/codecs/<name>.js (panels.js: tabs, accordion); a block
 *       never touched stores nothing.
 *   draws       = [entry *(";" entry)]           entry = owner-key question-key+
 *       which questions a quiz (owner: the quiz key) or a lesson (owner: the lesson key) drew,
 *       in the order shown; a draw naming a question the course no longer has is dropped whole.
 *       The quiz's entry is every question of the current (or last) attempt, its fixed ones
 *       included; the next attempt draws avoiding them (progress.js).
 *   settings    = [entry *(";" entry)]           entry = name "=" text
 *       course-level learner settings declared in the runtime data (`settings`: name -> max
 *       UTF-16 units), e.g. a chosen language; undeclared names are dropped.
 * Format "1" (releases before blocks) is the first five sections: it is read as is and written
 * back as format 2. Keys are the 4-character item keys of the runtime data; items whose key is
 * gone are dropped.
 * Answers: single "3"; multiple "023"; true-false "t"/"f"; fill-in text; matching one digit
 * per left item ("-" = none); sequencing the item indices in the learner's order.
 * Text (fill-in answers, assignments, settings): see encodeText below. A fill-in's max counts UTF-16
 * units; an assignment's max counts *encoded* characters (fitText), so plain text gets all the
 * room the worst case was proved for, and only letters that need escaping take more of it.
 * compiler/render/suspend_budget.py computes the worst case of this format.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const FORMAT = "2";
  const FORMAT_1 = "1";
  const SECTIONS = 8; // format 2: lessons checks assignments quiz blocks draws settings, after the format
  const FORMAT_1_SECTIONS = 5;
  const DIGITS64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const KEY_LENGTH = 4;

  // Typed text has two forms; the encoder takes the shorter (the first on a tie):
  //   escaped: printable ASCII except "~", "|", ";" (and "^" in front) as is, any other UTF-16
  //            unit as "~" plus three base-64 digits (4 characters);
  //   packed:  "^", then each pair of UTF-16 units as five base-92 digits and a last odd
  //            unit as three (about 2.5 characters per unit, whatever the text).
  // So n typed units never take more than 1 + 5 * floor(n / 2) + 3 * (n % 2) characters.
  const PACKED = "^";
  let DIGITS92 = "";
  for (let code = 0x21; code <= 0x7e; code += 1) {
    if (code !== 0x7c && code !== 0x3b) DIGITS92 += String.fromCharCode(code);
  }

  function escapeText(text) {
    let out = "";
    for (let i = 0; i < text.length; i += 1) {
      const unit = text.charCodeAt(i);
      const plain = unit >= 0x20 && unit < 0x7e && unit !== 0x7c && unit !== 0x3b && !(i === 0 && unit === 0x5e);
      out += plain
        ? text[i]
        : "~" + DIGITS64[(unit >> 12) & 63] + DIGITS64[(unit >> 6) & 63] + DIGITS64[unit & 63];
    }
    return out;
  }

  function digits92(value, width) {
    let out = "";
    for (let i = 0; i < width; i += 1) {
      out = DIGITS92[value % 92] + out;
      value = Math.floor(value / 92);
    }
    return out;
  }

  function packText(text) {
    let out = PACKED;
    for (let i = 0; i < text.length; i += 2) {
      out +=
        i + 1 < text.length
          ? digits92(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1), 5)
          : digits92(text.charCodeAt(i), 3);
    }
    return out;
  }

  function encodeText(text) {
    const escaped = escapeText(text);
    const packedLength = 1 + 5 * Math.floor(text.length / 2) + 3 * (text.length % 2);
    return escaped.length <= packedLength ? escaped : packText(text);
  }

  function value92(digits) {
    let value = 0;
    for (const digit of digits) {
      const d = DIGITS92.indexOf(digit);
      if (d < 0) return -1;
      value = value * 92 + d;
    }
    return value;
  }

  function unpackText(text) {
    const body = text.slice(1);
    const rest = body.length % 5;
    if (rest !== 0 && rest !== 3) return null;
    let out = "";
    for (let i = 0; i + 5 <= body.length; i += 5) {
      const value = value92(body.slice(i, i + 5));
      if (value < 0 || value > 0xffffffff) return null;
      out += String.fromCharCode(Math.floor(value / 65536), value % 65536);
    }
    if (rest === 3) {
      const value = value92(body.slice(body.length - 3));
      if (value < 0 || value > 0xffff) return null;
      out += String.fromCharCode(value);
    }
    return out;
  }

  /** Characters a text takes in suspend_data: its allowance is counted in these (see fitText). */
  function textCost(text) {
    return encodeText(text).length;
  }

  /** The longest start of `text` whose encoding fits `budget` characters; never half a surrogate pair. */
  function fitText(text, budget) {
    if (textCost(text) <= budget) return text;
    // Both forms grow with the text, so the cost of a prefix is monotone: search its length.
    let low = 0;
    let high = Math.min(text.length, budget);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (textCost(text.slice(0, middle)) <= budget) low = middle;
      else high = middle - 1;
    }
    const last = text.charCodeAt(low - 1);
    if (low > 0 && last >= 0xd800 && last <= 0xdbff) low -= 1;
    return text.slice(0, low);
  }

  /**
   * An edit of a text field with an allowance of `budget` stored characters: `previous` (which fits)
   * became `next`. What changed is the part between their common start and common end. When the result
   * does not fit, only the longest start of what was typed or pasted is kept, in place, and the field is
   * full: with `stopped` (the edit before was refused) nothing more is inserted until the learner deletes
   * or replaces something, so a cheaper character typed after a refused one is never kept without it. Nothing the
   * learner wrote before or after the change is lost or moved. Returns {text, caret, refused}: the text to
   * keep, where the caret goes (-1: where the browser put it) and whether anything typed was refused.
   */
  function fitEdit(previous, next, budget, stopped) {
    let start = 0;
    const shorter = Math.min(previous.length, next.length);
    while (start < shorter && previous.charCodeAt(start) === next.charCodeAt(start)) start += 1;
    let end = 0;
    while (
      end < shorter - start &&
      previous.charCodeAt(previous.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
    ) {
      end += 1;
    }
    // Never split a surrogate pair at either edge of the change.
    const high = (code) => code >= 0xd800 && code <= 0xdbff;
    const low = (code) => code >= 0xdc00 && code <= 0xdfff;
    if (start > 0 && high(next.charCodeAt(start - 1))) start -= 1;
    if (end > 0 && low(next.charCodeAt(next.length - end))) end -= 1;
    const before = next.slice(0, start);
    const after = next.slice(next.length - end);
    const inserted = next.slice(start, next.length - end);
    const removed = previous.length - start - end;
    const unchanged = { text: previous, caret: start + removed, refused: true };
    if (stopped && inserted.length > 0 && removed === 0) return unchanged;
    if (textCost(next) <= budget) return { text: next, caret: -1, refused: false };
    // The cost of before + a start of `inserted` + after grows with that start: search its length.
    let fits = 0;
    let over = inserted.length;
    while (fits < over) {
      const middle = Math.ceil((fits + over) / 2);
      if (textCost(before + inserted.slice(0, middle) + after) <= budget) fits = middle;
      else over = middle - 1;
    }
    if (fits > 0 && high(inserted.charCodeAt(fits - 1))) fits -= 1;
    const kept = before + inserted.slice(0, fits) + after;
    // Text typed over a selection whose surroundings alone do not fit: keep the text as it was.
    if (textCost(kept) > budget) return unchanged;
    return { text: kept, caret: start + fits, refused: true };
  }

  /** Whether nothing more can be typed: not even one plain letter fits any more. */
  function isFull(text, budget) {
    return textCost(text + "a") > budget;
  }

  function decodeText(text) {
    if (text[0] === PACKED) return unpackText(text);
    let out = "";
    for (let i = 0; i < text.length; i += 1) {
      if (text[i] !== "~") {
        out += text[i];
        continue;
      }
      const digits = text.slice(i + 1, i + 4);
      if (digits.length !== 3) return null;
      let unit = 0;
      for (const digit of digits) {
        const value = DIGITS64.indexOf(digit);
        if (value < 0) return null;
        unit = unit * 64 + value;
      }
      out += String.fromCharCode(unit);
      i += 3;
    }
    return out;
  }

  function isPermutation(list, length) {
    if (!Array.isArray(list) || list.length !== length) return false;
    const seen = new Set(list);
    return seen.size === length && list.every((n) => Number.isInteger(n) && n >= 0 && n < length);
  }

  /** Encode one answer of a question; null when there is no (valid) answer to keep. */
  function encodeAnswer(question, answer) {
    if (answer === null || answer === undefined) return null;
    switch (question.t) {
      case "single":
        return Number.isInteger(answer) && answer >= 0 && answer < question.n ? String(answer) : null;
      case "multiple":
        return Array.isArray(answer) && answer.length ? answer.slice().sort((a, b) => a - b).join("") : null;
      case "true-false":
        return answer === true ? "t" : answer === false ? "f" : null;
      case "fill-in":
        return typeof answer === "string" && answer.trim() ? encodeText(answer.slice(0, question.max)) : null;
      case "matching":
        return Array.isArray(answer) ? answer.map((n) => (n === null ? "-" : String(n))).join("") : null;
      case "sequencing":
        return isPermutation(answer, question.n) ? answer.join("") : null;
      default:
        return null;
    }
  }

  /** Decode one stored answer; null when it does not fit the question (any more). */
  function decodeAnswer(question, text) {
    const digits = (s) => s.split("").map(Number);
    switch (question.t) {
      case "single":
        return /^\d$/.test(text) && Number(text) < question.n ? Number(text) : null;
      case "multiple": {
        if (!/^\d+$/.test(text)) return null;
        const list = digits(text);
        return list.every((n) => n < question.n) && new Set(list).size === list.length ? list : null;
      }
      case "true-false":
        return text === "t" ? true : text === "f" ? false : null;
      case "fill-in": {
        const value = decodeText(text);
        return value && value.length <= question.max ? value : null;
      }
      case "matching": {
        if (text.length !== question.n || !/^[\d-]+$/.test(text)) return null;
        const list = text.split("").map((c) => (c === "-" ? null : Number(c)));
        return list.every((n) => n === null || n < question.n) ? list : null;
      }
      case "sequencing": {
        const list = /^\d+$/.test(text) ? digits(text) : null;
        return isPermutation(list, question.n) ? list : null;
      }
      default:
        return null;
    }
  }

  /** An empty learner state for the course described by the runtime data. */
  function emptyState() {
    return {
      lessons: {}, // lesson id -> {visited: bool, end: bool}
      checks: {}, // question id -> answer (knowledge checks, latest checked answer)
      assignments: {}, // assignment id -> text
      quiz: null, // {used, phase: "a"|"r", score, order: [quiz question indices], answers: {qid: answer}}
      blocks: {}, // block id -> the block codec's state (panels: {seen: mask, open: mask})
      draws: {}, // owner key (quiz or lesson key) -> [question id, ...] in the order drawn
      settings: {}, // setting name -> text (names declared in data.settings)
    };
  }

  function orderWidth(count) {
    return count > 64 ? 2 : 1;
  }

  function encodeNumber(value, width) {
    let out = "";
    for (let i = 0; i < width; i += 1) {
      out = DIGITS64[value % 64] + out;
      value = Math.floor(value / 64);
    }
    return out;
  }

  function decodeNumber(text) {
    let value = 0;
    for (const digit of text) {
      const d = DIGITS64.indexOf(digit);
      if (d < 0) return -1;
      value = value * 64 + d;
    }
    return value;
  }

  /** Encode the state as suspend_data (format 1). */
  function encode(data, state) {
    const lessons = data.lessons
      .map((lesson) => {
        const s = state.lessons[lesson.id];
        return s && (s.visited || s.end) ? lesson.k + (s.end ? "2" : "1") : "";
      })
      .join("");
    const checks = [];
    data.lessons.forEach((lesson) => {
      lesson.checks.forEach((id) => {
        const encoded = encodeAnswer(data.questions[id], state.checks[id]);
        if (encoded !== null) checks.push(data.questions[id].k + encoded);
      });
    });
    const assignments = [];
    data.lessons.forEach((lesson) => {
      lesson.assignments.forEach((id) => {
        const text = state.assignments[id];
        if (typeof text === "string" && text) {
          assignments.push(data.assignments[id].k + encodeText(fitText(text, data.assignments[id].max)));
        }
      });
    });
    let quiz = "";
    if (data.quiz && state.quiz) {
      const q = state.quiz;
      const count = data.quiz.questions.length;
      const draws = Boolean(data.quiz.draw);
      const order = data.quiz.shuffle && !draws ? q.order.map((n) => encodeNumber(n, orderWidth(count))).join("") : "";
      const answers = (draws ? state.draws[data.quiz.k] || [] : data.quiz.questions).map((id) => {
        const encoded = encodeAnswer(data.questions[id], q.answers[id]);
        return encoded === null ? "" : encoded;
      });
      quiz =
        data.quiz.k +
        q.used.toString(36) +
        q.phase +
        pad36(q.score) +
        order +
        answers.join(";");
    }
    const parts = [FORMAT, lessons, checks.join(";"), assignments.join(";"), quiz];
    parts.push(encodeBlocks(data, state), encodeDraws(data, state), encodeSettings(data, state));
    while (parts.length > FORMAT_1_SECTIONS && parts[parts.length - 1] === "") parts.pop();
    return parts.join("|");
  }

  // ---------------------------------------------------------------- blocks, draws, settings

  /** Block state codecs by name (a block's runtime data names its codec in `s`). A package whose
   * course uses blocks carries their codecs (compiler/blocks/codecs/<name>.js), which add themselves here. */
  const codecs = {};

  function blockIds(data) {
    const ids = [];
    data.lessons.forEach((lesson) => (lesson.blocks || []).forEach((id) => ids.push(id)));
    return ids;
  }

  function encodeBlocks(data, state) {
    const entries = [];
    blockIds(data).forEach((id) => {
      const spec = data.blocks[id];
      const codec = spec && codecs[spec.s];
      if (!codec || state.blocks[id] === undefined) return;
      const text = codec.encode(spec, state.blocks[id]);
      if (text) entries.push(spec.k + text);
    });
    return entries.join(";");
  }

  function decodeBlocks(data, text, state) {
    const ids = {};
    blockIds(data).forEach((id) => {
      ids[data.blocks[id].k] = id;
    });
    splitEntries(text).forEach((entry) => {
      const id = ids[entry.slice(0, KEY_LENGTH)];
      const spec = id && data.blocks[id];
      const codec = spec && codecs[spec.s];
      const value = codec ? codec.decode(spec, entry.slice(KEY_LENGTH)) : null;
      if (value !== null) state.blocks[id] = value;
    });
  }

  /** Keys that may own a draw: the quiz and the lessons. */
  function drawOwners(data) {
    const owners = [];
    if (data.quiz) owners.push(data.quiz.k);
    data.lessons.forEach((lesson) => owners.push(lesson.k));
    return owners;
  }

  function encodeDraws(data, state) {
    const entries = [];
    drawOwners(data).forEach((owner) => {
      const drawn = state.draws[owner];
      if (!Array.isArray(drawn) || !drawn.length) return;
      if (!drawn.every((id) => data.questions[id])) return;
      entries.push(owner + drawn.map((id) => data.questions[id].k).join(""));
    });
    return entries.join(";");
  }

  function decodeDraws(data, text, state) {
    const owners = new Set(drawOwners(data));
    const questions = byKey(data.questions);
    splitEntries(text).forEach((entry) => {
      const owner = entry.slice(0, KEY_LENGTH);
      const rest = entry.slice(KEY_LENGTH);
      if (!owners.has(owner) || !rest || rest.length % KEY_LENGTH) return;
      const drawn = [];
      for (let i = 0; i < rest.length; i += KEY_LENGTH) drawn.push(questions[rest.slice(i, i + KEY_LENGTH)]);
      if (drawn.every(Boolean) && new Set(drawn).size === drawn.length) state.draws[owner] = drawn;
    });
  }

  function encodeSettings(data, state) {
    const declared = data.settings || {};
    return Object.keys(declared)
      .sort()
      .filter((name) => typeof state.settings[name] === "string" && state.settings[name])
      .map((name) => name + "=" + encodeText(state.settings[name].slice(0, declared[name])))
      .join(";");
  }

  function decodeSettings(data, text, state) {
    const declared = data.settings || {};
    splitEntries(text).forEach((entry) => {
      const split = entry.indexOf("=");
      const name = entry.slice(0, split);
      if (split < 1 || !Object.prototype.hasOwnProperty.call(declared, name)) return;
      const value = decodeText(entry.slice(split + 1));
      if (value && value.length <= declared[name]) state.settings[name] = value;
    });
  }

  function pad36(value) {
    return Math.max(0, Math.min(100, Math.round(value || 0)))
      .toString(36)
      .padStart(2, "0");
  }

  function byKey(items) {
    const map = {};
    Object.keys(items).forEach((id) => {
      map[items[id].k] = id;
    });
    return map;
  }

  function splitEntries(text) {
    return text ? text.split(";") : [];
  }

  /** Decode suspend_data; keeps whatever still matches the course, never throws. */
  function decode(data, text) {
    const state = emptyState();
    if (typeof text !== "string") return state;
    const parts = text.split("|");
    const format1 = parts[0] === FORMAT_1 && parts.length === FORMAT_1_SECTIONS;
    const format2 = parts[0] === FORMAT && parts.length >= FORMAT_1_SECTIONS && parts.length <= SECTIONS;
    if (!format1 && !format2) return state;
    try {
      const lessonsByKey = {};
      data.lessons.forEach((lesson) => {
        lessonsByKey[lesson.k] = lesson.id;
      });
      for (let i = 0; i + KEY_LENGTH < parts[1].length; i += KEY_LENGTH + 1) {
        const id = lessonsByKey[parts[1].slice(i, i + KEY_LENGTH)];
        const flag = parts[1][i + KEY_LENGTH];
        if (id && (flag === "1" || flag === "2")) state.lessons[id] = { visited: true, end: flag === "2" };
      }
      const questionsByKey = byKey(data.questions);
      const checkIds = new Set();
      data.lessons.forEach((lesson) => lesson.checks.forEach((id) => checkIds.add(id)));
      splitEntries(parts[2]).forEach((entry) => {
        const id = questionsByKey[entry.slice(0, KEY_LENGTH)];
        if (!id || !checkIds.has(id)) return;
        const answer = decodeAnswer(data.questions[id], entry.slice(KEY_LENGTH));
        if (answer !== null) state.checks[id] = answer;
      });
      const assignmentsByKey = byKey(data.assignments);
      splitEntries(parts[3]).forEach((entry) => {
        const id = assignmentsByKey[entry.slice(0, KEY_LENGTH)];
        const value = id ? decodeText(entry.slice(KEY_LENGTH)) : null;
        if (id && value) state.assignments[id] = fitText(value, data.assignments[id].max);
      });
      decodeDraws(data, parts[6] || "", state);
      state.quiz = decodeQuiz(data, parts[4], state);
      if (data.quiz && data.quiz.draw && !state.quiz) delete state.draws[data.quiz.k];
      decodeBlocks(data, parts[5] || "", state);
      decodeSettings(data, parts[7] || "", state);
    } catch (e) {
      return emptyState();
    }
    return state;
  }

  /** Every question an attempt of the quiz may ask: the fixed ones, then each draw's pool. */
  function quizCandidates(data) {
    const ids = data.quiz ? data.quiz.questions.slice() : [];
    ((data.quiz && data.quiz.draw) || []).forEach((spec) =>
      spec.q.forEach((id) => {
        if (!ids.includes(id)) ids.push(id);
      })
    );
    return ids;
  }

  /** Questions in one attempt: the fixed ones plus every draw's count. */
  function attemptSize(data) {
    return data.quiz.questions.length + (data.quiz.draw || []).reduce((sum, spec) => sum + spec.n, 0);
  }

  /** Whether a stored draw can be an attempt of this quiz: its size, every fixed question, the
   * others from the draws' pools (a changed pool changes the quiz key, so this is a guard). */
  function isAttemptDraw(data, drawn) {
    if (!Array.isArray(drawn) || drawn.length !== attemptSize(data)) return false;
    const candidates = new Set(quizCandidates(data));
    return data.quiz.questions.every((id) => drawn.includes(id)) && drawn.every((id) => candidates.has(id));
  }

  function decodeQuiz(data, text, state) {
    if (!data.quiz || !text || text.slice(0, KEY_LENGTH) !== data.quiz.k) return null;
    let rest = text.slice(KEY_LENGTH);
    const used = parseInt(rest[0], 36);
    const phase = rest[1];
    const score = parseInt(rest.slice(2, 4), 36);
    if (!(used >= 0 && used <= data.quiz.attempts) || (phase !== "a" && phase !== "r")) return null;
    if (!(score >= 0 && score <= 100)) return null;
    rest = rest.slice(4);
    if (data.quiz.draw) {
      const drawn = state.draws[data.quiz.k];
      if (!isAttemptDraw(data, drawn)) return null;
      const entries = rest.split(";");
      if (entries.length !== drawn.length) return null;
      const answers = {};
      drawn.forEach((id, index) => {
        const answer = entries[index] ? decodeAnswer(data.questions[id], entries[index]) : null;
        if (answer !== null) answers[id] = answer;
      });
      return { used: used, phase: phase, score: score, order: [], answers: answers };
    }
    const count = data.quiz.questions.length;
    let order = [];
    for (let i = 0; i < count; i += 1) order.push(i);
    if (data.quiz.shuffle) {
      const width = orderWidth(count);
      order = [];
      for (let i = 0; i < count; i += 1) order.push(decodeNumber(rest.slice(i * width, (i + 1) * width)));
      if (!isPermutation(order, count)) return null;
      rest = rest.slice(count * width);
    }
    const entries = rest.split(";");
    if (entries.length !== count) return null;
    const answers = {};
    data.quiz.questions.forEach((id, index) => {
      if (!entries[index]) return;
      const answer = decodeAnswer(data.questions[id], entries[index]);
      if (answer !== null) answers[id] = answer;
    });
    return { used: used, phase: phase, score: score, order: order, answers: answers };
  }

  C.state = {
    emptyState: emptyState,
    encode: encode,
    decode: decode,
    encodeText: encodeText,
    decodeText: decodeText,
    textCost: textCost,
    fitText: fitText,
    fitEdit: fitEdit,
    isFull: isFull,
    codecs: codecs,
    quizCandidates: quizCandidates,
    attemptSize: attemptSize,
    encodeNumber: encodeNumber,
    decodeNumber: decodeNumber,
  };
})();
