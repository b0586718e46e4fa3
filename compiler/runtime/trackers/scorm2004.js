/* coursec tracker adapter: SCORM 2004 4th Edition (API_1484_11, split status, typed interactions; see tracker.js).
 * Durations, timestamps and interaction formats come from trackers/formats.js (shared with cmi5). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

    const LOCATION_MAX = 1000; // S04-D3: cmi.location SPM
  const TEXT_MAX = 250; // S04-I2: a description

  const F = C.formats;

  /** A real as SCORM writes it: no exponent, at most 7 significant decimals. */
  function real(value) {
    return String(Math.round(value * 10000000) / 10000000);
  }

  class Scorm2004Tracker {
    constructor(api, data) {
      this.mode = "lms";
      this.data = data;
      this.lms = new C.scorm.Connection(api, {
        get: "GetValue",
        set: "SetValue",
        commit: "Commit",
        lastError: "GetLastError",
      });
      this.started = Date.now();
      this.committer = new C.tracker.Committer(() => this.lms.call("Commit", ""));
    }

    set(element, value, always) {
      if (this.lms.set(element, value, always)) this.committer.dirty = true;
    }

    resume() {
      const review = this.lms.get("cmi.mode") === "review";
      const success = this.lms.get("cmi.success_status");
      const completion = this.lms.get("cmi.completion_status");
      let status = "";
      if (success === "passed" || success === "failed") status = success;
      else if (completion === "completed" || completion === "incomplete") status = completion;
      // S04-D6: a new attempt (ab-initio) starts fresh, whatever the LMS kept.
      if (this.lms.get("cmi.entry") === "ab-initio") return { location: "", suspendData: "", status: status, review: review };
      return {
        location: this.lms.get("cmi.location"),
        suspendData: this.lms.get("cmi.suspend_data"),
        status: status,
        review: review,
      };
    }

    report(snapshot) {
      // An empty characterstring is a type mismatch (406) in strict LMSs: no location until there is one.
      if (snapshot.location) this.set("cmi.location", snapshot.location.slice(0, LOCATION_MAX));
      this.set("cmi.suspend_data", snapshot.suspendData);
      if (snapshot.status === null) return;
      const done = snapshot.status !== "incomplete";
      // S04-D1: both statuses, always.
      this.set("cmi.completion_status", done ? "completed" : "incomplete");
      this.set(
        "cmi.success_status",
        snapshot.status === "passed" || snapshot.status === "failed" ? snapshot.status : "unknown"
      );
      this.set("cmi.progress_measure", real(done ? 1 : snapshot.progress));
      // The score only once the result is final; score.scaled is what the LMS compares with the
      // scaled passing score of the manifest (S04-D1, S04-D2).
      if (snapshot.final) {
        this.set("cmi.score.scaled", real(snapshot.score / 100));
        this.set("cmi.score.raw", String(snapshot.score));
        this.set("cmi.score.min", "0");
        this.set("cmi.score.max", "100");
      }
      // S04-D5, S04-D6: suspend while unfinished, so the next launch resumes.
      this.set("cmi.exit", done ? "normal" : "suspend");
    }

    /** One cmi.interactions.n record per graded answer (S04-I1, S04-I2): id first, type before responses. */
    answered(records) {
      let n = parseInt(this.lms.get("cmi.interactions._count"), 10);
      if (!(n >= 0)) n = 0;
      const time = F.timestamp(new Date());
      const language = this.data.lang || "en";
      records.forEach((record) => {
        const formats = F.response(record.question, record.answer, language);
        const base = "cmi.interactions." + n + ".";
        const id = "urn:x-coursec:" + encodeURIComponent(this.data.course) + ":" + encodeURIComponent(record.id);
        this.set(base + "id", id + ":attempt-" + record.attempt, true);
        this.set(base + "type", formats.type, true);
        this.set(base + "timestamp", time, true);
        this.set(base + "weighting", "1", true);
        if (record.question.d) this.set(base + "description", record.question.d.slice(0, TEXT_MAX), true);
        formats.patterns.forEach((pattern, index) => {
          this.set(base + "correct_responses." + index + ".pattern", pattern, true);
        });
        this.set(base + "learner_response", formats.response, true);
        this.set(base + "result", record.correct === null ? "neutral" : record.correct ? "correct" : "incorrect", true);
        n += 1;
      });
    }

    commitSoon() {
      this.committer.soon();
    }

    flush() {
      this.committer.now();
    }

    /** Session time, a final commit and Terminate, exactly once. */
    finish() {
      if (this.lms.closed) return;
      this.set("cmi.session_time", F.duration(Date.now() - this.started));
      this.committer.close();
      this.lms.closed = true;
      this.lms.call("Terminate", "");
    }
  }

  /** The SCORM 2004 tracker, or null without an API_1484_11 or when Initialize fails (S04-A1). */
  function connect(data) {
    const api = C.scorm.findApi(window, "API_1484_11", "Initialize");
    if (!api) return null;
    const tracker = new Scorm2004Tracker(api, data);
    const ok = tracker.lms.call("Initialize", "");
    return ok === "true" || ok === true ? tracker : null;
  }

  C.trackers.scorm2004 = { connect: connect };
})();
