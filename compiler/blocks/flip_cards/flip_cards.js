/* The flip cards block: each card's front is a WAI-ARIA APG disclosure button that shows its back.
 *
 * Keyboard: Tab moves from card to card; Enter/Space (native buttons) turn a card over and back.
 * Nothing hides behind hover: the back shows only when the button is pressed, and the button
 * stays where it is, so focus never jumps. State (core `panels` codec): the cards ever turned,
 * and the ones turned now, so a relaunch shows the same; required: every card turned once.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};

  C.blockTypes.flip_cards = {
    mount(element, spec, api) {
      const cards = Array.from(element.querySelectorAll("[data-flip-card]"));
      const toggles = Array.from(element.querySelectorAll("[data-flip-card-toggle]"));
      const backs = Array.from(element.querySelectorAll("[data-flip-card-back]"));
      const hints = Array.from(element.querySelectorAll("[data-flip-card-hint]"));
      const status = element.querySelector("[data-block-status]");
      if (toggles.length !== spec.n || backs.length !== spec.n || hints.length !== spec.n) return;
      element.classList.add("is-enhanced");

      const draw = (value) => {
        toggles.forEach((toggle, index) => {
          const turned = Boolean(value.open & (1 << index));
          toggle.setAttribute("aria-expanded", turned ? "true" : "false");
          toggle.toggleAttribute("data-seen", Boolean(value.seen & (1 << index)));
          cards[index].classList.toggle("is-turned", turned);
          backs[index].hidden = !turned;
          hints[index].hidden = false;
          hints[index].textContent = api.t(turned ? "blocks.flip_cards_turn_back" : "blocks.flip_cards_turn");
        });
        if (!status) return;
        const seen = toggles.filter((toggle, index) => value.seen & (1 << index)).length;
        status.hidden = false;
        status.textContent = api.t(seen === spec.n ? "blocks.flip_cards_done" : "blocks.flip_cards_open", {
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
          // The turn animates once (not again each time the lesson shows); reduced motion: no animation.
          cards[index].classList.add("is-flipping");
          cards[index].addEventListener("animationend", () => cards[index].classList.remove("is-flipping"), {
            once: true,
          });
          draw(value);
        });
      });
      draw(api.state());
    },
  };
})();
