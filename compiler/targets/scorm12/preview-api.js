/* coursec preview: a strict SCORM 1.2 API (RTE 1.2, data model 3.4) for the LMS emulation page.
 *
 * Registers CoursecLms.adapters.scorm12. Unlike a forgiving LMS it refuses every value the standard
 * forbids (wrong vocabulary, CMITimespan, CMIDecimal ranges, CMIString255/4096 lengths, read-only and
 * write-only elements, interactions written out of order) with the standard's error code, and flags
 * practices real LMSs punish (finishing while 'not attempted', a score without min/max) as warnings.
 * The SCORM 2004 emulation (compiler/targets/scorm2004/preview-api.js) has the same shape.
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  const parse = LMS.cmi.parse; // compiler/preview/assets/cmi.js, loaded first

  const CALLS = LMS.cmi.calls("LMS", "Finish");

  const ERROR_STRINGS = {
    0: "No error",
    101: "General exception",
    201: "Invalid argument",
    202: "Element cannot have children",
    203: "Element is not an array: it has no count",
    301: "Not initialized",
    401: "Not implemented",
    402: "Invalid set value: the element is a keyword",
    403: "Element is read only",
    404: "Element is write only",
    405: "Incorrect data type",
  };

  const STATUS_WRITE = ["passed", "completed", "failed", "incomplete", "browsed"];
  const OBJECTIVE_STATUS = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"];
  const EXIT = ["time-out", "suspend", "logout", ""];
  const INTERACTION_TYPES = [
    "true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric",
  ];
  const RESULTS = ["correct", "wrong", "unanticipated", "neutral"];

  const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
  const INTEGER = /^-?\d+$/;
  const TIMESPAN = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/;
  const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,2})?$/;
  const SINGLE = "[0-9a-z]";
  const FEEDBACK_FORMATS = {
    "true-false": /^(0|1|t|f)$/,
    choice: new RegExp("^(\\{)?" + SINGLE + "(," + SINGLE + ")*(?:\\})?$"),
    likert: new RegExp("^" + SINGLE + "?$"),
    matching: new RegExp("^(\\{)?" + SINGLE + "\\." + SINGLE + "(," + SINGLE + "\\." + SINGLE + ")*(?:\\})?$"),
    sequencing: new RegExp("^" + SINGLE + "(," + SINGLE + ")*$"),
    numeric: DECIMAL,
  };

  /* Each check returns null when the value is allowed, else why not (error 405). */
  function string(max) {
    return (value) => (value.length <= max ? null : "is " + value.length + " characters long; at most " + max + " are allowed");
  }
  function vocabulary(words, extra) {
    return (value) =>
      words.indexOf(value) >= 0
        ? null
        : "'" + value + "' is not one of " + words.map((w) => "'" + w + "'").join(", ") + (extra ? " (" + extra + ")" : "");
  }
  function decimalIn(low, high, blankAllowed) {
    return (value) => {
      if (value === "" && blankAllowed) return null;
      if (!DECIMAL.test(value)) return "'" + value + "' is not a CMIDecimal (a plain number such as 80 or 72.5)";
      const number = Number(value);
      if (low !== null && (number < low || number > high)) return value + " is outside " + low + ".." + high;
      return null;
    };
  }
  function integerIn(low, high) {
    return (value) => {
      if (!INTEGER.test(value)) return "'" + value + "' is not an integer";
      const number = Number(value);
      return number < low || number > high ? value + " is outside " + low + ".." + high : null;
    };
  }
  function identifier(value) {
    if (value === "") return "an identifier cannot be empty";
    if (value.length > 255) return "is " + value.length + " characters long; a CMIIdentifier has at most 255";
    if (/\s/.test(value) || Array.from(value).some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) return "'" + value + "' contains white space or control characters";
    return null;
  }
  function timespan(value) {
    const match = TIMESPAN.exec(value);
    if (!match) return "'" + value + "' is not a CMITimespan HHHH:MM:SS.SS (2-4 digit hours, e.g. 00:05:03.25)";
    if (Number(match[2]) > 59 || Number(match[3]) > 59) return "'" + value + "' has minutes or seconds above 59";
    return null;
  }
  function timeOfDay(value) {
    const match = TIME.exec(value);
    if (!match) return "'" + value + "' is not a CMITime HH:MM:SS (a time of day)";
    if (Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3]) > 59) {
      return "'" + value + "' is not a valid time of day";
    }
    return null;
  }
  function result(value) {
    if (RESULTS.indexOf(value) >= 0 || DECIMAL.test(value)) return null;
    const hint = value === "incorrect" ? "SCORM 1.2 says 'wrong'; 'incorrect' is SCORM 2004" : "or a CMIDecimal";
    return vocabulary(RESULTS, hint)(value);
  }

  const SCORE = decimalIn(0, 100, true);
  /* The data model: access (r, w, rw) and the check for writes, by element with n for indexes. */
  const ELEMENTS = {
    "cmi._version": { access: "r" },
    "cmi.core.student_id": { access: "r" },
    "cmi.core.student_name": { access: "r" },
    "cmi.core.lesson_location": { access: "rw", check: string(255) },
    "cmi.core.credit": { access: "r" },
    "cmi.core.lesson_status": {
      access: "rw",
      check: vocabulary(STATUS_WRITE, "'not attempted' can be read but a SCO cannot set it"),
    },
    "cmi.core.entry": { access: "r" },
    "cmi.core.score.raw": { access: "rw", check: SCORE },
    "cmi.core.score.min": { access: "rw", check: SCORE },
    "cmi.core.score.max": { access: "rw", check: SCORE },
    "cmi.core.total_time": { access: "r" },
    "cmi.core.lesson_mode": { access: "r" },
    "cmi.core.exit": { access: "w", check: vocabulary(EXIT) },
    "cmi.core.session_time": { access: "w", check: timespan },
    "cmi.suspend_data": { access: "rw", check: string(4096) },
    "cmi.launch_data": { access: "r" },
    "cmi.comments": { access: "rw", check: string(4096) },
    "cmi.comments_from_lms": { access: "r" },
    "cmi.objectives.n.id": { access: "rw", check: identifier },
    "cmi.objectives.n.score.raw": { access: "rw", check: SCORE },
    "cmi.objectives.n.score.min": { access: "rw", check: SCORE },
    "cmi.objectives.n.score.max": { access: "rw", check: SCORE },
    "cmi.objectives.n.status": { access: "rw", check: vocabulary(OBJECTIVE_STATUS) },
    "cmi.student_data.mastery_score": { access: "r" },
    "cmi.student_data.max_time_allowed": { access: "r" },
    "cmi.student_data.time_limit_action": { access: "r" },
    "cmi.student_preference.audio": { access: "rw", check: integerIn(-1, 100) },
    "cmi.student_preference.language": { access: "rw", check: string(255) },
    "cmi.student_preference.speed": { access: "rw", check: integerIn(-100, 100) },
    "cmi.student_preference.text": { access: "rw", check: integerIn(-1, 1) },
    "cmi.interactions.n.id": { access: "w", check: identifier },
    "cmi.interactions.n.objectives.n.id": { access: "w", check: identifier },
    "cmi.interactions.n.time": { access: "w", check: timeOfDay },
    "cmi.interactions.n.type": { access: "w", check: vocabulary(INTERACTION_TYPES) },
    "cmi.interactions.n.correct_responses.n.pattern": { access: "w", check: string(255) },
    "cmi.interactions.n.weighting": { access: "w", check: decimalIn(null, null, false) },
    "cmi.interactions.n.student_response": { access: "w", check: string(255) },
    "cmi.interactions.n.result": { access: "w", check: result },
    "cmi.interactions.n.latency": { access: "w", check: timespan },
  };
  const CHILDREN = {
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score": "raw,min,max",
    "cmi.objectives": "id,score,status",
    "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
  };
  const ARRAYS = ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses"];
  const GROUPS = ["cmi", "cmi.core", "cmi.core.score", "cmi.objectives.n", "cmi.objectives.n.score", "cmi.student_data",
    "cmi.student_preference", "cmi.interactions.n"];

  const MODEL = {
    standard: "SCORM 1.2",
    elements: ELEMENTS,
    codes: { unknown: 201, readOnly: 403, writeOnly: 404, beyond: 201, order: 201 },
  };

  function known(pattern) {
    return Object.prototype.hasOwnProperty.call(ELEMENTS, pattern) || GROUPS.indexOf(pattern) >= 0 ||
      ARRAYS.indexOf(pattern) >= 0;
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  function centiseconds(span) {
    const match = TIMESPAN.exec(span || "");
    if (!match) return 0;
    const fraction = match[4] ? Number((match[4].slice(1) + "0").slice(0, 2)) : 0;
    return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 100 + fraction;
  }

  function formatSpan(centis) {
    const capped = Math.min(centis, 9999 * 360000 + 359999);
    return pad(Math.floor(capped / 360000), 4) + ":" + pad(Math.floor((capped % 360000) / 6000), 2) + ":" +
      pad(Math.floor((capped % 6000) / 100), 2) + "." + pad(capped % 100, 2);
  }

  /** A first launch: what an LMS holds for a learner who never opened the course. */
  function newLearner(launch) {
    const values = {
      "cmi.core.student_id": "preview-learner",
      "cmi.core.student_name": "Learner, Preview",
      "cmi.core.lesson_location": "",
      "cmi.core.credit": "credit",
      "cmi.core.lesson_status": "not attempted",
      "cmi.core.entry": "ab-initio",
      "cmi.core.score.raw": "",
      "cmi.core.score.min": "",
      "cmi.core.score.max": "",
      "cmi.core.total_time": "0000:00:00.00",
      "cmi.core.lesson_mode": "normal",
      "cmi.suspend_data": "",
      "cmi.launch_data": (launch && launch.dataFromLms) || "",
      "cmi.comments": "",
      "cmi.comments_from_lms": "",
      "cmi.student_data.mastery_score": (launch && launch.masteryScore) || "",
      "cmi.student_data.max_time_allowed": "",
      "cmi.student_data.time_limit_action": "",
      "cmi.student_preference.audio": "0",
      "cmi.student_preference.language": "",
      "cmi.student_preference.speed": "0",
      "cmi.student_preference.text": "0",
    };
    return { values: values, counts: {}, launches: 0 };
  }

  /** The record a returning learner launches with: entry from the last exit, session time added up. */
  function nextAttempt(record, launch) {
    if (record.launches === 0) return record; // never launched: still a first launch
    const values = Object.assign({}, record.values);
    if (launch) {
      // The manifest may have changed since the last launch (preview rebuilds).
      values["cmi.launch_data"] = launch.dataFromLms || "";
      values["cmi.student_data.mastery_score"] = launch.masteryScore || "";
    }
    const exit = values["cmi.core.exit"];
    values["cmi.core.entry"] = exit === "suspend" ? "resume" : "";
    values["cmi.core.total_time"] = formatSpan(
      centiseconds(values["cmi.core.total_time"]) + centiseconds(values["cmi.core.session_time"])
    );
    delete values["cmi.core.exit"];
    delete values["cmi.core.session_time"];
    return { values: values, counts: Object.assign({}, record.counts), launches: record.launches };
  }

  /** One launch of the SCO against a learner record; hooks.flag(level, message) reports problems. */
  function StrictApi(record, hooks) {
    const values = record.values;
    const counts = record.counts;
    const errors = LMS.cmi.ErrorState(ERROR_STRINGS, hooks);
    const fail = errors.fail;
    const ok = errors.ok;
    const touched = {};
    let scoreFlagged = false;
    /** S12-D7: raw with min and max, by the time the LMS stores them (a commit or the finish). */
    function checkScore(call) {
      if (scoreFlagged || !values["cmi.core.score.raw"]) return;
      if (values["cmi.core.score.min"] === "" || values["cmi.core.score.max"] === "") {
        scoreFlagged = true;
        hooks.flag("warning", call + " with cmi.core.score.raw but no score.min and score.max: report them together");
      }
    }
    function count(arrayPath) {
      return counts[arrayPath] || 0;
    }

    function getValue(name) {
      const keyword = /\.(_children|_count|_version)$/.exec(name);
      if (keyword) {
        const parent = parse(name.slice(0, -keyword[0].length));
        if (keyword[1] === "_version") {
          if (parent.pattern !== "cmi") {
            fail(201, name + ": only cmi._version exists");
            return "";
          }
          ok();
          return "3.4";
        }
        if (keyword[1] === "_children") {
          if (CHILDREN[parent.pattern]) {
            ok();
            return CHILDREN[parent.pattern];
          }
          fail(known(parent.pattern) ? 202 : 201, parent.pattern + " has no _children");
          return "";
        }
        if (ARRAYS.indexOf(parent.pattern) >= 0) {
          ok();
          return String(count(name.slice(0, -keyword[0].length)));
        }
        fail(known(parent.pattern) ? 203 : 201, name.slice(0, -7) + " is not an array");
        return "";
      }
      if (!LMS.cmi.resolve(MODEL, errors, counts, name, false)) return "";
      ok();
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : "";
    }
    function setValue(name, text) {
      if (/\.(_children|_count|_version)$/.test(name)) {
        fail(402, name + " is a keyword and cannot be set");
        return false;
      }
      const found = LMS.cmi.resolve(MODEL, errors, counts, name, true);
      if (!found) return false;
      const parsed = found.parsed;
      const spec = found.spec;
      const why = spec.check ? spec.check(text) : null;
      if (why) {
        fail(405, name + ": " + why);
        return false;
      }
      parsed.arrays.forEach(function (array) {
        if (array[1] === count(array[0])) {
          counts[array[0]] = array[1] + 1;
          const field = name.slice(array[0].length + String(array[1]).length + 2);
          if ((array[2] === "cmi.interactions" || array[2] === "cmi.objectives") && field !== "id") {
            hooks.flag("warning", name + " starts a new record of " + array[0] + " before its id (set id first)");
          }
        }
      });
      if (parsed.pattern === "cmi.interactions.n.student_response" ||
          parsed.pattern === "cmi.interactions.n.correct_responses.n.pattern") {
        const base = parsed.arrays[0][0] + "." + parsed.arrays[0][1];
        const type = values[base + ".type"];
        const format = FEEDBACK_FORMATS[type];
        if (format && !format.test(text)) {
          hooks.flag("warning", name + ": '" + text + "' is not the CMIFeedback format of a " + type + " interaction");
        }
      }
      values[name] = text;
      touched[name] = true;
      ok();
      return true;
    }
    function closed() {
      if (values["cmi.core.lesson_status"] === "not attempted") {
        hooks.flag("warning", "LMSFinish while cmi.core.lesson_status is 'not attempted': Moodle records " +
          "'completed' (set 'incomplete' after the first LMSInitialize)");
      }
      if (!touched["cmi.core.session_time"]) {
        hooks.flag("warning", "LMSFinish without cmi.core.session_time: the LMS cannot add up the time spent");
      }
    }

    return LMS.cmi.Api(errors, record, hooks, {
      calls: CALLS,
      reopen: { running: 101, finished: 101 },
      notRunning: { terminate: [301, 301], commit: [301, 301], get: [301, 301], set: [301, 301] },
      noElement: { get: 201, set: 201 },
      get: getValue,
      set: setValue,
      stored: checkScore,
      closed: closed,
    });
  }

  /** What the debug panel shows of the record (lms-host.js fills its cards with it). */
  function present(view) {
    return {
      values: {
        lesson_status: view.lesson_status,
        entry: view.entry === "" ? '"" (returning)' : view.entry,
        exit: view.exit === "" ? "(not set)" : view.exit,
        score:
          view.score_raw === ""
            ? "(none)"
            : view.score_raw + " (min " + (view.score_min || "?") + ", max " + (view.score_max || "?") + ")",
        mastery_score: view.mastery_score === "" ? "(none)" : view.mastery_score,
        lesson_location: view.lesson_location === "" ? "(empty)" : view.lesson_location,
        session_time: view.session_time || "(not set)",
        total_time: view.total_time,
      },
      suspend: view.suspend_data,
      rows: view.interactions.map((item, index) => [index, item.id, item.type, item.student_response, item.result]),
    };
  }

  /** The record's values the panel shows. */
  function view(record) {
    return {
      lesson_status: record.values["cmi.core.lesson_status"],
      entry: record.values["cmi.core.entry"],
      exit: record.values["cmi.core.exit"] || "",
      score_raw: record.values["cmi.core.score.raw"],
      score_min: record.values["cmi.core.score.min"],
      score_max: record.values["cmi.core.score.max"],
      lesson_location: record.values["cmi.core.lesson_location"],
      suspend_data: record.values["cmi.suspend_data"],
      session_time: record.values["cmi.core.session_time"] || "",
      total_time: record.values["cmi.core.total_time"],
      mastery_score: record.values["cmi.student_data.mastery_score"],
      interactions: LMS.cmi.records(record, "cmi.interactions", ["id", "type", "student_response", "result", "time"]),
    };
  }

  LMS.adapters.scorm12 = Object.assign(
    LMS.cmi.adapter("API", CALLS, StrictApi, { snapshot: (record) => LMS.cmi.nested(record.values, 1), view: view }),
    {
      label: "SCORM 1.2 (strict)",
      panel: {
        record: "Learner record (cmi.core)",
        fields: [["lesson_status", "lesson_status"], ["entry", "entry"], ["exit", "exit"], ["score", "score.raw"],
          ["mastery_score", "mastery_score"], ["lesson_location", "lesson_location"], ["session_time", "session_time"],
          ["total_time", "total_time"]],
        suspend: "suspend_data",
        table: "Interactions",
        columns: ["n", "id", "type", "student_response", "result"],
        calls: "API calls",
      },
      present: present,
      restartable: true,
      suspendLimit: 4096,
      newLearner: newLearner,
      nextAttempt: nextAttempt,
    }
  );
})();
