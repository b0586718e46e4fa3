/* coursec preview: what the SCORM 1.2 and SCORM 2004 emulations share (their preview-api.js in compiler/targets/).
 *
 * Both standards address a data model by dotted element names with record indexes
 * (cmi.interactions.3.id), answer every call with an error code the SCO reads back, and keep records
 * the panel lists. The rules (elements, types, codes) stay in each target's own script; this is only
 * the plumbing. Loaded before the target's scripts, when its preview.py names it in `host_scripts`.
 */
(function () {
  "use strict";
  const LMS = (window.CoursecLms = window.CoursecLms || {});

  /** 'cmi.interactions.3.id' -> {pattern: 'cmi.interactions.n.id', arrays: [['cmi.interactions', 3, 'cmi.interactions']]} */
  function parse(element) {
    const parts = element.split(".");
    const pattern = [];
    const arrays = [];
    parts.forEach((part, i) => {
      if (/^\d+$/.test(part) && i > 0) {
        arrays.push([parts.slice(0, i).join("."), Number(part), pattern.join(".")]);
        pattern.push("n");
      } else {
        pattern.push(part);
      }
    });
    return { pattern: pattern.join("."), arrays: arrays };
  }

  /** The flat values as nested objects, as an LMS stores an attempt; `drop` leading name parts left out. */
  function nested(values, drop) {
    const out = {};
    Object.keys(values).sort().forEach((name) => {
      const parts = name.split(".").slice(drop || 0);
      let node = out;
      parts.slice(0, -1).forEach((part) => {
        node = node[part] = typeof node[part] === "object" ? node[part] : {};
      });
      node[parts[parts.length - 1]] = values[name];
    });
    return out;
  }

  /**
   * The element a GetValue (writing false) or SetValue (writing true) names, checked as both standards
   * check it: a known element, the access allowed, record indexes in range (reading: below _count;
   * writing: at most _count, records in order). {spec, parsed}, or null after errors.fail with
   * model.codes {unknown, readOnly, writeOnly, beyond, order} of the standard.
   */
  function resolve(model, errors, counts, name, writing) {
    const parsed = parse(name);
    const spec = model.elements[parsed.pattern];
    const codes = model.codes;
    if (!spec) {
      errors.fail(codes.unknown, "'" + name + "' is not a " + model.standard + " data model element" +
        (model.hint ? model.hint(name) : ""));
      return null;
    }
    if (spec.access === (writing ? "r" : "w")) {
      errors.fail(writing ? codes.readOnly : codes.writeOnly,
        name + (writing ? " is read only" : " is write only: a SCO cannot read it back"));
      return null;
    }
    for (let i = 0; i < parsed.arrays.length; i += 1) {
      const array = parsed.arrays[i];
      const size = counts[array[0]] || 0;
      if (writing ? array[1] > size : array[1] >= size) {
        errors.fail(writing ? codes.order : codes.beyond, writing
          ? name + ": the next record of " + array[0] + " is " + size + " (write records in order, n = _count)"
          : name + ": " + array[0] + " has " + size + " records");
        return null;
      }
    }
    return { spec: spec, parsed: parsed };
  }

  /** The records of one array (e.g. cmi.interactions) as objects of the named fields ("" when unset). */
  function records(record, array, fields) {
    const rows = [];
    for (let n = 0; n < (record.counts[array] || 0); n += 1) {
      const row = {};
      fields.forEach((field) => {
        row[field] = record.values[array + "." + n + "." + field] || "";
      });
      rows.push(row);
    }
    return rows;
  }

  /**
   * The last error of one session: fail(code, why, quiet) sets it and (unless quiet) reports it to the
   * page as a problem; ok() clears it; calls(names) makes the three error functions of the API under
   * the standard's names [lastError, errorString, diagnostic].
   */
  function ErrorState(strings, hooks) {
    let last = "0";
    let why = "";
    return {
      fail(code, reason, quiet) {
        last = String(code);
        why = reason;
        if (!quiet) hooks.flag("error", reason + " [" + code + " " + strings[code] + "]");
        return code;
      },
      ok() {
        last = "0";
        why = "";
      },
      last: () => last,
      calls(names) {
        const api = {};
        api[names[0]] = () => last;
        api[names[1]] = (code) => {
          const text = strings[String(code)];
          return text === undefined ? "" : text;
        };
        api[names[2]] = (code) => {
          if (code === undefined || code === "" || String(code) === last) return why;
          return strings[String(code)] || "";
        };
        return api;
      },
    };
  }

  /**
   * The session of one launch, as both standards run it: new -> running -> finished. `calls` names
   * the opening and closing calls ({open: "Initialize", close: "Terminate"}); `reopen` the codes of an
   * opening call while running and after the close. Both take "" as their argument (201 otherwise).
   */
  function Session(errors, record, calls, reopen) {
    let state = "new";
    function argument(call, value) {
      if (value === "" || value === undefined) return true;
      errors.fail(201, call + " takes \"\" as its argument, got '" + String(value) + "'");
      return false;
    }
    return {
      argument: argument,
      /** True while running; else fails with `before` (not yet opened) or `after` (closed). */
      running(call, before, after) {
        if (state === "running") return true;
        errors.fail(state === "new" ? before : after,
          call + (state === "new" ? " before " + calls.open : " after " + calls.close));
        return false;
      },
      open(value) {
        if (!argument(calls.open, value)) return false;
        if (state !== "new") {
          const twice = state === "running";
          errors.fail(twice ? reopen.running : reopen.finished,
            calls.open + (twice ? " called twice" : " after " + calls.close));
          return false;
        }
        state = "running";
        record.launches += 1;
        errors.ok();
        return true;
      },
      /** The closing call's checks passed: no call but the error calls works from now on. */
      close() {
        state = "finished";
      },
    };
  }

  /**
   * A strict SCORM API object: the standard's calls (`model.calls`: initialize, terminate, commit,
   * get, set and the three error calls) with the session rules and argument checks both standards
   * share. The standard's own part: `model.reopen` {running, finished}, the codes of an opening call
   * out of turn; `model.notRunning` {terminate, commit, get, set}: [code before the opening call,
   * code after the close]; `model.noElement` {get, set}: the code of a call without an element name;
   * `model.get(name)` -> string and `model.set(name, text)` -> boolean, the data model;
   * `model.stored(call)`, checks of what a commit or the close stores; `model.closed()`, after the close.
   */
  function Api(errors, record, hooks, model) {
    const calls = model.calls;
    const session = Session(errors, record, { open: calls.initialize, close: calls.terminate }, model.reopen);
    const running = (call, key) => session.running(call, model.notRunning[key][0], model.notRunning[key][1]);
    function element(call, key, value) {
      const name = value === undefined || value === null ? "" : String(value);
      if (name === "") errors.fail(model.noElement[key], call + " needs an element name");
      return name;
    }
    function store(call, key, closing) {
      return (argument) => {
        if (!session.argument(call, argument) || !running(call, key)) return "false";
        model.stored(call);
        if (closing) session.close();
        errors.ok();
        if (closing) model.closed();
        return "true";
      };
    }
    const api = errors.calls(calls.errors);
    api[calls.initialize] = (argument) => String(session.open(argument));
    api[calls.terminate] = store(calls.terminate, "terminate", true);
    api[calls.commit] = store(calls.commit, "commit", false);
    api[calls.get] = (value) => {
      if (!running(calls.get, "get")) return "";
      const name = element(calls.get, "get", value);
      if (name === "") return "";
      errors.ok();
      return model.get(name);
    };
    api[calls.set] = (value, text) => {
      if (!running(calls.set, "set")) return "false";
      const name = element(calls.set, "set", value);
      if (name === "") return "false";
      if (typeof text !== "string") {
        hooks.flag("warning", calls.set + "(" + name + ") with a " + typeof text + " value: SCORM values are strings");
      }
      return String(model.set(name, text === undefined || text === null ? "" : String(text)));
    };
    return api;
  }

  /**
   * The adapter fields of a SCORM emulation that follow from its API: the object's name on window, the
   * calls the host page logs (the commit and the close among them), and start(record, hooks), one
   * launch with a fresh `strictApi(record, hooks)`; `views` {snapshot(record), view(record)}.
   */
  function adapter(apiName, calls, strictApi, views) {
    return {
      apiName: apiName,
      methods: [calls.initialize, calls.terminate, calls.get, calls.set, calls.commit].concat(calls.errors),
      commit: calls.commit,
      finish: calls.terminate,
      start(record, hooks) {
        const api = strictApi(record, hooks);
        return {
          api: api,
          record: record,
          lastError: () => api[calls.errors[0]](),
          diagnostic: () => api[calls.errors[2]](""),
          snapshot: () => views.snapshot(record),
          view: () => views.view(record),
        };
      },
    };
  }

  /** The eight API calls: SCORM 2004's names, SCORM 1.2's the same with "LMS" before them, but for Finish. */
  function calls(prefix, terminate) {
    const name = (call) => prefix + call;
    return {
      initialize: name("Initialize"),
      terminate: name(terminate),
      commit: name("Commit"),
      get: name("GetValue"),
      set: name("SetValue"),
      errors: ["GetLastError", "GetErrorString", "GetDiagnostic"].map(name),
    };
  }

  LMS.adapters = LMS.adapters || {};
  LMS.cmi = { parse: parse, resolve: resolve, nested: nested, records: records, ErrorState: ErrorState, Api: Api, adapter: adapter, calls: calls };
})();
