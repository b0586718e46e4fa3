/* coursec preview: the web target's "LMS" is the learner's own browser. Registers CoursecLms.adapters.web.
 *
 * The course (runtime/trackers/standalone.js) keeps its progress in localStorage under the key of its
 * #coursec-data (`coursec:<id>:<version>`). The host page is served from the same origin, so this
 * adapter reads that entry, logs every write the course makes (storage events), shows what is stored,
 * and forgets it when the author restarts as a new learner or presses the reset button. A page reload
 * keeps it, as a real browser does; a new course version uses a new key, so the table lists every
 * coursec entry this origin holds.
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  LMS.adapters = LMS.adapters || {};
  const PREFIX = "coursec:";
  let listening = null; // the storage listener of the current launch

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // blocked (a private window's policy): nothing is kept
    }
  }

  function read(key) {
    const store = storage();
    const raw = store && key ? store.getItem(key) : null;
    let parsed = null;
    if (raw !== null) {
      try {
        parsed = JSON.parse(raw);
      } catch (e) {
        parsed = null;
      }
    }
    return { raw: raw, parsed: parsed && typeof parsed === "object" ? parsed : null };
  }

  function entries() {
    const store = storage();
    const found = [];
    if (!store) return found;
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) found.push([key, (store.getItem(key) || "").length]);
    }
    return found.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  function newLearner(launch) {
    return { key: (launch && launch.storageKey) || "", limit: (launch && launch.stateLimit) || 64000, launches: 0 };
  }

  function nextAttempt(record, launch) {
    // The browser keeps the entry: a returning learner is whoever opens the page again.
    return { key: (launch && launch.storageKey) || record.key, limit: record.limit, launches: record.launches };
  }

  /** A new learner in this browser: the course's entry is removed before the course loads again. */
  function forget(record) {
    const store = storage();
    if (store && record.key) store.removeItem(record.key);
  }

  function start(record, hooks) {
    if (listening) window.removeEventListener("storage", listening);
    record.launches += 1;
    if (!storage()) hooks.flag("error", "localStorage is blocked in this browser: the course keeps nothing");
    listening = function (event) {
      if (event.storageArea !== storage() || (event.key !== null && event.key.indexOf(PREFIX) !== 0)) return;
      const what = event.key === null ? "clear()" : event.newValue === null ? "removeItem(" + JSON.stringify(event.key) + ")"
        : "setItem(" + JSON.stringify(event.key) + ")";
      const size = event.newValue === null ? "" : event.newValue.length + " characters";
      hooks.call({ name: "localStorage", text: "localStorage." + what, args: [], result: size, error: "0", time: Date.now() });
      if (event.key !== null && event.key !== record.key) {
        hooks.flag("warning", "the course wrote " + event.key + ", not its own key " + record.key);
      }
      const stored = read(record.key);
      if (stored.raw !== null && stored.parsed === null) hooks.flag("error", record.key + " holds no JSON object");
      if (stored.parsed && typeof stored.parsed.suspendData === "string" && stored.parsed.suspendData.length > record.limit) {
        hooks.flag("warning", "suspendData is " + stored.parsed.suspendData.length + " characters, over the " +
          record.limit + " the web target allows");
      }
      hooks.changed();
    };
    window.addEventListener("storage", listening);
    function view() {
      const stored = read(record.key);
      return { key: record.key, raw: stored.raw, values: stored.parsed || {}, entries: entries() };
    }
    return {
      api: null,
      record: record,
      lastError: () => "0",
      diagnostic: () => "",
      snapshot: () => view().values,
      view: view,
    };
  }

  function shown(value, empty) {
    return typeof value === "string" && value !== "" ? value : empty;
  }

  function present(view) {
    const values = view.values;
    return {
      values: {
        key: view.key || "(the page names none)",
        stored: view.raw === null ? "nothing (a first visit)" : view.raw.length.toLocaleString("en") + " characters",
        status: shown(values.status, "(not set)"),
        location: shown(values.location, "(empty)"),
        score: shown(values.score, "(none)"),
      },
      suspend: typeof values.suspendData === "string" ? values.suspendData : "",
      rows: view.entries.map((entry) => [entry[0], entry[1].toLocaleString("en"), entry[0] === view.key ? "this course" : ""]),
    };
  }

  LMS.adapters.web = {
    label: "Web (localStorage, no LMS)",
    panel: {
      record: "Stored in this browser (localStorage)",
      fields: [["key", "key"], ["stored", "stored"], ["status", "status"], ["location", "location"], ["score", "score"]],
      suspend: "suspendData",
      table: "coursec entries in localStorage",
      columns: ["key", "characters", ""],
      calls: "localStorage writes",
      reset: "Clear localStorage and restart",
    },
    present: present,
    suspendLimit: 64000,
    newLearner: newLearner,
    nextAttempt: nextAttempt,
    forget: forget,
    start: start,
  };
})();
