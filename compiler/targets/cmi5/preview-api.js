/* coursec preview: the page side of the cmi5 emulation. Registers CoursecLms.adapters.cmi5.
 *
 * The LMS and its LRS run in the preview server (compiler/targets/cmi5/preview.py, at
 * _preview/lms/). Each launch asks the server for one (POST launch): it writes LMS.LaunchData,
 * records `launched` and answers the launch parameters (endpoint, fetch, actor, registration,
 * activityId) that go on the course frame's URL, as a cmi5 LMS launches an AU. A returning learner
 * keeps the registration (a new session; the server records `abandoned` for a session that never
 * terminated), a new learner gets a new one. While a launch runs, the page reads the server's
 * record of the registration (GET record) and shows every statement in arrival order with the
 * cmi5 rules it breaks, every xAPI request, the launch data and the saved state document.
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});
  LMS.adapters = LMS.adapters || {};
  const BASE = "_preview/lms/";
  const POLL_MS = 300;
  let poller = null; // the record reader of the current launch

  function absolute(path) {
    return new URL(path, document.baseURI).href;
  }

  function newLearner() {
    return { registration: null, launches: 0, session: 0, latest: null };
  }

  function nextAttempt(record) {
    return record; // the same registration: the LMS opens a new session at the launch
  }

  /** One launch: the server prepares it; the frame URL carries the launch parameters. */
  function prepare(kind, record, config) {
    const launch = config.launch || {};
    const request = {
      launch: launch,
      base: absolute(BASE),
      registration: record.registration,
      returnURL: absolute(BASE + "returned"),
      launchMode: "Normal",
    };
    return fetch(BASE + "launch", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    })
      .then((answer) => (answer.ok ? answer.json() : answer.text().then((text) => Promise.reject(new Error(text)))))
      .then((answer) => {
        record.registration = answer.registration;
        record.session = answer.session;
        record.launches += 1;
        const url = "course/" + (launch.url || "index.html");
        return url + (url.indexOf("?") >= 0 ? "&" : "?") + new URLSearchParams(answer.parameters).toString();
      });
  }

  function start(record, hooks) {
    if (poller) window.clearInterval(poller);
    const shown = { statements: 0, problems: 0, requests: 0, registration: null };
    let busy = false;

    function update(latest) {
      if (shown.registration !== latest.registration) {
        shown.registration = latest.registration;
        shown.statements = shown.problems = shown.requests = 0;
      }
      latest.requests.slice(shown.requests).forEach((request) => {
        const failed = request.status >= 400 && !(request.status === 404 && request.method === "GET");
        hooks.call({
          name: request.method,
          text: request.method + " " + request.resource + (request.verbs.length ? " [" + request.verbs.join(", ") + "]" : "") +
            " (session " + request.session + ")",
          args: [],
          result: String(request.status),
          error: failed ? String(request.status) : "0",
          diagnostic: request.detail,
          time: Date.now(),
        });
      });
      latest.statements.slice(shown.statements).forEach((statement) => {
        statement.breaches.forEach((breach) => hooks.flag("error", "statement " + statement.n + " (" + statement.verb + "): " + breach));
      });
      latest.problems.slice(shown.problems).forEach((problem) => {
        hooks.flag("error", "session " + problem.session + ": " + problem.breach);
      });
      const changed = latest.statements.length !== shown.statements || latest.requests.length !== shown.requests ||
        JSON.stringify(latest.state) !== JSON.stringify(record.latest && record.latest.state) ||
        JSON.stringify(latest.sessions) !== JSON.stringify(record.latest && record.latest.sessions);
      shown.statements = latest.statements.length;
      shown.problems = latest.problems.length;
      shown.requests = latest.requests.length;
      record.latest = latest;
      if (changed) hooks.changed();
    }

    function poll() {
      if (busy || !record.registration) return;
      busy = true;
      fetch(BASE + "record?registration=" + encodeURIComponent(record.registration))
        .then((answer) => answer.json())
        .then(update, () => undefined)
        .then(() => {
          busy = false;
        });
    }

    poller = window.setInterval(poll, POLL_MS);
    return {
      api: null,
      record: record,
      lastError: () => "0",
      diagnostic: () => "",
      snapshot: () => record.latest,
      view: () => ({ registration: record.registration, session: record.session, latest: record.latest }),
    };
  }

  function text(value, empty) {
    return value === undefined || value === null || value === "" ? empty : String(value);
  }

  function present(view) {
    const latest = view.latest || { sessions: [], statements: [], launchData: null, state: null };
    const data = latest.launchData || {};
    const session = latest.sessions[latest.sessions.length - 1];
    const state = latest.state && typeof latest.state === "object" ? latest.state : {};
    return {
      values: {
        registration: text(view.registration, "(not launched)"),
        session: session ? session.n + " of " + latest.sessions.length + ": " + session.state +
          (session.fetched ? "" : " (auth-token not fetched)") : "(none)",
        launch_mode: text(data.launchMode, "(none)"),
        move_on: text(data.moveOn, "(none)"),
        mastery_score: text(data.masteryScore, "(none)"),
        return_url: text(data.returnURL, "(none)"),
        statements: String(latest.statements.length),
        location: text(state.location, "(not saved)"),
        status: text(state.status, "(not saved)"),
      },
      suspend: typeof state.suspendData === "string" ? state.suspendData : "",
      rows: latest.statements.map((s) => [s.n, s.session, s.by, s.verb, s.result, s.breaches.length ? s.breaches.join("; ") : "ok"]),
    };
  }

  LMS.adapters.cmi5 = {
    label: "cmi5 (LMS launch and LRS)",
    panel: {
      record: "LMS launch and saved state (cmi5)",
      fields: [["registration", "registration"], ["session", "session"], ["launch_mode", "launchMode"],
        ["move_on", "moveOn"], ["mastery_score", "masteryScore"], ["return_url", "returnURL"],
        ["statements", "statements"], ["location", "state: location"], ["status", "state: status"]],
      suspend: "state: suspendData",
      table: "Statements, in the order the LRS stored them",
      columns: ["n", "session", "by", "verb", "result", "cmi5 rules"],
      calls: "xAPI requests",
    },
    present: present,
    suspendLimit: 64000,
    newLearner: newLearner,
    nextAttempt: nextAttempt,
    prepare: prepare,
    start: start,
  };
})();
