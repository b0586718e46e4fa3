/* The process block: one step at a time, with previous and next buttons (WAI-ARIA APG carousel,
 * without rotation: the learner moves on, nothing moves by itself).
 *
 * Keyboard: Tab reaches the previous and next buttons; Enter/Space move one step. Focus stays on
 * the button pressed; at the first or last step that button says it is unavailable (aria-disabled)
 * rather than losing focus. "Step 2 of 5" is a polite live region, so screen readers hear each move.
 * State (core `panels` codec): the steps reached and the step shown, so a relaunch shows the same
 * step; required: every step reached, which one step at a time means the last step reached.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};

  C.blockTypes.process = {
    mount(element, spec, api) {
      const list = element.querySelector("[data-process-list]");
      const steps = Array.from(element.querySelectorAll("[data-process-step]"));
      const nav = element.querySelector("[data-process-nav]");
      const previous = element.querySelector("[data-process-prev]");
      const next = element.querySelector("[data-process-next]");
      const count = element.querySelector("[data-process-count]");
      const status = element.querySelector("[data-block-status]");
      if (!list || !nav || !previous || !next || !count || steps.length !== spec.n) return;
      element.classList.add("is-enhanced");
      nav.hidden = false;
      // One step on screen: a list of one item would only mislead; the count line says where the learner is.
      list.setAttribute("role", "none");
      steps.forEach((step) => step.setAttribute("role", "none"));
      let current = 0;

      const show = (index) => {
        current = index;
        steps.forEach((step, i) => {
          step.hidden = i !== index;
        });
        previous.setAttribute("aria-disabled", index === 0 ? "true" : "false");
        next.setAttribute("aria-disabled", index === steps.length - 1 ? "true" : "false");
        count.textContent = api.t("blocks.process_count", { step: index + 1, total: steps.length });
        const before = api.state();
        const value = { seen: before.seen | (1 << index), open: 1 << index };
        if (value.seen !== before.seen || value.open !== before.open) api.set(value);
        if (!status) return;
        const done = (value.seen & (Math.pow(2, spec.n) - 1)) === Math.pow(2, spec.n) - 1;
        status.hidden = false;
        status.textContent = api.t(done ? "blocks.process_done" : "blocks.process_open", { total: spec.n });
      };

      previous.addEventListener("click", () => {
        if (current > 0) show(current - 1);
      });
      next.addEventListener("click", () => {
        if (current < steps.length - 1) show(current + 1);
      });

      // Resume on the step shown last; a first visit shows (and so has reached) the first step.
      const resumed = api.state();
      const open = steps.findIndex((step, index) => resumed.open & (1 << index));
      show(open >= 0 ? open : 0);
    },
  };
})();
