/* coursec LMS host page: puts an LMS API adapter on window, logs every call, frames the course and
 * (with the panel) shows the calls and the learner's CMI values, with restart, resume and width controls.
 *
 * Used by `coursec preview` (with the previewed target's emulation, compiler/targets/<name>/preview-api.js)
 * and by the browser tests (with scorm-again as an independent LMS). Reads its settings from
 * <script id="lms-config">. Exposes window.API (or the adapter's API name), window.lmsLog,
 * window.lmsCmi() and window.lms. It knows no standard: the adapter says what the panel shows.
 *
 * An adapter (CoursecLms.adapters[name], registered by its own script before this one) has:
 *   apiName, methods, commit, finish  the window property and the API functions to log (left out:
 *                                     the course talks to no API on window, e.g. cmi5, web);
 *   suspendLimit                      the learner-state limit the panel measures against;
 *   newLearner(launch, seed)          a learner record for a first launch;
 *   nextAttempt(record, launch)       the record a returning learner launches with;
 *   start(record, hooks)              one launch: {api, lastError(), diagnostic(), snapshot(), view()};
 *                                     hooks.flag(level, message) reports problems to the page,
 *                                     hooks.call(call) logs a request the adapter saw itself,
 *                                     hooks.changed() asks the panel to show the record again;
 *   prepare(kind, record, config)     optional: a Promise of the frame URL of this launch (cmi5: with
 *                                     the launch parameters), before the frame loads;
 *   forget(record)                    optional: on "restart", clear what the browser keeps for the
 *                                     learner (web: the course's localStorage entry), course unloaded;
 *   panel                             optional, for the debug panel: {record, fields: [[key, label]],
 *                                     suspend, table, columns: [...], calls, reset}; `reset` labels a
 *                                     button in the record card that restarts as a new learner;
 *   present(view)                     {values: {key: text}, suspend: text, rows: [[cell, ...]]}.
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
    call: function (call) {
      call.flags = call.flags || [];
      log.calls.push(call);
      notify("call", call);
    },
    changed: function () {
      notify("change", null);
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
    if (adapter.apiName) window[adapter.apiName] = wrap(session);
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

  /** Load the course into the frame: the adapter's launch URL, or the plain one. */
  function load(kind, resolve) {
    const current = frame();
    if (!current || !config.frameSrc) {
      resolve(kind);
      return;
    }
    const url = adapter.prepare ? adapter.prepare(kind, record, config) : Promise.resolve(null);
    Promise.resolve(url).then(
      (src) => {
        current.addEventListener("load", () => resolve(kind), { once: true });
        current.setAttribute("src", src || config.frameSrc);
      },
      (e) => {
        hooks.flag("error", "the launch failed: " + e);
        resolve(kind);
      }
    );
  }

  /** Launch again: "restart" as a new learner, "resume" as the same learner returning. */
  function relaunch(kind) {
    return new Promise(function (resolve) {
      unload(function () {
        if (kind === "restart" && adapter.forget) adapter.forget(record);
        record = kind === "restart" ? adapter.newLearner(config.launch || {}) : adapter.nextAttempt(record, config.launch);
        begin(kind);
        load(kind, resolve);
      });
    });
  }

  begin("first");
  // An adapter that prepares its launch loads the first one itself (the page has no frame src).
  if (adapter.prepare && config.launchNow) {
    const first = () => load("first", () => undefined);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", first);
    else first();
  }
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
    if (call.text) return call.text;
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

    const description = adapter.panel || {};
    const values = document.getElementById("lms-values");
    (description.fields || []).forEach((field) => {
      values.appendChild(el("dt", { text: field[1] }));
      values.appendChild(el("dd", { "data-cmi": field[0] }));
    });
    const texts = { "lms-record-title": description.record, "lms-table-title": description.table,
      "lms-calls-title": description.calls, "lms-suspend-label": description.suspend,
      "lms-raw-label": description.suspend };
    Object.keys(texts).forEach((id) => {
      if (texts[id]) document.getElementById(id).textContent = texts[id];
    });
    if (description.reset) {
      values.parentNode.appendChild(el("p", { class: "lms-tools" }, [
        el("button", { type: "button", "data-lms-relaunch": "restart", id: "lms-reset", text: description.reset }),
      ]));
    }
    const head = document.getElementById("lms-table-head");
    (description.columns || []).forEach((name) => head.appendChild(el("th", { scope: "col", text: name })));

    function showValues() {
      pending = false;
      if (!adapter.present) return;
      const shown = adapter.present(session.view());
      Object.keys(shown.values).forEach((key) => {
        const target = panel.querySelector('[data-cmi="' + key + '"]');
        if (target) target.textContent = shown.values[key];
      });
      const text = shown.suspend || "";
      const length = text.length;
      const limit = adapter.suspendLimit;
      panel.querySelector('[data-cmi="suspend_length"]').textContent =
        length.toLocaleString("en") + " of " + limit.toLocaleString("en") + " characters";
      const meter = panel.querySelector("#lms-suspend-meter");
      meter.max = limit;
      meter.low = Math.round(limit * 0.75);
      meter.high = Math.round(limit * 0.95);
      meter.value = Math.min(length, limit);
      panel.querySelector('[data-cmi="suspend_data"]').textContent = text || "(empty)";
      const body = panel.querySelector("#lms-interactions tbody");
      body.textContent = "";
      shown.rows.forEach((cells) => {
        body.appendChild(el("tr", {}, cells.map((cell) => el("td", { text: String(cell) }))));
      });
      panel.querySelector('[data-cmi="interaction_count"]').textContent = String(shown.rows.length);
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
      const quiet = !failed && /GetLastError$/.test(call.name) && call.result === "0";
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
    listen("change", refresh);
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
