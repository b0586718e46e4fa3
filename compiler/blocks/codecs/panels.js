/* The `panels` block state codec (tabs, accordion), in suspend_data format 2 (core/state.js).
 *
 * state   = seen mask, then open mask; each ceil(panels / 6) base-64 digits, bit i = panel i
 * value   = { seen, open } (integers); done = every panel seen.
 * Shipped only in packages whose course has a block with this codec; the compile-time worst case
 * is compiler/blocks/base.py `worst_panel_state`.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  const S = C.state;

  /** Base-64 digits of a mask of `count` bits. */
  function maskWidth(count) {
    return Math.max(1, Math.ceil(count / 6));
  }

  S.codecs.panels = {
    /** {seen, open} masks -> "" when untouched, else the two masks. */
    encode(spec, value) {
      if (!value) return "";
      const all = Math.pow(2, spec.n) - 1;
      const seen = value.seen & all;
      const open = value.open & all;
      if (!seen && !open) return "";
      return S.encodeNumber(seen, maskWidth(spec.n)) + S.encodeNumber(open, maskWidth(spec.n));
    },
    decode(spec, text) {
      const width = maskWidth(spec.n);
      if (text.length !== 2 * width) return null;
      const seen = S.decodeNumber(text.slice(0, width));
      const open = S.decodeNumber(text.slice(width));
      const limit = Math.pow(2, spec.n);
      if (seen < 0 || open < 0 || seen >= limit || open >= limit) return null;
      return { seen: seen, open: open };
    },
    /** Every panel seen. */
    done(spec, value) {
      return Boolean(value) && (value.seen & (Math.pow(2, spec.n) - 1)) === Math.pow(2, spec.n) - 1;
    },
    empty() {
      return { seen: 0, open: 0 };
    },
  };
})();
