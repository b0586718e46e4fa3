/* Test LMS: scorm-again's Scorm12API (in memory, no commit URL) as an adapter of the shared LMS host page
 * (compiler/preview/assets/lms-host.js). scorm-again stays the independent LMS of the browser tests; its
 * log messages land in lmsLog.errors. A test gives the CMI data of each launch as the seed. */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  LMS.adapters = LMS.adapters || {};

  LMS.adapters["scorm-again"] = {
    label: "scorm-again",
    apiName: "API",
    methods: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
      "LMSGetErrorString", "LMSGetDiagnostic"],
    commit: "LMSCommit",
    finish: "LMSFinish",
    suspendLimit: 4096,
    newLearner: (launch, seed) => ({ seed: seed || null }),
    nextAttempt: (record) => record,
    start: function (record, hooks) {
      /* global Scorm12API */
      const api = new Scorm12API({
        autocommit: false,
        lmsCommitUrl: false,
        logLevel: 4,
        onLogMessage: (level, message) => hooks.flag(level, message),
      });
      if (record.seed) api.loadFromJSON(record.seed);
      const snapshot = () => JSON.parse(JSON.stringify(api.cmi));
      return {
        api: api,
        lastError: () => api.lastErrorCode,
        diagnostic: () => "",
        snapshot: snapshot,
        view: function () {
          const cmi = snapshot();
          const core = cmi.core || {};
          const score = core.score || {};
          return {
            lesson_status: core.lesson_status || "",
            entry: core.entry || "",
            exit: core.exit || "",
            score_raw: score.raw || "",
            score_min: score.min || "",
            score_max: score.max || "",
            lesson_location: core.lesson_location || "",
            suspend_data: cmi.suspend_data || "",
            session_time: core.session_time || "",
            total_time: core.total_time || "",
            mastery_score: (cmi.student_data || {}).mastery_score || "",
            interactions: [],
          };
        },
      };
    },
  };
})();
