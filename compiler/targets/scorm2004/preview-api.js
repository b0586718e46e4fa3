/* coursec preview: a strict SCORM 2004 4th edition API (API_1484_11, RTE 3.1 and 4.2) for the LMS emulation page.
 *
 * Registers CoursecLms.adapters.scorm2004. It refuses what the run-time environment forbids with the
 * standard's error code: calls out of the session order (103, 104, 112, 113, 122, 123, 132, 133, 142,
 * 143), unknown elements (401), read-only and write-only elements (404, 405), values of the wrong
 * type (406: vocabularies, real(10,7), ISO 8601 time and timeinterval, characterstring limits such
 * as suspend_data's 64,000 and location's 1,000, the response formats of each interaction type),
 * values out of range (407: score.scaled -1..1, progress_measure 0..1), fields of an interaction or
 * objective set before its id, or responses before the type (408), records written out of order
 * (351) and values never set (403). Like an LMS it evaluates the statuses itself: with a
 * scaled_passing_score and a score.scaled it records success_status from the score, with a
 * completion_threshold and a progress_measure it records completion_status from the measure, and
 * it warns when what the SCO reported disagrees. cmi.exit decides the next launch: "suspend"
 * resumes the attempt (entry "resume"), anything else ends it (a new attempt, entry "ab-initio").
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  const parse = LMS.cmi.parse; // compiler/preview/assets/cmi.js, loaded first

  const CALLS = LMS.cmi.calls("", "Terminate");

  const ERROR_STRINGS = {
    0: "No Error",
    101: "General Exception",
    102: "General Initialization Failure",
    103: "Already Initialized",
    104: "Content Instance Terminated",
    111: "General Termination Failure",
    112: "Termination Before Initialization",
    113: "Termination After Termination",
    122: "Retrieve Data Before Initialization",
    123: "Retrieve Data After Termination",
    132: "Store Data Before Initialization",
    133: "Store Data After Termination",
    142: "Commit Before Initialization",
    143: "Commit After Termination",
    201: "General Argument Error",
    301: "General Get Failure",
    351: "General Set Failure",
    391: "General Commit Failure",
    401: "Undefined Data Model Element",
    402: "Unimplemented Data Model Element",
    403: "Data Model Element Value Not Initialized",
    404: "Data Model Element Is Read Only",
    405: "Data Model Element Is Write Only",
    406: "Data Model Element Type Mismatch",
    407: "Data Model Element Value Out Of Range",
    408: "Data Model Dependency Not Established",
  };

  const COMPLETION = ["completed", "incomplete", "not attempted", "unknown"];
  const SUCCESS = ["passed", "failed", "unknown"];
  const EXIT = ["time-out", "suspend", "logout", "normal", ""];
  const TYPES = ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
    "likert", "numeric", "other"];
  const RESULTS = ["correct", "incorrect", "unanticipated", "neutral"];
  const NAV = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];

  const REAL = /^-?(\d{1,10})(\.\d{1,7})?$/;
  const TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/;
  const INTERVAL = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;
  const LANG = /^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}/;

  /* Each check returns null when the value is allowed, else [code, why]. */
  function chars(max) {
    return (value) => (value.length <= max ? null : [406, "is " + value.length.toLocaleString("en") +
      " characters long; SCORM 2004 keeps at most " + max.toLocaleString("en")]);
  }
  function localized(max) {
    return (value) => chars(max)(value.replace(LANG, ""));
  }
  function vocabulary(words, extra) {
    return (value) => (words.indexOf(value) >= 0 ? null : [406, "'" + value + "' is not one of " +
      words.map((w) => "'" + w + "'").join(", ") + (extra ? " (" + extra + ")" : "")]);
  }
  function real(low, high) {
    return (value) => {
      if (!REAL.test(value)) return [406, "'" + value + "' is not a real(10,7) (a plain number such as 0.8 or -1)"];
      const number = Number(value);
      if ((low !== null && number < low) || (high !== null && number > high)) {
        return [407, value + " is outside " + (low === null ? "" : low) + ".." + (high === null ? "" : high)];
      }
      return null;
    };
  }
  function identifier(max) {
    return (value) => {
      if (value === "") return [406, "an identifier cannot be empty"];
      if (value.length > max) return [406, "is " + value.length + " characters long; at most " + max + " are kept"];
      if (/\s/.test(value)) return [406, "'" + value + "' contains white space (an identifier is a URI)"];
      return null;
    };
  }
  function time(value) {
    const match = TIME.exec(value);
    const parts = match ? value.split(/[-T:.Z+]/).map(Number) : [];
    const limits = [[1970, 2038], [1, 12], [1, 31], [0, 23], [0, 59], [0, 59]];
    const bad = parts.slice(0, 6).some((part, i) => part < limits[i][0] || part > limits[i][1]);
    if (!match || bad) return [406, "'" + value + "' is not an ISO 8601 time such as 2026-03-01T10:15:30.25Z"];
    return null;
  }
  function interval(value) {
    const match = INTERVAL.exec(value);
    if (!match || value === "P" || value.endsWith("T") || !match.slice(1).some((part) => part !== undefined)) {
      return [406, "'" + value + "' is not an ISO 8601 timeinterval such as PT1H5M3.25S (SCORM 1.2's 0000:05:03 is not one)"];
    }
    return null;
  }
  function result(value) {
    if (RESULTS.indexOf(value) >= 0 || REAL.test(value)) return null;
    const hint = value === "wrong" ? "SCORM 2004 says 'incorrect'; 'wrong' is SCORM 1.2" : "or a real";
    return vocabulary(RESULTS, hint)(value);
  }
  function captioning(value) {
    return ["-1", "0", "1"].indexOf(value) >= 0 ? null : [406, "'" + value + "' is not -1, 0 or 1"];
  }
  function navigation(value) {
    if (NAV.indexOf(value) >= 0 || /^\{target=[^\s{}]+\}(choice|jump)$/.test(value)) return null;
    return vocabulary(NAV, "or {target=ID}choice, {target=ID}jump")(value);
  }

  /* The response formats of RTE table 4.2.9.1a by interaction type: null when allowed, else why. */
  const SHORT = /^[^\s[\]]{1,250}$/;
  function list(value) {
    return value === "" ? [] : value.split("[,]");
  }
  function ids(value, what, atLeastOne) {
    const items = list(value);
    if (atLeastOne && items.length === 0) return what + " needs at least one identifier";
    const bad = items.find((item) => !SHORT.test(item));
    if (bad !== undefined) return "'" + bad + "' is not a short identifier (separate them with [,])";
    return new Set(items).size === items.length ? null : "an identifier appears twice";
  }
  const RESPONSES = {
    "true-false": (value) => (value === "true" || value === "false" ? null : "'" + value + "' is not 'true' or 'false'"),
    choice: (value) => ids(value, "a choice", false),
    sequencing: (value) => ids(value, "a sequence", true),
    likert: (value) => (SHORT.test(value) ? null : "'" + value + "' is not one short identifier"),
    matching: (value) => {
      const bad = list(value).find((pair) => !/^[^\s[\]]{1,250}\[\.\][^\s[\]]{1,250}$/.test(pair));
      return bad === undefined ? null : "'" + bad + "' is not a source[.]target pair";
    },
    numeric: (value) => (REAL.test(value) ? null : "'" + value + "' is not a real"),
    "fill-in": (value) => {
      const bad = list(value).find((item) => item.replace(LANG, "").length > 250);
      return bad === undefined ? null : "a fill-in string is longer than 250 characters";
    },
    "long-fill-in": (value) => (value.replace(LANG, "").length <= 4000 ? null : "longer than 4,000 characters"),
  };
  const PATTERNS = Object.assign({}, RESPONSES, {
    numeric: (value) => {
      const parts = value.split("[:]");
      const ok = parts.length === 2 && parts.every((part) => part === "" || REAL.test(part));
      return ok || REAL.test(value) ? null : "'" + value + "' is not min[:]max";
    },
    "fill-in": (value) => RESPONSES["fill-in"](value.replace(/^(\{(case|order)_matters=(true|false)\})+/, "")),
  });

  const SCORE = {
    scaled: { access: "rw", check: real(-1, 1) },
    raw: { access: "rw", check: real(null, null) },
    min: { access: "rw", check: real(null, null) },
    max: { access: "rw", check: real(null, null) },
  };
  /* The data model: access, the check of writes, by element with n for indexes; `needs` is the
   * field that must be set first in the same record (408). */
  const ELEMENTS = {
    "cmi._version": { access: "r" },
    "cmi.comments_from_learner.n.comment": { access: "rw", check: localized(4000) },
    "cmi.comments_from_learner.n.location": { access: "rw", check: chars(250) },
    "cmi.comments_from_learner.n.timestamp": { access: "rw", check: time },
    "cmi.comments_from_lms.n.comment": { access: "r" },
    "cmi.comments_from_lms.n.location": { access: "r" },
    "cmi.comments_from_lms.n.timestamp": { access: "r" },
    "cmi.completion_status": { access: "rw", check: vocabulary(COMPLETION) },
    "cmi.completion_threshold": { access: "r" },
    "cmi.credit": { access: "r" },
    "cmi.entry": { access: "r" },
    "cmi.exit": { access: "w", check: vocabulary(EXIT, "'normal' ends the attempt, 'suspend' keeps it for a resume") },
    "cmi.launch_data": { access: "r" },
    "cmi.learner_id": { access: "r" },
    "cmi.learner_name": { access: "r" },
    "cmi.learner_preference.audio_level": { access: "rw", check: real(0, null) },
    "cmi.learner_preference.language": { access: "rw", check: chars(250) },
    "cmi.learner_preference.delivery_speed": { access: "rw", check: real(0, null) },
    "cmi.learner_preference.audio_captioning": { access: "rw", check: captioning },
    "cmi.location": { access: "rw", check: chars(1000) },
    "cmi.max_time_allowed": { access: "r" },
    "cmi.mode": { access: "r" },
    "cmi.progress_measure": { access: "rw", check: real(0, 1) },
    "cmi.scaled_passing_score": { access: "r" },
    "cmi.session_time": { access: "w", check: interval },
    "cmi.success_status": { access: "rw", check: vocabulary(SUCCESS) },
    "cmi.suspend_data": { access: "rw", check: chars(64000) },
    "cmi.time_limit_action": { access: "r" },
    "cmi.total_time": { access: "r" },
    "cmi.objectives.n.id": { access: "rw", check: identifier(4000) },
    "cmi.objectives.n.success_status": { access: "rw", check: vocabulary(SUCCESS), needs: "id" },
    "cmi.objectives.n.completion_status": { access: "rw", check: vocabulary(COMPLETION), needs: "id" },
    "cmi.objectives.n.progress_measure": { access: "rw", check: real(0, 1), needs: "id" },
    "cmi.objectives.n.description": { access: "rw", check: localized(250), needs: "id" },
    "cmi.interactions.n.id": { access: "rw", check: identifier(4000) },
    "cmi.interactions.n.type": { access: "rw", check: vocabulary(TYPES), needs: "id" },
    "cmi.interactions.n.objectives.n.id": { access: "rw", check: identifier(4000), needs: "id" },
    "cmi.interactions.n.timestamp": { access: "rw", check: time, needs: "id" },
    "cmi.interactions.n.correct_responses.n.pattern": { access: "rw", needs: "type" },
    "cmi.interactions.n.weighting": { access: "rw", check: real(null, null), needs: "id" },
    "cmi.interactions.n.learner_response": { access: "rw", needs: "type" },
    "cmi.interactions.n.result": { access: "rw", check: result, needs: "id" },
    "cmi.interactions.n.latency": { access: "rw", check: interval, needs: "id" },
    "cmi.interactions.n.description": { access: "rw", check: localized(250), needs: "id" },
    "adl.nav.request": { access: "rw", check: navigation },
    "adl.nav.request_valid.continue": { access: "r" },
    "adl.nav.request_valid.previous": { access: "r" },
  };
  ["cmi.score.", "cmi.objectives.n.score."].forEach((prefix) => {
    Object.keys(SCORE).forEach((name) => {
      ELEMENTS[prefix + name] = Object.assign({}, SCORE[name], prefix === "cmi.score." ? {} : { needs: "id" });
    });
  });
  const CHILDREN = {
    "cmi.comments_from_learner": "comment,location,timestamp",
    "cmi.comments_from_lms": "comment,location,timestamp",
    "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
    "cmi.interactions.n.objectives": "id",
    "cmi.interactions.n.correct_responses": "pattern",
    "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
    "cmi.objectives.n.score": "scaled,raw,min,max",
    "cmi.score": "scaled,raw,min,max",
  };
  const ARRAYS = ["cmi.comments_from_learner", "cmi.comments_from_lms", "cmi.interactions", "cmi.objectives",
    "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses"];
  const MODEL = {
    standard: "SCORM 2004",
    elements: ELEMENTS,
    codes: { unknown: 401, readOnly: 404, writeOnly: 405, beyond: 301, order: 351 },
    hint: (name) => (name.indexOf("cmi.core.") === 0 || name.indexOf("cmi.student_") === 0
      ? " (that is SCORM 1.2: use cmi.completion_status, cmi.success_status, cmi.location, cmi.score.*)" : ""),
  };

  function seconds(span) {
    const match = INTERVAL.exec(span || "");
    if (!match) return 0;
    const [years, months, days, hours, minutes, secs] = match.slice(1).map((part) => Number(part || 0));
    return ((((years * 365 + months * 30 + days) * 24 + hours) * 60 + minutes) * 60) + secs;
  }

  function formatInterval(total) {
    const centis = Math.round(total * 100);
    const hours = Math.floor(centis / 360000);
    const minutes = Math.floor((centis % 360000) / 6000);
    const secs = ((centis % 6000) / 100).toFixed(2).replace(/\.?0+$/, "");
    return "PT" + hours + "H" + minutes + "M" + secs + "S";
  }

  function fresh(launch, attempt, preferences) {
    const values = Object.assign({
      "cmi.learner_id": "preview-learner",
      "cmi.learner_name": "Learner, Preview",
      "cmi.credit": "credit",
      "cmi.mode": "normal",
      "cmi.entry": "ab-initio",
      "cmi.completion_status": "unknown",
      "cmi.success_status": "unknown",
      "cmi.total_time": "PT0H0M0S",
      "cmi.time_limit_action": "continue,no message",
      "cmi.learner_preference.audio_level": "1",
      "cmi.learner_preference.language": "",
      "cmi.learner_preference.delivery_speed": "1",
      "cmi.learner_preference.audio_captioning": "0",
      "adl.nav.request": "_none_",
      "adl.nav.request_valid.continue": "unknown",
      "adl.nav.request_valid.previous": "unknown",
    }, preferences || {});
    applyLaunch(values, launch);
    return { values: values, counts: {}, launches: 0, attempt: attempt, set: {} };
  }

  /** What the manifest hands the SCO (a rebuild may change it between launches). */
  function applyLaunch(values, launch) {
    [["cmi.scaled_passing_score", "scaledPassingScore"], ["cmi.completion_threshold", "completionThreshold"],
      ["cmi.launch_data", "dataFromLms"]].forEach(([element, key]) => {
      if (launch && launch[key]) values[element] = String(launch[key]);
      else delete values[element];
    });
  }

  function newLearner(launch) {
    return fresh(launch, 1, null);
  }

  /** The record a returning learner launches with: the same attempt after "suspend", else a new one. */
  function nextAttempt(record, launch) {
    if (record.launches === 0) {
      applyLaunch(record.values, launch);
      return record;
    }
    const exit = record.values["cmi.exit"] || "";
    if (exit !== "suspend") {
      const preferences = {};
      Object.keys(record.values).filter((name) => name.indexOf("cmi.learner_preference.") === 0)
        .forEach((name) => { preferences[name] = record.values[name]; });
      const next = fresh(launch, record.attempt + 1, preferences);
      next.launches = record.launches;
      next.ended = { exit: exit, success: evaluated(record).success, completion: evaluated(record).completion };
      return next;
    }
    const values = Object.assign({}, record.values);
    applyLaunch(values, launch);
    values["cmi.entry"] = "resume";
    values["cmi.total_time"] = formatInterval(seconds(values["cmi.total_time"]) + seconds(values["cmi.session_time"]));
    delete values["cmi.exit"];
    delete values["cmi.session_time"];
    values["adl.nav.request"] = "_none_";
    return { values: values, counts: Object.assign({}, record.counts), launches: record.launches,
      attempt: record.attempt, set: Object.assign({}, record.set) };
  }

  /** The statuses the LMS records: evaluated from score and measure where the manifest says how (RTE 4.2.4, 4.2.22). */
  function evaluated(record) {
    const v = record.values;
    let success = v["cmi.success_status"];
    if (v["cmi.scaled_passing_score"] !== undefined && v["cmi.score.scaled"] !== undefined) {
      success = Number(v["cmi.score.scaled"]) >= Number(v["cmi.scaled_passing_score"]) ? "passed" : "failed";
    } else if (v["cmi.scaled_passing_score"] !== undefined && record.set["cmi.success_status"]) {
      success = "unknown"; // a passing score and no score: the SCO's status does not count
    }
    let completion = v["cmi.completion_status"];
    if (v["cmi.completion_threshold"] !== undefined && v["cmi.progress_measure"] !== undefined) {
      completion = Number(v["cmi.progress_measure"]) >= Number(v["cmi.completion_threshold"]) ? "completed" : "incomplete";
    } else if (v["cmi.completion_threshold"] !== undefined && record.set["cmi.completion_status"]) {
      completion = "unknown";
    }
    return { success: success, completion: completion };
  }

  /** One launch of the SCO against a learner record. */
  function StrictApi(record, hooks) {
    const values = record.values;
    const counts = record.counts;
    const errors = LMS.cmi.ErrorState(ERROR_STRINGS, hooks);
    const fail = errors.fail;
    const ok = errors.ok;
    let sessionTimeSet = false;
    const warned = {};

    function warnOnce(key, message) {
      if (warned[key]) return;
      warned[key] = true;
      hooks.flag("warning", message);
    }
    function count(arrayPath) {
      return counts[arrayPath] || 0;
    }
    /** S04: what the LMS will store, checked when it stores it (Commit and Terminate). */
    function checkStored(call) {
      const v = values;
      if (v["cmi.score.raw"] !== undefined && v["cmi.score.scaled"] === undefined) {
        warnOnce("scaled", call + " with cmi.score.raw but no cmi.score.scaled: SCORM 2004 LMSs judge and report the scaled score");
      }
      const lms = evaluated(record);
      if (record.set["cmi.success_status"] && lms.success !== v["cmi.success_status"]) {
        warnOnce("success" + lms.success, "the SCO reports success_status '" + v["cmi.success_status"] + "' but the LMS records '" +
          lms.success + "' (score.scaled " + (v["cmi.score.scaled"] || "not set") + " against scaled_passing_score " +
          v["cmi.scaled_passing_score"] + ")");
      }
      if (record.set["cmi.completion_status"] && lms.completion !== v["cmi.completion_status"]) {
        warnOnce("completion" + lms.completion, "the SCO reports completion_status '" + v["cmi.completion_status"] +
          "' but the LMS records '" + lms.completion + "' (progress_measure " + (v["cmi.progress_measure"] || "not set") +
          " against completion_threshold " + v["cmi.completion_threshold"] + ")");
      }
    }

    function getValue(name) {
      const keyword = /\.(_children|_count|_version)$/.exec(name);
      if (keyword) {
        const parentPath = name.slice(0, -keyword[0].length);
        const parent = parse(parentPath);
        if (keyword[1] === "_version") {
          if (parent.pattern === "cmi") return "1.0";
          fail(401, name + ": only cmi._version exists");
          return "";
        }
        if (keyword[1] === "_children") {
          if (CHILDREN[parent.pattern]) return CHILDREN[parent.pattern];
          fail(ELEMENTS[parent.pattern] ? 301 : 401, parent.pattern + " has no _children");
          return "";
        }
        if (ARRAYS.indexOf(parent.pattern) >= 0) return String(count(parentPath));
        fail(ELEMENTS[parent.pattern] || CHILDREN[parent.pattern] ? 301 : 401, parentPath + " is not an array: it has no _count");
        return "";
      }
      if (!LMS.cmi.resolve(MODEL, errors, counts, name, false)) return "";
      if (!Object.prototype.hasOwnProperty.call(values, name)) {
        // Not a fault of the SCO: asking is how it learns a value was never set (or the manifest gives none).
        fail(403, name + " has no value yet", true);
        return "";
      }
      return values[name];
    }

    function setValue(name, text) {
      if (/\.(_children|_count|_version)$/.test(name)) return fail(404, name + " is a keyword and cannot be set");
      const found = LMS.cmi.resolve(MODEL, errors, counts, name, true);
      if (!found) return Number(errors.last());
      const parsed = found.parsed;
      const spec = found.spec;
      const record0 = parsed.arrays.length ? parsed.arrays[0][0] + "." + parsed.arrays[0][1] : null;
      if (spec.needs && record0) {
        const needed = record0 + "." + spec.needs;
        if (!Object.prototype.hasOwnProperty.call(values, needed)) {
          return fail(408, name + " before " + needed + " (set the " + spec.needs + " of the record first)");
        }
      }
      let why = spec.check ? spec.check(text) : null;
      if (!why && (parsed.pattern === "cmi.interactions.n.learner_response" ||
          parsed.pattern === "cmi.interactions.n.correct_responses.n.pattern")) {
        const type = values[record0 + ".type"];
        const formats = parsed.pattern === "cmi.interactions.n.learner_response" ? RESPONSES : PATTERNS;
        const problem = formats[type] ? formats[type](text) : text.length > 4000 ? "longer than 4,000 characters" : null;
        if (problem) why = [406, problem + " (the format of a " + type + " interaction)"];
      }
      if (why) return fail(why[0], name + ": " + why[1]);
      if (/^cmi\.(objectives\.\d+|interactions\.\d+\.objectives\.\d+)\.id$/.test(name)) {
        const siblings = name.replace(/\.\d+\.id$/, "");
        const index = Number(/\.(\d+)\.id$/.exec(name)[1]);
        for (let i = 0; i < count(siblings); i += 1) {
          if (i !== index && values[siblings + "." + i + ".id"] === text) {
            return fail(351, name + ": '" + text + "' is already the id of " + siblings + "." + i);
          }
        }
        if (values[name] !== undefined && values[name] !== text && parsed.pattern === "cmi.objectives.n.id") {
          return fail(351, name + " is '" + values[name] + "': an objective's id cannot change");
        }
      }
      parsed.arrays.forEach((array) => {
        if (array[1] === count(array[0])) counts[array[0]] = array[1] + 1;
      });
      if (parsed.pattern === "cmi.interactions.n.id" && values[name] !== undefined && values[name] !== text) {
        warnOnce("reuse" + name, name + " changes the id of a stored interaction: write a new record (n = _count)");
      }
      values[name] = text;
      record.set[name] = true;
      if (name === "cmi.session_time") sessionTimeSet = true;
      ok();
      return 0;
    }

    function closed() {
      const lms = evaluated(record);
      if (lms.completion === "unknown" || lms.completion === "not attempted") {
        hooks.flag("warning", "Terminate while completion_status is '" + lms.completion + "': the LMS shows the attempt as not attempted");
      }
      if (!sessionTimeSet) {
        hooks.flag("warning", "Terminate without cmi.session_time: the LMS cannot add up the time spent");
      }
      if (values["cmi.exit"] === undefined) {
        hooks.flag("warning", "Terminate without cmi.exit: most LMSs end the attempt, so the learner cannot resume");
      }
    }

    return LMS.cmi.Api(errors, record, hooks, {
      calls: CALLS,
      reopen: { running: 103, finished: 104 },
      notRunning: { terminate: [112, 113], commit: [142, 143], get: [122, 123], set: [132, 133] },
      noElement: { get: 301, set: 351 },
      get: getValue,
      set: (name, text) => setValue(name, text) === 0,
      stored: checkStored,
      closed: closed,
    });
  }

  /** The record in nested form, as an LMS stores the attempt, with the statuses the LMS records. */
  function nested(record) {
    const out = LMS.cmi.nested(record.values, 0);
    const lms = evaluated(record);
    out.lms = { success_status: lms.success, completion_status: lms.completion, attempt: record.attempt };
    return out;
  }

  function view(record) {
    const v = record.values;
    const lms = evaluated(record);
    return {
      attempt: record.attempt,
      ended: record.ended || null,
      completion_status: v["cmi.completion_status"],
      success_status: v["cmi.success_status"],
      lms_completion: lms.completion,
      lms_success: lms.success,
      score_scaled: v["cmi.score.scaled"],
      score_raw: v["cmi.score.raw"],
      score_min: v["cmi.score.min"],
      score_max: v["cmi.score.max"],
      scaled_passing_score: v["cmi.scaled_passing_score"],
      progress_measure: v["cmi.progress_measure"],
      completion_threshold: v["cmi.completion_threshold"],
      entry: v["cmi.entry"],
      exit: v["cmi.exit"],
      location: v["cmi.location"],
      suspend_data: v["cmi.suspend_data"] || "",
      session_time: v["cmi.session_time"],
      total_time: v["cmi.total_time"],
      nav_request: v["adl.nav.request"],
      interactions: LMS.cmi.records(record, "cmi.interactions", ["id", "type", "learner_response", "result", "timestamp"]),
    };
  }

  function either(value, empty) {
    return value === undefined ? empty : value;
  }

  function status(reported, recorded) {
    return recorded === reported ? recorded : recorded + " (the SCO said " + reported + ")";
  }

  /** What the debug panel shows of the record (lms-host.js fills its cards with it). */
  function present(shown) {
    const score = shown.score_scaled === undefined && shown.score_raw === undefined
      ? "(none)"
      : either(shown.score_scaled, "(not set)") + (shown.score_raw === undefined ? "" : " (raw " + shown.score_raw +
        ", min " + either(shown.score_min, "?") + ", max " + either(shown.score_max, "?") + ")");
    return {
      values: {
        attempt: String(shown.attempt) + (shown.ended ? " (the last one ended with exit '" + shown.ended.exit + "': " +
          shown.ended.completion + ", " + shown.ended.success + ")" : ""),
        completion_status: status(shown.completion_status, shown.lms_completion),
        success_status: status(shown.success_status, shown.lms_success),
        score_scaled: score,
        scaled_passing_score: either(shown.scaled_passing_score, "(none)"),
        progress_measure: either(shown.progress_measure, "(not set)") +
          (shown.completion_threshold === undefined ? "" : " (threshold " + shown.completion_threshold + ")"),
        entry: shown.entry === "" ? '"" (returning)' : shown.entry,
        exit: either(shown.exit, "(not set)") || '""',
        location: either(shown.location, "(not set)"),
        session_time: either(shown.session_time, "(not set)"),
        total_time: shown.total_time,
        nav_request: shown.nav_request,
      },
      suspend: shown.suspend_data,
      rows: shown.interactions.map((item, index) => [index, item.id, item.type, item.learner_response, item.result]),
    };
  }

  LMS.adapters.scorm2004 = Object.assign(
    LMS.cmi.adapter("API_1484_11", CALLS, StrictApi, { snapshot: nested, view: view }),
    {
      label: "SCORM 2004 4th edition (strict)",
      panel: {
        record: "Learner record (cmi)",
        fields: [["attempt", "attempt"], ["completion_status", "completion_status"], ["success_status", "success_status"],
          ["score_scaled", "score.scaled"], ["scaled_passing_score", "scaled_passing_score"],
          ["progress_measure", "progress_measure"], ["entry", "entry"], ["exit", "exit"], ["location", "location"],
          ["session_time", "session_time"], ["total_time", "total_time"], ["nav_request", "adl.nav.request"]],
        suspend: "suspend_data",
        table: "Interactions",
        columns: ["n", "id", "type", "learner_response", "result"],
        calls: "API calls",
      },
      present: present,
      suspendLimit: 64000,
      newLearner: newLearner,
      nextAttempt: nextAttempt,
    }
  );
})();
