/* coursec tracker plumbing shared by the SCORM adapters: API discovery and guarded calls. */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const MAX_HOPS = 20; // S12-R2: a generous bound; each hop may throw on a cross-origin frame

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

  /** An LMS API behind calls that never throw; remembers values set, logs errors. */
  class Connection {
    constructor(api, names) {
      this.api = api;
      this.names = names; // {get, set, commit, lastError}
      this.values = {};
      this.errors = [];
      this.closed = false;
    }

    call(name, ...args) {
      let result;
      try {
        result = this.api[name](...args);
      } catch (e) {
        this.errors.push({ call: name, args: args, code: "exception", message: String(e) });
        return "";
      }
      let code;
      try {
        code = String(this.api[this.names.lastError]());
      } catch (e) {
        code = "0";
      }
      if (code !== "0" && code !== "") this.errors.push({ call: name, args: args, code: code });
      return result;
    }

    get(element) {
      const value = this.call(this.names.get, element);
      return value === null || value === undefined ? "" : String(value);
    }

    /** Set a value unless the LMS already has it from us; true when something was sent. */
    set(element, value, always) {
      if (this.closed) return false;
      const text = String(value);
      if (this.values[element] === text && !always) return false;
      this.values[element] = text;
      this.call(this.names.set, element, text);
      return true;
    }
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  C.scorm = { findApi: findApi, Connection: Connection, pad: pad };
})();
