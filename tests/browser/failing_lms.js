/* Test LMS: an LMS that fails for a while, around the scorm-again adapters of the browser tests.
 *
 * Loaded after the adapter scripts and before lms-host.js. An outage makes the named API calls fail
 * for `ms` milliseconds, then the LMS works again:
 *   { calls: ["LMSSetValue", "LMSCommit"], code: "101", mode: "false" | "throw" | "throw-after",
 *     ms: 4000, elements: ["cmi.suspend_data"] }
 * mode "false": the call does not reach scorm-again; it answers "false" ("" for a GetValue) and
 * GetLastError answers `code` until the next call. mode "throw": the call throws (GetLastError too,
 * when it is named in `calls`). mode "throw-after": the call reaches scorm-again, which acts on it,
 * and then throws, as an LMS whose answer got lost. `elements` (optional): only calls whose first
 * argument is one of them fail. An outage given as
 * `failure` in the host page's settings (one, or a list) starts at launch (Initialize, the resume read); a test
 * starts one at any moment with window.lmsOutage(outage).
 *
 * What the LMS has stored is what it held at its last successful Commit or Finish (a commit that
 * failed stored nothing): window.lmsStored() gives it. window.lmsFailed lists every call that failed.
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  const config = JSON.parse(document.getElementById("lms-config").textContent);
  const outages = [];
  const failed = (window.lmsFailed = []);
  let stored = null;

  window.lmsOutage = function (outage) {
    outages.push(Object.assign({ mode: "false", code: "101" }, outage, { until: Date.now() + outage.ms }));
  };
  window.lmsStored = () => stored;
  (Array.isArray(config.failure) ? config.failure : config.failure ? [config.failure] : []).forEach(window.lmsOutage);

  function failing(name, args) {
    const now = Date.now();
    const matches = (outage) =>
      outage.until > now && outage.calls.includes(name) && (!outage.elements || outage.elements.includes(args[0]));
    return outages.find(matches) || null;
  }

  function wrapAdapter(adapter) {
    const start = adapter.start;
    adapter.start = function (record, hooks) {
      const session = start.call(this, record, hooks);
      const real = session.api;
      let faked = null; // the error code of the last call when it was failed here
      const api = {};
      adapter.methods.forEach((name) => {
        api[name] = function () {
          const args = Array.prototype.slice.call(arguments);
          if (name.indexOf("GetLastError") >= 0) {
            const down = failing(name, args);
            if (down && down.mode === "throw") {
              failed.push({ name: name, args: args, mode: down.mode, code: "", time: Date.now() });
              throw new Error("test LMS: " + name + " is down");
            }
            return faked !== null ? faked : real[name].apply(real, args);
          }
          if (name.indexOf("GetErrorString") >= 0 || name.indexOf("GetDiagnostic") >= 0) {
            return real[name].apply(real, args);
          }
          const outage = failing(name, args);
          if (outage && outage.mode === "throw-after") {
            faked = null;
            const result = real[name].apply(real, args);
            if ((result === "true" || result === true) && (name === adapter.commit || name === adapter.finish)) {
              stored = session.snapshot();
            }
            failed.push({ name: name, args: args, mode: outage.mode, code: "", time: Date.now() });
            throw new Error("test LMS: the answer to " + name + " got lost");
          }
          if (outage) {
            failed.push({ name: name, args: args, mode: outage.mode, code: outage.code, time: Date.now() });
            if (outage.mode === "throw") {
              faked = null;
              throw new Error("test LMS: " + name + " is down");
            }
            faked = outage.code;
            return name.indexOf("GetValue") >= 0 ? "" : "false";
          }
          faked = null;
          const result = real[name].apply(real, args);
          const ok = result === "true" || result === true;
          if (ok && (name === adapter.commit || name === adapter.finish)) stored = session.snapshot();
          return result;
        };
      });
      return Object.assign({}, session, {
        api: api,
        lastError: () => (faked !== null ? faked : session.lastError()),
      });
    };
  }

  ["scorm-again", "scorm-again-2004"].forEach((name) => {
    if (LMS.adapters && LMS.adapters[name]) wrapAdapter(LMS.adapters[name]);
  });
})();
