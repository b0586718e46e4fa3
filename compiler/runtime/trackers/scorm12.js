/* coursec tracker adapter: SCORM 1.2 (API discovery, cmi.core.*, interactions; see tracker.js). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};
  const pad = C.scorm.pad;

  const FINAL = ["passed", "completed", "failed"];
  const STATUSES = ["passed", "failed", "completed", "incomplete"];
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";

  /** CMITimespan HHHH:MM:SS.SS (hours 2-4 digits), capped at 9999 hours. */
  function timespan(milliseconds) {
    const centis = Math.min(Math.max(0, Math.round(milliseconds / 10)), 9999 * 360000 + 359999);
    const hours = Math.floor(centis / 360000);
    const minutes = Math.floor((centis % 360000) / 6000);
    const seconds = Math.floor((centis % 6000) / 100);
    return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(centis % 100, 2);
  }

  /** CMITime: the time of day HH:MM:SS. */
  function timeOfDay(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function letters(indices) {
    return indices.map((n) => LETTERS[n]).join(",");
  }

  /**
   * CMIFeedback for fill-in: the text as the learner typed it, on one line (a line break becomes a
   * space), at most 255 characters; a fill-in holds at most 200 (max_length), so none is cut.
   */
  function cmiText(text) {
    return String(text).replace(/[\n\r\u2028\u2029]/g, " ").slice(0, 255);
  }

  /** The SCORM 1.2 interaction type, student_response and correct pattern (S12-I3, CMIFeedback). */
  function response(question, answer) {
    switch (question.t) {
      case "single":
        return { type: "choice", response: LETTERS[answer], pattern: LETTERS[question.c] };
      case "multiple":
        return {
          type: "choice",
          response: letters(answer.slice().sort((a, b) => a - b)),
          pattern: letters(question.c),
        };
      case "true-false":
        return { type: "true-false", response: answer ? "t" : "f", pattern: question.c ? "t" : "f" };
      case "fill-in":
        return { type: "fill-in", response: cmiText(answer), pattern: cmiText(question.acc[0]) };
      case "matching": {
        const pairs = (list) =>
          list
            .map((right, left) => (right === null ? "" : LETTERS[left] + "." + (right + 1)))
            .filter(Boolean)
            .join(",");
        const key = [];
        for (let i = 0; i < question.n; i += 1) key.push(i);
        return { type: "matching", response: pairs(answer), pattern: pairs(key) };
      }
      case "path":
        // SCORM 1.2 has no `other`; `performance` takes free text (CMIFeedback, 255) and keeps node ids.
        return { type: "performance", response: cmiText(answer.map((step) => step.replace("[.]", ".")).join(",")), pattern: "" };
      case "sequencing": {
        const key = [];
        for (let i = 0; i < question.n; i += 1) key.push(i);
        return { type: "sequencing", response: letters(answer), pattern: letters(key) };
      }
      default:
        return null;
    }
  }

  /* SCORM 1.2 error codes a retry may cure (RTE 3.3.2.1): 101 General Exception (the LMS failed)
   * and 301 Not initialized, which after a successful LMSInitialize means the LMS lost the session.
   * The others (201-203 arguments, 401-405 data model) fail the same way every time. */
  const STANDARD = {
    names: {
      initialize: "LMSInitialize",
      terminate: "LMSFinish",
      get: "LMSGetValue",
      set: "LMSSetValue",
      commit: "LMSCommit",
      lastError: "LMSGetLastError",
    },
    transient: ["101", "301"],
    alreadyInitialized: null,
    alreadyTerminated: null,
    initializedProbe: "cmi.core.lesson_status",
  };

  /** What a launch reads before the learner sees anything (the interaction count once, see answered). */
  const LAUNCH_READS = [
    "cmi.core.lesson_mode",
    "cmi.core.lesson_status",
    "cmi.core.lesson_location",
    "cmi.suspend_data",
    "cmi.interactions._count",
  ];

  class Scorm12Tracker extends C.scorm.Tracker {
    constructor(api) {
      super(api, STANDARD, null);
    }

    resume() {
      // Unreadable: start afresh on screen, and write nothing that would replace the stored state.
      if (this.readOnly) return { location: "", suspendData: "", status: "", review: false };
      const values = this.launch;
      const status = values["cmi.core.lesson_status"];
      return {
        location: values["cmi.core.lesson_location"],
        suspendData: values["cmi.suspend_data"],
        status: STATUSES.includes(status) ? status : "",
        review: values["cmi.core.lesson_mode"] === "review",
      };
    }

    report(snapshot) {
      if (this.readOnly) {
        // Only what keeps the stored attempt resumable (S12-D5).
        this.set("cmi.core.exit", "suspend");
        return;
      }
      this.set("cmi.core.lesson_location", snapshot.location.slice(0, 255));
      this.set("cmi.suspend_data", snapshot.suspendData);
      if (snapshot.status === null) return;
      this.set("cmi.core.lesson_status", snapshot.status);
      // S12-D3: the raw score only once the quiz result is final, so an LMS that recomputes
      // the status from raw vs mastery score reaches the same verdict.
      if (snapshot.final) {
        this.set("cmi.core.score.raw", String(snapshot.score));
        this.set("cmi.core.score.min", "0");
        this.set("cmi.core.score.max", "100");
      }
      this.set("cmi.core.exit", FINAL.includes(snapshot.status) ? "" : "suspend");
    }

    /** One cmi.interactions.n record per graded answer (S12-I1..I3); write-only, appended. The index
     * counts on from the launch's _count, never from a read now: a record waiting for a retry keeps
     * its index, so a recovered LMS gets each record once. */
    answered(records) {
      if (this.readOnly) return;
      const time = timeOfDay(new Date());
      records.forEach((record) => {
        const formats = response(record.question, record.answer);
        const base = "cmi.interactions." + this.interactions + ".";
        this.set(base + "id", (record.id + "_" + record.attempt).replace(/[^A-Za-z0-9_-]/g, "_"));
        this.set(base + "type", formats.type);
        this.set(base + "time", time);
        this.set(base + "weighting", String(record.question.p || 1)); // the question's points (docs/course-format.md)
        this.set(base + "student_response", formats.response);
        if (formats.pattern) this.set(base + "correct_responses.0.pattern", formats.pattern);
        this.set(base + "result", record.correct === null ? "neutral" : record.correct ? "correct" : "wrong");
        this.interactions += 1;
      });
    }

    /** Session time, a final commit and LMSFinish, once; a promise of true when the LMS took it all. */
    finish() {
      if (this.finishing) return this.finishing;
      if (this.readOnly) {
        // S12-D1: an LMS turns "not attempted" into "completed" on LMSFinish. If the status reads now
        // and is still untouched, this session is the attempt's first: say it is unfinished.
        const status = this.lms.read("cmi.core.lesson_status");
        if (status.ok && (status.value === "not attempted" || status.value === "")) {
          this.set("cmi.core.lesson_status", "incomplete");
        }
      }
      return this.close("cmi.core.session_time", timespan(Date.now() - this.started));
    }
  }

  /** The SCORM 1.2 tracker, or null without an API or when the LMS refuses to start a session. */
  function connect() {
    const api = C.scorm.findApi(window, "API", "LMSInitialize");
    if (!api) return null;
    return C.scorm.start(new Scorm12Tracker(api), LAUNCH_READS);
  }

  C.trackers.scorm12 = { connect: connect, timespan: timespan, timeOfDay: timeOfDay, response: response, standard: STANDARD };
})();
