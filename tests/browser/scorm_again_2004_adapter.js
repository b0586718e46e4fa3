/* Test LMS: scorm-again's Scorm2004API (in memory, no commit URL) as an adapter of the shared LMS host page
 * (compiler/preview/assets/lms-host.js), for packages of the scorm2004 target; and "no-lms", a host page
 * that offers no LMS API at all, for the web target. A test gives the CMI data of each launch as the seed. */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  LMS.adapters = LMS.adapters || {};

  LMS.adapters["scorm-again-2004"] = {
    label: "scorm-again (SCORM 2004)",
    apiName: "API_1484_11",
    methods: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString",
      "GetDiagnostic"],
    commit: "Commit",
    finish: "Terminate",
    suspendLimit: 64000,
    newLearner: (launch, seed) => ({ seed: seed || null }),
    nextAttempt: (record) => record,
    start: function (record, hooks) {
      /* global Scorm2004API */
      const api = new Scorm2004API({
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
          return {
            lesson_status: (cmi.completion_status || "") + "/" + (cmi.success_status || ""),
            entry: cmi.entry || "",
            exit: cmi.exit || "",
            score_raw: (cmi.score || {}).raw || "",
            lesson_location: cmi.location || "",
            suspend_data: cmi.suspend_data || "",
            session_time: cmi.session_time || "",
            interactions: [],
          };
        },
      };
    },
  };

  // The web target runs where no LMS is: the page offers no API under any name a SCO looks for.
  LMS.adapters["no-lms"] = {
    label: "no LMS",
    apiName: "coursecNoLms",
    methods: [],
    commit: "",
    finish: "",
    suspendLimit: 64000,
    newLearner: () => ({}),
    nextAttempt: (record) => record,
    start: () => ({
      api: {},
      lastError: () => "0",
      diagnostic: () => "",
      snapshot: () => ({}),
      view: () => ({ interactions: [] }),
    }),
  };
})();
