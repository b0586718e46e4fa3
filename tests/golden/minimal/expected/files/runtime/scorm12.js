/* coursec runtime: SCORM 1.2 API discovery, guarded calls, coalesced commits, standalone store. */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const MAX_HOPS = 20; // S12-R2: a generous bound; each hop may throw on a cross-origin frame
  const COMMIT_INTERVAL_MS = 2500; // at most one LMSCommit per 2.5 s ...
  const COMMIT_DELAY_MS = 400; // ... and never later than this after a quiet period

  function apiOf(win) {
    try {
      const api = win && win.API;
      if (api && typeof api.LMSInitialize === "function") return api;
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

  function searchUp(win) {
    let current = win;
    for (let hop = 0; current && hop <= MAX_HOPS; hop += 1) {
      const api = apiOf(current);
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

  /** Find the SCORM 1.2 API: this window and its parents, then the opener and its parents. */
  function findApi(win) {
    const found = searchUp(win);
    if (found) return found;
    return searchUp(openerOf(win));
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  /** CMITimespan HHHH:MM:SS.SS (hours 2-4 digits), capped at 9999 hours. */
  function timespan(milliseconds) {
    const centis = Math.min(Math.max(0, Math.round(milliseconds / 10)), 9999 * 360000 + 359999);
    const hours = Math.floor(centis / 360000);
    const minutes = Math.floor((centis % 360000) / 6000);
    const seconds = Math.floor((centis % 6000) / 100);
    return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(centis % 100, 2);
  }

  /** CMITime: the time of day HH:MM:SS. */
  function timeOfDay(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  /** A connection to the LMS, or to localStorage when there is none; both never throw. */
  class Session {
    constructor(api, storageKey) {
      this.api = api;
      this.mode = api ? "lms" : "standalone";
      this.storageKey = storageKey;
      this.errors = [];
      this.values = {};
      this.dirty = false;
      this.timer = null;
      this.lastCommit = 0;
      this.started = Date.now();
      this.initialized = false;
      this.finished = false;
    }

    /** LMSInitialize once; without an LMS (or when it refuses) fall back to standalone. */
    initialize() {
      if (this.initialized) return true;
      if (this.api) {
        const ok = this.call("LMSInitialize", "");
        if (ok !== "true" && ok !== true) {
          this.api = null;
          this.mode = "standalone";
        }
      }
      if (!this.api) this.values = this.loadLocal();
      this.initialized = true;
      return this.mode === "lms";
    }

    call(name, ...args) {
      if (!this.api) return "";
      let result;
      try {
        result = this.api[name](...args);
      } catch (e) {
        this.errors.push({ call: name, args: args, code: "exception", message: String(e) });
        return "";
      }
      const code = this.lastError();
      if (code !== "0" && code !== "") this.errors.push({ call: name, args: args, code: code });
      return result;
    }

    lastError() {
      try {
        return String(this.api.LMSGetLastError());
      } catch (e) {
        return "0";
      }
    }

    get(element) {
      if (!this.api) return Object.prototype.hasOwnProperty.call(this.values, element) ? this.values[element] : "";
      const value = this.call("LMSGetValue", element);
      return value === null || value === undefined ? "" : String(value);
    }

    /** LMSSetValue, skipping values the LMS already has from us; marks the session dirty. */
    set(element, value) {
      if (this.finished) return;
      const text = String(value);
      if (this.values[element] === text && !element.startsWith("cmi.interactions.")) return;
      this.values[element] = text;
      if (this.api) this.call("LMSSetValue", element, text);
      this.dirty = true;
    }

    /** Commit soon: coalesced to at most one LMSCommit per COMMIT_INTERVAL_MS. */
    commitSoon() {
      if (this.finished || this.timer !== null) return;
      const wait = Math.max(COMMIT_DELAY_MS, this.lastCommit + COMMIT_INTERVAL_MS - Date.now());
      this.timer = window.setTimeout(() => {
        this.timer = null;
        this.flush();
      }, wait);
    }

    /** Commit now if anything changed since the last commit. */
    flush() {
      if (this.timer !== null) {
        window.clearTimeout(this.timer);
        this.timer = null;
      }
      if (this.finished || !this.dirty) return;
      this.dirty = false;
      this.lastCommit = Date.now();
      if (this.api) this.call("LMSCommit", "");
      else this.saveLocal();
    }

    /** Session time, a final commit and LMSFinish, exactly once. */
    finish() {
      if (this.finished || !this.initialized) return;
      this.set("cmi.core.session_time", timespan(Date.now() - this.started));
      this.dirty = true;
      this.flush();
      this.finished = true;
      if (this.api) this.call("LMSFinish", "");
    }

    loadLocal() {
      try {
        const stored = JSON.parse(window.localStorage.getItem(this.storageKey) || "null");
        if (stored && typeof stored === "object") {
          const values = {};
          Object.keys(stored).forEach((key) => {
            if (typeof stored[key] === "string") values[key] = stored[key];
          });
          values["cmi.core.entry"] = values["cmi.suspend_data"] ? "resume" : "ab-initio";
          return values;
        }
      } catch (e) {
        // Storage blocked or corrupt: start fresh.
      }
      return { "cmi.core.entry": "ab-initio", "cmi.core.lesson_status": "not attempted" };
    }

    saveLocal() {
      const keep = ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.suspend_data", "cmi.core.score.raw"];
      const stored = {};
      keep.forEach((key) => {
        if (this.values[key] !== undefined) stored[key] = this.values[key];
      });
      try {
        window.localStorage.setItem(this.storageKey, JSON.stringify(stored));
      } catch (e) {
        // Storage full or blocked: progress is only kept for this visit.
      }
    }
  }

  C.scorm = { findApi: findApi, timespan: timespan, timeOfDay: timeOfDay, Session: Session };
})();
