/* The accordion block: WAI-ARIA APG accordion; each heading's button shows or hides its panel.
 *
 * Keyboard: Enter/Space (native buttons) toggle a panel; Up/Down move between the headings
 * (wrapping), Home/End to the first/last. Several panels may be open at once. State (core
 * `panels` codec): panels ever opened, and the ones open now, so a relaunch shows the same;
 * required: every panel opened once.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};

  C.blockTypes.accordion = {
    mount(element, spec, api) {
      const toggles = Array.from(element.querySelectorAll("[data-accordion-toggle]"));
      const panels = Array.from(element.querySelectorAll("[data-accordion-panel]"));
      const status = element.querySelector("[data-block-status]");
      if (toggles.length !== spec.n || panels.length !== spec.n) return;
      element.classList.add("is-enhanced");

      const draw = (value) => {
        toggles.forEach((toggle, index) => {
          const open = Boolean(value.open & (1 << index));
          toggle.setAttribute("aria-expanded", open ? "true" : "false");
          toggle.toggleAttribute("data-seen", Boolean(value.seen & (1 << index)));
          panels[index].hidden = !open;
        });
        if (!status) return;
        const seen = toggles.filter((toggle, index) => value.seen & (1 << index)).length;
        status.hidden = false;
        status.textContent = api.t(seen === spec.n ? "blocks.panels_done" : "blocks.panels_open", {
          seen: seen,
          total: spec.n,
        });
      };

      toggles.forEach((toggle, index) => {
        toggle.addEventListener("click", () => {
          const previous = api.state();
          const bit = 1 << index;
          const value = { seen: previous.seen | bit, open: previous.open ^ bit };
          api.set(value);
          draw(value);
        });
        toggle.addEventListener("keydown", (event) => {
          let next = null;
          if (event.key === "ArrowDown") next = (index + 1) % toggles.length;
          else if (event.key === "ArrowUp") next = (index - 1 + toggles.length) % toggles.length;
          else if (event.key === "Home") next = 0;
          else if (event.key === "End") next = toggles.length - 1;
          if (next === null) return;
          event.preventDefault();
          toggles[next].focus();
        });
      });
      draw(api.state());
    },
  };
})();
