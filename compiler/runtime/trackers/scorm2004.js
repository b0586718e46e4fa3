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

  /* SCORM 2004 error codes a retry may cure (RTE 3.1.7.6): 101 General Exception, 102 General
   * Initialization Failure, 111 General Termination Failure, 301 General Get Failure, 351 General
   * Set Failure and 391 General Commit Failure: the LMS failed, not the call. The others (103, 104,
   * 112, 113, 122, 123, 132, 133, 142, 143 call order, 201 arguments, 401-408 data model) fail the
   * same way every time; 403 on a GetValue means the LMS has no value yet. 103 and 113 on a retried Initialize or Terminate mean an
   * earlier try went through. */
  const STANDARD = {
    names: {
      initialize: "Initialize",
      terminate: "Terminate",
      get: "GetValue",
      set: "SetValue",
      commit: "Commit",
      lastError: "GetLastError",
    },
    transient: ["101", "102", "111", "301", "351", "391"],
    alreadyInitialized: "103",
    alreadyTerminated: "113",
    initializedProbe: null,
  };

  /** What a launch reads before the learner sees anything (the interaction count once, see answered);
   * a new attempt (ab-initio) has no location or suspend_data to read (a strict LMS answers 403). */
  function launchReads(values) {
    const reads = ["cmi.mode", "cmi.entry", "cmi.success_status", "cmi.completion_status", "cmi.interactions._count"];
    if (values["cmi.entry"] === "ab-initio") return reads;
    return reads.concat(["cmi.location", "cmi.suspend_data"]);
  }

  class Scorm2004Tracker extends C.scorm.Tracker {
    constructor(api, data) {
      super(api, STANDARD, data);
    }

    resume() {
      // Unreadable: start afresh on screen, and write nothing that would replace the stored state.
      if (this.readOnly) return { location: "", suspendData: "", status: "", review: false };
      const values = this.launch;
      const review = values["cmi.mode"] === "review";
      const success = values["cmi.success_status"];
      const completion = values["cmi.completion_status"];
      let status = "";
      if (success === "passed" || success === "failed") status = success;
      else if (completion === "completed" || completion === "incomplete") status = completion;
      // S04-D6: a new attempt (ab-initio) starts fresh, whatever the LMS kept.
      if (values["cmi.entry"] === "ab-initio") return { location: "", suspendData: "", status: status, review: review };
      return {
        location: values["cmi.location"],
        suspendData: values["cmi.suspend_data"],
        status: status,
        review: review,
      };
    }

    report(snapshot) {
      if (this.readOnly) {
        // Only what keeps the stored attempt for the next launch (S04-D6).
        this.set("cmi.exit", "suspend");
        return;
      }
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

    /** One cmi.interactions.n record per graded answer (S04-I1, S04-I2): id first, type before responses.
     * The index counts on from the launch's _count, never from a read now: a record waiting for a
     * retry keeps its index and its order, so a recovered LMS gets each record once. */
    answered(records) {
      if (this.readOnly) return;
      const time = F.timestamp(new Date());
      const language = this.data.lang || "en";
      records.forEach((record) => {
        const formats = F.response(record.question, record.answer, language);
        const base = "cmi.interactions." + this.interactions + ".";
        const id = "urn:x-coursec:" + encodeURIComponent(this.data.course) + ":" + encodeURIComponent(record.id);
        this.set(base + "id", id + ":attempt-" + record.attempt);
        this.set(base + "type", formats.type);
        this.set(base + "timestamp", time);
        this.set(base + "weighting", String(record.question.p || 1)); // the question's points (docs/course-format.md)
        if (record.question.d) this.set(base + "description", record.question.d.slice(0, TEXT_MAX));
        formats.patterns.forEach((pattern, index) => {
          this.set(base + "correct_responses." + index + ".pattern", pattern);
        });
        this.set(base + "learner_response", formats.response);
        this.set(base + "result", record.correct === null ? "neutral" : record.correct ? "correct" : "incorrect");
        this.interactions += 1;
      });
    }

    /** Session time, a final commit and Terminate, once; a promise of true when the LMS took it all. */
    finish() {
      return this.close("cmi.session_time", F.duration(Date.now() - this.started));
    }
  }

  /** The SCORM 2004 tracker, or null without an API_1484_11 or when the LMS refuses to start (S04-A1). */
  function connect(data) {
    const api = C.scorm.findApi(window, "API_1484_11", "Initialize");
    if (!api) return null;
    return C.scorm.start(new Scorm2004Tracker(api, data), launchReads);
  }

  C.trackers.scorm2004 = { connect: connect, standard: STANDARD };
})();
