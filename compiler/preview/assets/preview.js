/* coursec preview: follows the server's builds (server-sent events); a good build relaunches the course
 * as a returning learner, a failed one replaces the course with the compiler's diagnostics. */
(function () {
  "use strict";
  const lms = window.lms;
  let shown = lms.config.build ? lms.config.build.version : null;

  function show(build) {
    const overlay = document.getElementById("lms-overlay");
    const frame = document.getElementById("sco");
    const status = document.getElementById("lms-build");
    status.className = "lms-build " + (build.ok ? "is-ok" : "is-error");
    status.textContent = build.ok
      ? "Build " + build.version + ": " + (build.summary || "no problems") + " (" + build.milliseconds + " ms)"
      : "Build " + build.version + ": " + build.summary;
    if (build.ok && build.title) {
      document.querySelector(".lms-brand .lms-sub").textContent = build.title;
      document.title = build.title + " \u00b7 coursec preview";
    }
    const warnings = document.getElementById("lms-warnings");
    warnings.hidden = !(build.ok && build.warnings > 0);
    document.getElementById("lms-warnings-text").textContent = build.ok ? build.text : "";
    overlay.hidden = build.ok;
    frame.hidden = !build.ok;
    if (!build.ok) {
      document.getElementById("lms-overlay-summary").textContent = build.summary;
      document.getElementById("lms-overlay-text").textContent = build.text;
    }
  }

  function apply(build) {
    if (build.version === shown) return;
    shown = build.version;
    show(build);
    if (build.ok) {
      lms.config.launch = build.launch;
      lms.relaunch("resume");
    }
  }

  function start() {
    if (lms.config.build) show(lms.config.build);
    const events = new EventSource("_preview/events");
    events.addEventListener("build", (event) => apply(JSON.parse(event.data)));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
