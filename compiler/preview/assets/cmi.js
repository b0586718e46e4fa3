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

  LMS.cmi = { parse: parse, resolve: resolve, nested: nested, records: records, ErrorState: ErrorState };
})();
