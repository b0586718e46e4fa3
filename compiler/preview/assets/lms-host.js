/* coursec LMS host page: puts an LMS API adapter on window, logs every call, frames the course and
 * (with the panel) shows the calls and the learner's CMI values, with restart, resume and width controls.
 *
 * Used by `coursec preview` (with the strict SCORM 1.2 adapter) and by the browser tests (with
 * scorm-again as an independent LMS). Reads its settings from <script id="lms-config">.
 * Exposes window.API (or the adapter's API name), window.lmsLog, window.lmsCmi() and window.lms.
 *
 * An adapter (CoursecLms.adapters[name], registered by its own script before this one) has:
 *   apiName, methods, commit, finish  the window property and the API functions to log;
 *   suspendLimit                      the suspend_data limit the panel measures against;
 *   newLearner(launch, seed)          a learner record for a first launch;
 *   nextAttempt(record, launch)       the record a returning learner launches with;
 *   start(record, hooks)              one launch: {api, lastError(), diagnostic(), snapshot(), view()};
 *                                     hooks.flag(level, message) reports problems to the page.
 * A SCORM 2004 adapter (API_1484_11) fits the same shape.
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  const config = JSON.parse(document.getElementById("lms-config").textContent);
  const adapter = LMS.adapters[config.lms];
  const log = { calls: [], errors: [], commits: [], finishes: [], launches: [] };
  const listeners = [];
  let record = adapter.newLearner(config.launch || {}, config.seed);
  let session = null;

  function notify(kind, detail) {
    listeners.forEach((listener) => listener(kind, detail));
  }

  const hooks = {
    flag: function (level, message) {
      const entry = [level, String(message)];
      log.errors.push(entry);
      notify("flag", entry);
    },
  };

  function wrap(current) {
    const api = {};
    adapter.methods.forEach(function (name) {
      const original = current.api[name].bind(current.api);
      api[name] = function () {
        const args = Array.prototype.slice.call(arguments);
        const flagged = log.errors.length;
        const result = original.apply(null, args);
        const error = String(current.lastError());
        const call = { name: name, args: args, result: String(result), error: error, time: Date.now() };
        if (error !== "0" && error !== "") call.diagnostic = String(current.diagnostic());
        call.flags = log.errors.slice(flagged);
        log.calls.push(call);
        if (name === adapter.commit) log.commits.push(current.snapshot());
        if (name === adapter.finish) log.finishes.push(current.snapshot());
        notify("call", call);
        return result;
      };
    });
    return api;
  }

  /** Begin a launch of the record: a fresh API on window (the course finds it when it loads). */
  function begin(kind) {
    session = adapter.start(record, hooks);
    window[adapter.apiName] = wrap(session);
    log.launches.push({ kind: kind, time: Date.now() });
    notify("launch", kind);
  }

  function frame() {
    return document.getElementById("sco");
  }

  /** Unload the course (it finishes on pagehide), then run next. */
  function unload(next) {
    const current = frame();
    if (!current || !current.getAttribute("src") || current.getAttribute("src") === "about:blank") {
      next();
      return;
    }
    current.addEventListener("load", () => next(), { once: true });
    current.setAttribute("src", "about:blank");
  }

  /** Launch again: "restart" as a new learner, "resume" as the same learner returning. */
  function relaunch(kind) {
    return new Promise(function (resolve) {
      unload(function () {
        record = kind === "restart" ? adapter.newLearner(config.launch || {}) : adapter.nextAttempt(record, config.launch);
        begin(kind);
        const current = frame();
        if (current && config.frameSrc) {
          current.addEventListener("load", () => resolve(kind), { once: true });
          current.setAttribute("src", config.frameSrc);
        } else {
          resolve(kind);
        }
      });
    });
  }

  begin("first");
  window.lmsLog = log;
  window.lmsCmi = () => session.snapshot();
  window.lms = {
    config: config,
    adapter: adapter,
    view: () => session.view(),
    relaunch: relaunch,
    unload: () => new Promise((resolve) => unload(resolve)),
    listen: (listener) => listeners.push(listener),
  };

  if (!config.panel) return;

  /* ---- the panel: toolbar, debug panel, width toggles ---- */

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((key) => {
      if (key === "text") node.textContent = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function formatCall(call) {
    const args = call.args.map((arg) => JSON.stringify(arg)).join(", ");
    return call.name + "(" + args + ")";
  }

  function setup() {
    const panel = document.getElementById("lms-panel");
    const calls = document.getElementById("lms-calls");
    const problems = document.getElementById("lms-problems");
    const problemCount = document.getElementById("lms-problem-count");
    const callCount = document.getElementById("lms-call-count");
    const onlyErrors = document.getElementById("lms-only-errors");
    const stage = document.getElementById("lms-stage");
    let pending = false;

    function showValues() {
      pending = false;
      const view = session.view();
      const fields = {
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
      };
      Object.keys(fields).forEach((key) => {
        const target = panel.querySelector('[data-cmi="' + key + '"]');
        if (target) target.textContent = fields[key];
      });
      const length = view.suspend_data.length;
      const limit = adapter.suspendLimit;
      panel.querySelector('[data-cmi="suspend_length"]').textContent =
        length.toLocaleString("en") + " of " + limit.toLocaleString("en") + " characters";
      const meter = panel.querySelector("#lms-suspend-meter");
      meter.value = Math.min(length, limit);
      meter.max = limit;
      panel.querySelector('[data-cmi="suspend_data"]').textContent = view.suspend_data || "(empty)";
      const body = panel.querySelector("#lms-interactions tbody");
      body.textContent = "";
      view.interactions.forEach((item, index) => {
        body.appendChild(
          el("tr", {}, [
            el("td", { text: String(index) }),
            el("td", { text: item.id }),
            el("td", { text: item.type }),
            el("td", { text: item.student_response }),
            el("td", { text: item.result }),
          ])
        );
      });
      panel.querySelector('[data-cmi="interaction_count"]').textContent = String(view.interactions.length);
    }

    function refresh() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(showValues);
      }
    }

    function addProblem(entry) {
      const item = el("li", { class: "lms-problem lms-problem--" + entry[0] }, [
        el("span", { class: "lms-tag", text: entry[0] }),
        el("span", { text: " " + entry[1] }),
      ]);
      problems.appendChild(item);
      problemCount.textContent = String(problems.children.length);
      problems.closest("section").classList.add("has-problems");
    }

    function addCall(call) {
      const failed = call.error !== "0" && call.error !== "";
      const quiet = !failed && call.name === "LMSGetLastError" && call.result === "0";
      const item = el("li", { class: "lms-call" + (failed ? " is-error" : "") + (quiet ? " is-quiet" : "") }, [
        el("code", { text: formatCall(call) }),
        el("span", { class: "lms-result", text: " \u2192 " + JSON.stringify(call.result) }),
      ]);
      if (failed) {
        item.appendChild(el("span", { class: "lms-tag lms-tag--error", text: "error " + call.error }));
        if (call.diagnostic) item.appendChild(el("div", { class: "lms-diagnostic", text: call.diagnostic }));
      }
      call.flags.forEach((flag) => {
        if (flag[0] === "warning") item.appendChild(el("div", { class: "lms-diagnostic", text: "warning: " + flag[1] }));
      });
      calls.appendChild(item);
      callCount.textContent = String(log.calls.length);
      if (calls.children.length > 1000) calls.removeChild(calls.firstChild);
      calls.scrollTop = calls.scrollHeight;
    }

    listen("call", (call) => {
      addCall(call);
      refresh();
    });
    listen("flag", addProblem);
    listen("launch", (kind) => {
      calls.appendChild(el("li", { class: "lms-launch", text: "\u2014 " + kind + " launch \u2014" }));
      refresh();
    });
    log.calls.forEach(addCall);
    log.errors.forEach(addProblem);

    onlyErrors.addEventListener("change", () => calls.classList.toggle("only-errors", onlyErrors.checked));

    document.getElementById("lms-clear").addEventListener("click", () => {
      calls.textContent = "";
      problems.textContent = "";
      problemCount.textContent = "0";
      problems.closest("section").classList.remove("has-problems");
    });

    const buttons = document.querySelectorAll("[data-lms-width]");
    function setWidth(name) {
      buttons.forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.lmsWidth === name)));
      stage.dataset.width = name;
      try {
        window.sessionStorage.setItem("coursec-preview-width", name);
      } catch (e) {
        // Storage blocked: the choice lasts for this page only.
      }
    }
    buttons.forEach((button) => button.addEventListener("click", () => setWidth(button.dataset.lmsWidth)));
    setWidth(storedWidth());

    const status = document.getElementById("lms-announce");
    document.querySelectorAll("[data-lms-relaunch]").forEach((button) =>
      button.addEventListener("click", () => {
        const kind = button.dataset.lmsRelaunch;
        relaunch(kind).then(() => {
          status.textContent = kind === "restart" ? "Restarted as a new learner." : "Relaunched as a returning learner.";
        });
      })
    );
    refresh();
  }

  function storedWidth() {
    try {
      return window.sessionStorage.getItem("coursec-preview-width") === "phone" ? "phone" : "desktop";
    } catch (e) {
      return "desktop";
    }
  }

  function listen(kind, handler) {
    listeners.push((got, detail) => {
      if (got === kind) handler(detail);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
