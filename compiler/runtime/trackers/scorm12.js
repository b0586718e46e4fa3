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

  /** CMIFeedback for fill-in: one line, at most 255 characters. */
  function cmiText(text) {
    return String(text).replace(/\s+/g, " ").trim().slice(0, 255);
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

  class Scorm12Tracker {
    constructor(api) {
      this.mode = "lms";
      this.lms = new C.scorm.Connection(api, {
        get: "LMSGetValue",
        set: "LMSSetValue",
        commit: "LMSCommit",
        lastError: "LMSGetLastError",
      });
      this.started = Date.now();
      this.committer = new C.tracker.Committer(() => this.lms.call("LMSCommit", ""));
    }

    set(element, value, always) {
      if (this.lms.set(element, value, always)) this.committer.dirty = true;
    }

    resume() {
      const status = this.lms.get("cmi.core.lesson_status");
      return {
        location: this.lms.get("cmi.core.lesson_location"),
        suspendData: this.lms.get("cmi.suspend_data"),
        status: STATUSES.includes(status) ? status : "",
        review: this.lms.get("cmi.core.lesson_mode") === "review",
      };
    }

    report(snapshot) {
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

    /** One cmi.interactions.n record per graded answer (S12-I1..I3); write-only, appended. */
    answered(records) {
      let n = parseInt(this.lms.get("cmi.interactions._count"), 10);
      if (!(n >= 0)) n = 0;
      const time = timeOfDay(new Date());
      records.forEach((record) => {
        const formats = response(record.question, record.answer);
        const base = "cmi.interactions." + n + ".";
        this.set(base + "id", (record.id + "_" + record.attempt).replace(/[^A-Za-z0-9_-]/g, "_"), true);
        this.set(base + "type", formats.type, true);
        this.set(base + "time", time, true);
        this.set(base + "weighting", "1", true);
        this.set(base + "student_response", formats.response, true);
        if (formats.pattern) this.set(base + "correct_responses.0.pattern", formats.pattern, true);
        this.set(base + "result", record.correct === null ? "neutral" : record.correct ? "correct" : "wrong", true);
        n += 1;
      });
    }

    commitSoon() {
      this.committer.soon();
    }

    flush() {
      this.committer.now();
    }

    /** Session time, a final commit and LMSFinish, exactly once. */
    finish() {
      if (this.lms.closed) return;
      this.set("cmi.core.session_time", timespan(Date.now() - this.started));
      this.committer.close();
      this.lms.closed = true;
      this.lms.call("LMSFinish", "");
    }
  }

  /** The SCORM 1.2 tracker, or null without an API or when LMSInitialize fails. */
  function connect() {
    const api = C.scorm.findApi(window, "API", "LMSInitialize");
    if (!api) return null;
    const tracker = new Scorm12Tracker(api);
    const ok = tracker.lms.call("LMSInitialize", "");
    return ok === "true" || ok === true ? tracker : null;
  }

  C.trackers.scorm12 = { connect: connect, timespan: timespan, timeOfDay: timeOfDay, response: response };
})();
