/* The scenario block: a branching story, one node at a time, choices as buttons in a list.
 *
 * Keyboard: Tab reaches the choices (native buttons, Enter/Space choose); after a choice focus
 * moves to the new node's heading. At an ending: its feedback, the path taken as a list and a
 * restart button; the ending is announced in the block's live region. State (codec `scenario`,
 * defined here): the endings reached so far and the path now taken, so a relaunch shows the same
 * node; required: an ending reached once. Tracked: each ending reached is reported through
 * `api.answered` as one interaction (the trackers map it: trackers/formats.js, scorm12.js).
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.blockTypes = C.blockTypes || {};
  const S = C.state;

  const RUNS_DIGITS = 2; // endings reached, two base-64 digits (compiler/blocks/scenario/block.py)
  const RUNS_MAX = 4095;
  const MAX_CHOICES = 6;
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";

  /* Codec `scenario`: state = runs (RUNS_DIGITS base-64 digits) + one base-64 digit per choice of
   * the path; value = { runs, path: [choice index, ...] }. The path never visits a node twice, so it
   * has fewer choices than the scenario has nodes (spec.n). Which node a choice leads to is in the
   * block's markup; mount() drops a stored path that no longer fits the scenario. */
  S.codecs.scenario = {
    encode(spec, value) {
      if (!value || (!value.runs && !value.path.length)) return "";
      const digits = value.path.map((choice) => S.encodeNumber(choice, 1)).join("");
      return S.encodeNumber(Math.min(value.runs, RUNS_MAX), RUNS_DIGITS) + digits;
    },
    decode(spec, text) {
      if (text.length < RUNS_DIGITS || text.length - RUNS_DIGITS > spec.n - 1) return null;
      const runs = S.decodeNumber(text.slice(0, RUNS_DIGITS));
      const path = Array.from(text.slice(RUNS_DIGITS)).map((digit) => S.decodeNumber(digit));
      if (runs < 0 || path.some((choice) => choice < 0 || choice >= MAX_CHOICES)) return null;
      return { runs: runs, path: path };
    },
    /** An ending reached at least once (restarting afterwards keeps the block done). */
    done(spec, value) {
      return Boolean(value) && value.runs > 0;
    },
    empty() {
      return { runs: 0, path: [] };
    },
  };

  const reduceMotion = () => window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  C.blockTypes.scenario = {
    mount(element, spec, api) {
      const nodes = Array.from(element.querySelectorAll("[data-node]"));
      const start = parseInt(element.dataset.start, 10);
      const review = element.querySelector("[data-scenario-review]");
      const pathList = element.querySelector("[data-scenario-path]");
      const restart = element.querySelector("[data-scenario-restart]");
      const live = element.querySelector("[data-scenario-live]");
      const status = element.querySelector("[data-block-status]");
      if (nodes.length !== spec.n || !(start >= 0 && start < nodes.length) || !review || !pathList || !restart) return;
      const choices = nodes.map((node) => Array.from(node.querySelectorAll("[data-choice]")));
      const title = (index) => nodes[index].querySelector(".scenario-node-title").textContent;
      const isEnding = (index) => nodes[index].hasAttribute("data-ending");

      /** The nodes a path of choices walks through, or null when it does not fit the scenario. */
      const walk = (path) => {
        const visited = [start];
        for (const choice of path) {
          const button = choices[visited[visited.length - 1]][choice];
          if (!button) return null;
          const next = parseInt(button.dataset.to, 10);
          if (visited.includes(next)) return null;
          visited.push(next);
        }
        return visited;
      };

      const showStatus = (value) => {
        if (!status) return;
        status.hidden = false;
        status.textContent = api.t(value.runs > 0 ? "blocks.scenario_done" : "blocks.scenario_open");
      };

      const drawReview = (path, visited) => {
        pathList.textContent = "";
        path.forEach((choice, step) => {
          const item = document.createElement("li");
          item.textContent = api.t("blocks.scenario_step", {
            node: title(visited[step]),
            choice: choices[visited[step]][choice].textContent,
          });
          pathList.appendChild(item);
        });
        const last = document.createElement("li");
        last.textContent = title(visited[visited.length - 1]);
        pathList.appendChild(last);
      };

      /** Show the node at the end of the path; move focus to its heading when the learner acted. */
      const draw = (value, focus) => {
        const visited = walk(value.path);
        const current = visited[visited.length - 1];
        nodes.forEach((node, index) => {
          node.hidden = index !== current;
          node.classList.toggle("is-new", focus && index === current && !reduceMotion());
        });
        const ended = isEnding(current);
        review.hidden = !ended;
        if (ended) drawReview(value.path, visited);
        showStatus(value);
        if (focus) nodes[current].querySelector(".scenario-node-title").focus();
        return visited;
      };

      /** The interaction of a path: each step as "node[.]choice letter", the ending last. */
      const report = (value, visited) => {
        if (!element.hasAttribute("data-tracked") || typeof api.answered !== "function") return;
        const ids = visited.map((index) => nodes[index].dataset.nodeId);
        const steps = value.path.map((choice, step) => ids[step] + "[.]" + LETTERS[choice]);
        steps.push(ids[ids.length - 1]);
        const scores = nodes.filter((node) => node.hasAttribute("data-score")).map((node) => Number(node.dataset.score));
        const score = nodes[visited[visited.length - 1]].dataset.score;
        api.answered({
          attempt: value.runs,
          question: { t: "path", d: element.querySelector(".scenario-title").textContent },
          answer: steps,
          // The best-scored ending counts as correct; without scores there is no right or wrong.
          correct: scores.length ? score !== undefined && Number(score) === Math.max.apply(null, scores) : null,
        });
      };

      const choose = (node, choice) => {
        const previous = api.state();
        const visited = walk(previous.path) || [start];
        if (visited[visited.length - 1] !== node) return;
        const next = parseInt(choices[node][choice].dataset.to, 10);
        const back = visited.indexOf(next);
        // Back to a node already on the path ("try again"): the path is cut back to it.
        const path = back >= 0 ? previous.path.slice(0, back) : previous.path.concat([choice]);
        const ended = isEnding(next);
        const value = { runs: previous.runs + (ended ? 1 : 0), path: path };
        api.set(value);
        const shown = draw(value, true);
        if (ended) {
          const score = nodes[next].dataset.score;
          if (live) {
            live.textContent = api.t(score === undefined ? "blocks.scenario_reached" : "blocks.scenario_reached_score", {
              title: title(next),
              score: score,
            });
          }
          report(value, shown);
        }
      };

      element.classList.add("is-enhanced");
      nodes.forEach((node, index) => {
        choices[index].forEach((button, choice) => {
          button.hidden = false;
          button.addEventListener("click", () => choose(index, choice));
        });
      });
      restart.addEventListener("click", () => {
        const value = { runs: api.state().runs, path: [] };
        api.set(value);
        if (live) live.textContent = api.t("blocks.scenario_restarted", { title: title(start) });
        draw(value, true);
      });

      // Resume where the learner was; a stored path the scenario no longer has starts afresh.
      let resumed = api.state();
      if (!walk(resumed.path)) {
        resumed = { runs: resumed.runs, path: [] };
        api.set(resumed);
      }
      draw(resumed, false);
    },
  };
})();
