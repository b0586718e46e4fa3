/* The labeled graphic block: numbered markers on an image, each a WAI-ARIA APG disclosure button
 * for its text in the list under the image.
 *
 * Keyboard: Tab moves from marker to marker in their number order; Enter/Space (native buttons)
 * open or close a marker's text. Focus stays on the marker; an open marker is described by its
 * text (aria-describedby), so a screen reader reads it there. Nothing shows on hover only.
 * State (core `panels` codec): the markers ever opened and the ones open now; required: every
 * marker opened once.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};

  C.blockTypes.labeled_graphic = {
    mount(element, spec, api) {
      const markers = Array.from(element.querySelectorAll("[data-graphic-marker]"));
      const items = Array.from(element.querySelectorAll("[data-graphic-item]"));
      const texts = Array.from(element.querySelectorAll("[data-graphic-text]"));
      const status = element.querySelector("[data-block-status]");
      if (markers.length !== spec.n || items.length !== spec.n || texts.length !== spec.n) return;
      element.classList.add("is-enhanced");

      const draw = (value) => {
        markers.forEach((marker, index) => {
          const open = Boolean(value.open & (1 << index));
          marker.hidden = false;
          marker.setAttribute("aria-expanded", open ? "true" : "false");
          marker.toggleAttribute("data-seen", Boolean(value.seen & (1 << index)));
          if (open) marker.setAttribute("aria-describedby", texts[index].id);
          else marker.removeAttribute("aria-describedby");
          items[index].classList.toggle("is-open", open);
          texts[index].hidden = !open;
        });
        if (!status) return;
        const seen = markers.filter((marker, index) => value.seen & (1 << index)).length;
        status.hidden = false;
        status.textContent = api.t(seen === spec.n ? "blocks.graphic_done" : "blocks.graphic_open", {
          seen: seen,
          total: spec.n,
        });
      };

      markers.forEach((marker, index) => {
        marker.addEventListener("click", () => {
          const previous = api.state();
          const bit = 1 << index;
          const value = { seen: previous.seen | bit, open: previous.open ^ bit };
          api.set(value);
          draw(value);
        });
      });
      draw(api.state());
    },
  };
})();
