/* The tabs block: a WAI-ARIA APG tab list (automatic activation) over the block's panels.
 *
 * Keyboard: Left/Right move to the previous/next tab (wrapping) and show it, Home/End the
 * first/last; Tab leaves the list for the shown panel. State (core `panels` codec): the tabs
 * seen and the one shown, so a relaunch opens the same tab; required: every tab seen.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};

  C.blockTypes.tabs = {
    mount(element, spec, api) {
      const list = element.querySelector("[data-tabs-list]");
      const tabs = Array.from(element.querySelectorAll("[data-tab]"));
      const panels = Array.from(element.querySelectorAll("[data-tab-panel]"));
      const status = element.querySelector("[data-block-status]");
      if (!list || tabs.length !== spec.n || panels.length !== spec.n) return;
      list.hidden = false;
      element.classList.add("is-enhanced");
      panels.forEach((panel, index) => {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tabs[index].id);
        panel.tabIndex = 0;
      });

      const showStatus = (value) => {
        const seen = tabs.filter((tab, index) => value.seen & (1 << index)).length;
        tabs.forEach((tab, index) => tab.toggleAttribute("data-seen", Boolean(value.seen & (1 << index))));
        if (!status) return;
        status.hidden = false;
        status.textContent = api.t(seen === spec.n ? "blocks.tabs_done" : "blocks.tabs_open", {
          seen: seen,
          total: spec.n,
        });
      };

      const select = (index, focus) => {
        tabs.forEach((tab, i) => {
          const selected = i === index;
          tab.setAttribute("aria-selected", selected ? "true" : "false");
          tab.tabIndex = selected ? 0 : -1;
          panels[i].hidden = !selected;
        });
        if (focus) tabs[index].focus();
        const previous = api.state();
        const value = { seen: previous.seen | (1 << index), open: 1 << index };
        if (value.seen !== previous.seen || value.open !== previous.open) api.set(value);
        showStatus(value);
      };

      tabs.forEach((tab, index) => {
        tab.addEventListener("click", () => select(index, false));
        tab.addEventListener("keydown", (event) => {
          let next = null;
          if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
          else if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
          else if (event.key === "Home") next = 0;
          else if (event.key === "End") next = tabs.length - 1;
          if (next === null) return;
          event.preventDefault();
          select(next, true);
        });
      });

      // Resume on the tab shown last; a first visit shows (and so has seen) the first tab.
      const resumed = api.state();
      const open = tabs.findIndex((tab, index) => resumed.open & (1 << index));
      select(open >= 0 ? open : 0, false);
    },
  };
})();
