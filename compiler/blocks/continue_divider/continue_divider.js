/* The continue divider: hides the rest of the lesson until the learner presses its button.
 *
 * The button is a native button (Enter/Space). Once pressed it goes, and focus moves to the first
 * part of the lesson it showed (its heading when it starts with one), so keyboard and screen reader users carry on reading from there.
 * Several dividers in a lesson each hold back the part up to the next one; a part behind a divider
 * not yet pressed stays hidden. Hiding is a class that applies on screen only: printed, the whole
 * lesson shows. State (core `panels` codec, one unit): pressed, so a relaunch shows the lesson open.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};
  const HIDDEN = "continue-hidden";

  /** Hide what follows each divider not yet pressed, among the children of the lesson body. */
  function apply(body) {
    let hiding = false;
    Array.from(body.children).forEach((child) => {
      child.classList.toggle(HIDDEN, hiding);
      if (child.dataset.continue === "waiting") hiding = true;
    });
  }

  C.blockTypes.continue_divider = {
    mount(element, spec, api) {
      const button = element.querySelector("[data-continue-button]");
      const body = element.parentElement;
      if (!button || !body || spec.n !== 1) return;
      element.classList.add("is-enhanced");

      const draw = (pressed) => {
        element.dataset.continue = pressed ? "done" : "waiting";
        button.hidden = pressed;
        apply(body);
      };

      button.addEventListener("click", () => {
        const before = Array.from(body.children).filter((child) => child.classList.contains(HIDDEN));
        api.set({ seen: 1, open: 1 });
        draw(true);
        // What this press showed fades in once (reduced motion: the style has no animation).
        before
          .filter((child) => !child.classList.contains(HIDDEN))
          .forEach((child) => {
            child.classList.add("continue-revealed");
            child.addEventListener("animationend", () => child.classList.remove("continue-revealed"), { once: true });
          });
        const next = element.nextElementSibling;
        if (!next) return;
        // Focus the part's heading when it starts with one (screen readers then read its name), else the part.
        const lead = next.firstElementChild;
        const first = lead && /^H[1-6]$/.test(lead.tagName) ? lead : next;
        if (!first.hasAttribute("tabindex")) {
          first.setAttribute("tabindex", "-1");
          first.addEventListener("blur", () => first.removeAttribute("tabindex"), { once: true });
        }
        first.focus();
      });
      draw(Boolean(api.state().seen & 1));
    },
  };
})();
