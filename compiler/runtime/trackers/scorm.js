/* coursec tracker plumbing shared by the SCORM adapters: API discovery, guarded calls, and a
 * connection that keeps what the LMS refused for a while and writes it again (README.md,
 * "A SCORM LMS that fails for a while"). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const MAX_HOPS = 20; // S12-R2: a generous bound; each hop may throw on a cross-origin frame

  const RETRY_FIRST_MS = 500; // the first retry after a failed call ...
  const RETRY_MAX_MS = 5000; // ... doubling up to this: an LMS that is back is written within 5 s
  const LAUNCH_WINDOW_MS = 15000; // Initialize and the resume read are retried this long at launch
  const CLOSE_WINDOW_MS = 30000; // the last data and Terminate are retried this long after the exit button

  function apiOf(win, name, probe) {
    try {
      const api = win && win[name];
      if (api && typeof api[probe] === "function") return api;
    } catch (e) {
      // SecurityError: a cross-origin frame; keep looking elsewhere.
    }
    return null;
  }

  function parentOf(win) {
    try {
      return win.parent && win.parent !== win ? win.parent : null;
    } catch (e) {
      return null;
    }
  }

  function searchUp(win, name, probe) {
    let current = win;
    for (let hop = 0; current && hop <= MAX_HOPS; hop += 1) {
      const api = apiOf(current, name, probe);
      if (api) return api;
      current = parentOf(current);
    }
    return null;
  }

  function openerOf(win) {
    try {
      return (win.top && win.top.opener) || win.opener || null;
    } catch (e) {
      return null;
    }
  }

  /** Find the API object `name`: this window and its parents, then the opener and its parents. */
  function findApi(win, name, probe) {
    return searchUp(win, name, probe) || searchUp(openerOf(win), name, probe);
  }

  /** The wait before retry number `attempt` (0-based): 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
  function backoff(attempt) {
    return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * Math.pow(2, Math.min(attempt, 10)));
  }

  function accepted(result) {
    return result === "true" || result === true;
  }

  /**
   * An LMS API behind calls that never throw.
   *
   * `standard` names the API functions ({initialize, terminate, get, set, commit, lastError}) and
   * says which error codes are transient (`transient`: the LMS failed, the same call may work later),
   * which Initialize or Terminate code means "already done" (`alreadyInitialized`,
   * `alreadyTerminated`), and, for SCORM 1.2, an element whose GetValue proves an earlier Initialize
   * went through (`initializedProbe`). A call that throws, or returns "false" without an error code,
   * counts as transient. Any other error is permanent: retrying the same call cannot help.
   *
   * Values are written in the order they were set. A value the LMS refused for a transient reason is
   * kept, with everything set after it, and written again with backoff until the LMS takes it (a
   * newer value of the same element replaces a waiting one); a recovery always ends with a Commit.
   */
  class Connection {
    constructor(api, standard) {
      this.api = api;
      this.standard = standard;
      this.names = standard.names;
      this.confirmed = {}; // element -> the value the LMS accepted from us
      this.pending = []; // [{element, value}] in the order set; pending[0] goes first
      this.commitDue = false; // a Commit must follow once pending is written
      this.timer = null;
      this.attempt = 0;
      this.errors = [];
      this.closed = false; // no more values (the session's last ones are set)
      this.ended = false; // Terminate went through or was given up
      this.closing = null;
    }

    /** One API call: {ok, value, code, transient}; never throws. */
    call(name, ...args) {
      let result;
      try {
        result = this.api[name](...args);
      } catch (e) {
        this.errors.push({ call: name, args: args, code: "exception", message: String(e) });
        return { ok: false, value: "", code: "exception", transient: true };
      }
      const value = result === null || result === undefined ? "" : String(result);
      let code;
      try {
        code = String(this.api[this.names.lastError]());
      } catch (e) {
        // The error code cannot be read: a GetValue's "" is then no proof the LMS has no value (taking
        // it for one would start afresh and write over the stored attempt); a value or "true" is.
        this.errors.push({ call: name, args: args, code: "unknown", message: String(e) });
        if (name === this.names.get && value === "") return { ok: false, value: "", code: "unknown", transient: true };
        code = "";
      }
      const failed = code !== "0" && code !== "";
      if (failed) this.errors.push({ call: name, args: args, code: code });
      if (name === this.names.get) return { ok: !failed, value: failed ? "" : value, code: code, transient: failed && this.isTransient(code) };
      if (accepted(result)) return { ok: true, value: value, code: code, transient: false };
      return { ok: false, value: value, code: code, transient: !failed || this.isTransient(code) };
    }

    isTransient(code) {
      return code === "exception" || this.standard.transient.includes(code);
    }

    /** GetValue: {ok, value}; a permanent error reads as "" (the LMS has no such value), a transient one as not ok. */
    read(element) {
      const outcome = this.call(this.names.get, element);
      if (outcome.ok || !outcome.transient) return { ok: true, value: outcome.value };
      return { ok: false, value: "" };
    }

    /** Set a value unless the LMS already has it from us; true when it was sent or is waiting. */
    set(element, value) {
      if (this.closed) return false;
      const text = String(value);
      const waiting = this.pending.find((entry) => entry.element === element);
      if (waiting) {
        waiting.value = text;
        return true;
      }
      if (this.confirmed[element] === text) return false;
      this.pending.push({ element: element, value: text });
      if (C.delivery.state === "saved") C.delivery.set("saving");
      this.drain();
      return true;
    }

    /** Write what is pending, in order; false when the LMS refused for now (a retry is scheduled). */
    drain() {
      if (this.timer !== null || this.ended) return false;
      while (this.pending.length) {
        const entry = this.pending[0];
        const outcome = this.call(this.names.set, entry.element, entry.value);
        if (outcome.ok) this.confirmed[entry.element] = entry.value;
        else if (outcome.transient) {
          this.retryLater();
          return false;
        }
        // Written, or refused for good (logged in errors): the next one.
        this.pending.shift();
      }
      return true;
    }

    /** Commit what was set (after anything pending); false when it must be tried again. */
    commit() {
      this.commitDue = true;
      if (!this.drain()) return false;
      const outcome = this.call(this.names.commit, "");
      if (outcome.ok || !outcome.transient) {
        this.commitDue = false;
        this.attempt = 0;
        if (!this.closing) C.delivery.set("saved");
        return outcome.ok;
      }
      this.retryLater();
      return false;
    }

    retryLater() {
      this.commitDue = true; // a recovery ends with a Commit: "saved again" means stored
      if (this.closing) return; // the closing loop retries on its own
      if (this.timer === null) {
        this.timer = window.setTimeout(() => {
          this.timer = null;
          this.commit();
        }, backoff(this.attempt));
        this.attempt += 1;
      }
      C.delivery.set("retrying");
    }

    /** One try at the end of the session: pending values, a Commit if due, Terminate. */
    finishOnce() {
      if (!this.drain()) return "again";
      if (this.commitDue) {
        const committed = this.call(this.names.commit, "");
        if (!committed.ok && committed.transient) return "again";
        this.commitDue = false;
      }
      const outcome = this.call(this.names.terminate, "");
      if (outcome.ok || outcome.code === this.standard.alreadyTerminated) return "done";
      return outcome.transient ? "again" : "refused";
    }

    /**
     * End the session: write what is pending, commit and Terminate, retried with backoff for
     * CLOSE_WINDOW_MS. A promise of true once the LMS took it all, false when it gave up
     * (delivery "unsaved": the learner is told the last results may not be saved).
     */
    close() {
      if (this.closing) return this.closing;
      this.closed = true;
      if (this.timer !== null) {
        window.clearTimeout(this.timer);
        this.timer = null;
      }
      const deadline = Date.now() + CLOSE_WINDOW_MS;
      let attempt = 0;
      this.closing = new Promise((resolve) => {
        const tryOnce = () => {
          const outcome = this.finishOnce();
          if (outcome === "again" && Date.now() < deadline) {
            C.delivery.set("closing");
            window.setTimeout(tryOnce, backoff(attempt));
            attempt += 1;
            return;
          }
          this.ended = true;
          if (outcome === "done") C.delivery.set("saved");
          else C.delivery.set("unsaved");
          resolve(outcome === "done");
        };
        tryOnce();
      });
      return this.closing;
    }

    /** Initialize; true, false (try again) or "refused" (permanent). */
    initializeOnce(retry) {
      const outcome = this.call(this.names.initialize, "");
      if (outcome.ok || outcome.code === this.standard.alreadyInitialized) return true;
      // SCORM 1.2 has no "already initialized" code: an earlier try that threw may have gone through.
      if (retry && this.standard.initializedProbe) {
        const probe = this.call(this.names.get, this.standard.initializedProbe);
        if (probe.ok) return true;
      }
      return outcome.transient ? false : "refused";
    }

    /**
     * Initialize and read `elements` (a list, or a function of the values read so far) at launch. "connected" with `this.launchValues` filled at once
     * when all went well; "refused" when the LMS will not start a session; otherwise a promise of
     * one of "connected", "refused" (Initialize kept failing) or "unreadable" (the session started
     * but what the last one left could not be read), retried with backoff for LAUNCH_WINDOW_MS.
     */
    open(elements) {
      const started = Date.now();
      let initialized = false;
      let tries = 0;
      this.launchValues = {};
      const tryOnce = () => {
        if (!initialized) {
          const outcome = this.initializeOnce(tries > 0);
          if (outcome === "refused") return "refused";
          if (!outcome) return null;
          initialized = true;
        }
        // `elements` may depend on what was read so far: read in order until nothing is missing.
        for (;;) {
          const wanted = typeof elements === "function" ? elements(this.launchValues) : elements;
          const element = wanted.find((name) => !(name in this.launchValues));
          if (element === undefined) return "connected";
          const outcome = this.read(element);
          if (!outcome.ok) return null;
          this.launchValues[element] = outcome.value;
        }
      };
      const first = tryOnce();
      if (first !== null) return first;
      C.delivery.set("connecting");
      return new Promise((resolve) => {
        const again = () => {
          tries += 1;
          const outcome = tryOnce();
          if (outcome !== null) resolve(outcome);
          else if (Date.now() - started >= LAUNCH_WINDOW_MS) resolve(initialized ? "unreadable" : "refused");
          else window.setTimeout(again, backoff(tries));
        };
        window.setTimeout(again, backoff(0));
      });
    }
  }

  /**
   * What both SCORM trackers share: the connection with its retries, the committer, the values the
   * launch read, and the count of interaction records. A subclass says how its data model resumes,
   * reports, records answers and finishes.
   */
  class Tracker {
    constructor(api, standard, data) {
      this.mode = "lms";
      this.data = data;
      this.lms = new Connection(api, standard);
      this.started = Date.now();
      this.committer = new C.tracker.Committer(() => this.lms.commit());
      this.launch = null;
      this.readOnly = false;
      this.interactions = 0;
      this.finishing = null;
    }

    /** The launch read is done; `readable` false: what the last session left could not be read. */
    opened(values, readable) {
      this.readOnly = !readable;
      this.launch = values;
      const count = parseInt(values["cmi.interactions._count"], 10);
      this.interactions = count >= 0 ? count : 0;
    }

    set(element, value) {
      if (this.lms.set(element, value)) this.committer.dirty = true;
    }

    commitSoon() {
      this.committer.soon();
    }

    flush() {
      this.committer.now();
    }

    /** The session time, a final commit and the close call, once; a promise of true when the LMS took it all. */
    close(sessionTimeElement, sessionTime) {
      if (this.finishing) return this.finishing;
      this.set(sessionTimeElement, sessionTime);
      this.committer.close();
      this.finishing = this.lms.close();
      return this.finishing;
    }
  }

  /**
   * Start a SCORM tracker: `tracker.lms.open(elements)`, then `tracker.opened(values, readable)`.
   * Returns the tracker (with `ready` when the LMS needed retries), or null when it refused.
   */
  function start(tracker, elements) {
    const first = tracker.lms.open(elements);
    const settle = (outcome) => {
      if (outcome === "refused") {
        C.delivery.set("unconnected");
        return false;
      }
      tracker.opened(tracker.lms.launchValues, outcome === "connected");
      C.delivery.set(outcome === "connected" ? "saved" : "readonly");
      return true;
    };
    if (typeof first === "string") return settle(first) ? tracker : null;
    tracker.ready = first.then(settle);
    return tracker;
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  C.scorm = { findApi: findApi, Connection: Connection, Tracker: Tracker, start: start, backoff: backoff, pad: pad };
})();
