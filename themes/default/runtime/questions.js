/* Default theme: question widgets (read, restore, lock, feedback); answers are judged by the core (answers.js). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  /** A question widget: the DOM element plus its answer key. */
  class Widget {
    constructor(element, question, strings) {
      this.el = element;
      this.q = question;
      this.t = strings;
      this.feedback = element.querySelector("[data-feedback]");
      this.prepare();
    }

    prepare() {
      if (this.q.t === "matching") {
        // Show the right-hand items in the fixed shuffled order, not in key order.
        this.el.querySelectorAll("select[data-match-left]").forEach((select) => {
          const options = Array.from(select.querySelectorAll("option")).filter((o) => o.value !== "");
          this.q.perm.forEach((index) => select.appendChild(options[index]));
        });
      }
      if (this.q.t === "fill-in") {
        // The field holds max_length characters (maxlength); at the limit the learner is told, so a
        // longer paste is never cut off unnoticed.
        const input = this.el.querySelector("input[data-fill-in]");
        const note = this.el.querySelector("[data-fill-in-full]");
        if (input && note) {
          const refresh = () => {
            const message = input.value.length >= this.q.max ? this.t("question.fill_in_full", { max: this.q.max }) : "";
            if (note.textContent !== message) note.textContent = message;
          };
          input.addEventListener("input", refresh);
          this.refreshLimit = refresh;
        }
      }
      if (this.q.t === "sequencing") {
        this.setOrder(this.q.perm);
        this.el.addEventListener("click", (event) => {
          const button = event.target.closest("[data-seq-move]");
          if (button && !button.disabled) this.move(button);
        });
      }
    }

    inputs() {
      return Array.from(this.el.querySelectorAll("input, select, textarea, button[data-seq-move]"));
    }

    /** The learner's current answer, or null when there is none. */
    read() {
      const el = this.el;
      switch (this.q.t) {
        case "single": {
          const checked = el.querySelector("input[data-option]:checked");
          return checked ? Number(checked.value) : null;
        }
        case "multiple":
          return Array.from(el.querySelectorAll("input[data-option]:checked")).map((i) => Number(i.value));
        case "true-false": {
          const checked = el.querySelector("input[data-option]:checked");
          return checked ? checked.value === "t" : null;
        }
        case "fill-in":
          return el.querySelector("input[data-fill-in]").value;
        case "matching":
          return Array.from(el.querySelectorAll("select[data-match-left]")).map((s) =>
            s.value === "" ? null : Number(s.value)
          );
        case "sequencing":
          return Array.from(el.querySelectorAll("[data-seq-item]")).map((li) => Number(li.dataset.seqItem));
        default:
          return null;
      }
    }

    /** Put a stored answer back into the controls. */
    write(answer) {
      const el = this.el;
      switch (this.q.t) {
        case "single":
        case "multiple":
          el.querySelectorAll("input[data-option]").forEach((input) => {
            input.checked = this.q.t === "single" ? Number(input.value) === answer : answer.includes(Number(input.value));
          });
          break;
        case "true-false":
          el.querySelectorAll("input[data-option]").forEach((input) => {
            input.checked = (input.value === "t") === answer;
          });
          break;
        case "fill-in":
          el.querySelector("input[data-fill-in]").value = answer;
          if (this.refreshLimit) this.refreshLimit();
          break;
        case "matching":
          el.querySelectorAll("select[data-match-left]").forEach((select, index) => {
            select.value = answer[index] === null ? "" : String(answer[index]);
          });
          break;
        case "sequencing":
          this.setOrder(answer);
          break;
        default:
          break;
      }
    }

    /** Reset the controls to no answer (a new quiz attempt). */
    clear() {
      this.el.querySelectorAll("input[data-option]").forEach((input) => {
        input.checked = false;
      });
      this.el.querySelectorAll("input[data-fill-in]").forEach((input) => {
        input.value = "";
      });
      if (this.refreshLimit) this.refreshLimit();
      this.el.querySelectorAll("select[data-match-left]").forEach((select) => {
        select.value = "";
      });
      if (this.q.t === "sequencing") this.setOrder(this.q.perm);
      this.hideFeedback();
    }

    setOrder(order) {
      const list = this.el.querySelector("[data-seq-list]");
      const items = {};
      list.querySelectorAll("[data-seq-item]").forEach((li) => {
        items[li.dataset.seqItem] = li;
      });
      order.forEach((index) => list.appendChild(items[index]));
      this.updateMoveButtons();
    }

    updateMoveButtons() {
      const items = Array.from(this.el.querySelectorAll("[data-seq-item]"));
      items.forEach((li, position) => {
        li.querySelector('[data-seq-move="up"]').disabled = position === 0 || this.locked === true;
        li.querySelector('[data-seq-move="down"]').disabled = position === items.length - 1 || this.locked === true;
      });
    }

    move(button) {
      const li = button.closest("[data-seq-item]");
      const up = button.dataset.seqMove === "up";
      const sibling = up ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) return;
      li.parentNode.insertBefore(li, up ? sibling : sibling.nextElementSibling);
      this.updateMoveButtons();
      // Keep focus on the moved item; move to its other button at either end of the list.
      const again = li.querySelector('[data-seq-move="' + (up ? "up" : "down") + '"]');
      const other = li.querySelector('[data-seq-move="' + (up ? "down" : "up") + '"]');
      (again.disabled ? other : again).focus();
      const items = Array.from(li.parentNode.children);
      const text = li.querySelector(".question-seq-text").textContent.trim();
      C.announce(
        this.t("question.moved", { item: text, position: items.indexOf(li) + 1, total: items.length })
      );
      this.el.dispatchEvent(new Event("change", { bubbles: true }));
    }

    /** Disable or enable every control (a submitted quiz attempt is read-only). */
    lock(locked) {
      this.locked = locked;
      this.inputs().forEach((input) => {
        input.disabled = locked;
      });
      if (this.q.t === "sequencing") this.updateMoveButtons();
    }

    hideFeedback() {
      this.el.removeAttribute("data-state");
      if (this.feedback) this.feedback.hidden = true;
    }

    /** Show the verdict and the matching feedback texts; return them as one announcement. */
    showFeedback(answer) {
      const correct = C.answers.isCorrect(this.q, answer);
      this.el.setAttribute("data-state", correct ? "correct" : "wrong");
      if (!this.feedback) return "";
      const verdict = this.feedback.querySelector("[data-verdict]");
      verdict.textContent = this.t(correct ? "question.correct" : "question.wrong");
      const shown = [verdict];
      this.feedback.querySelectorAll("[data-option-feedback]").forEach((div) => {
        const index = Number(div.dataset.optionFeedback);
        div.hidden = !(this.q.t === "single" ? answer === index : answer.includes(index));
        if (!div.hidden) shown.push(div);
      });
      const right = this.feedback.querySelector("[data-feedback-correct]");
      const wrong = this.feedback.querySelector("[data-feedback-incorrect]");
      if (right) right.hidden = !correct;
      if (wrong) wrong.hidden = correct;
      if (right && correct) shown.push(right);
      if (wrong && !correct) shown.push(wrong);
      this.feedback.hidden = false;
      return shown.map((node) => node.textContent.trim()).join(" ");
    }
  }

  C.questions = { Widget: Widget };
})();
