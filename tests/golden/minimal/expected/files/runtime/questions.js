/* coursec runtime: question widgets (read, restore, check, feedback) and SCORM 1.2 responses. */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const LETTERS = "abcdefghijklmnopqrstuvwxyz";

  // docs/course-format.md: the typed text, trimmed (and lower-cased unless case-sensitive).
  function normalise(question, text) {
    const trimmed = text.trim();
    return question.cs ? trimmed : trimmed.toLowerCase();
  }

  /** Whether an answer (as read from the widget) is complete enough to check or submit. */
  function isAnswered(question, answer) {
    if (answer === null || answer === undefined) return false;
    switch (question.t) {
      case "multiple":
        return answer.length > 0;
      case "fill-in":
        return answer.trim() !== "";
      case "matching":
        return answer.every((n) => n !== null);
      default:
        return true;
    }
  }

  /** Whether an answer is right, by the answer key of the runtime data. */
  function isCorrect(question, answer) {
    if (!isAnswered(question, answer)) return false;
    switch (question.t) {
      case "single":
        return answer === question.c;
      case "multiple":
        return answer.length === question.c.length && question.c.every((n) => answer.includes(n));
      case "true-false":
        return answer === question.c;
      case "fill-in":
        return question.acc.some((accepted) => normalise(question, accepted) === normalise(question, answer));
      case "matching":
      case "sequencing":
        return answer.every((n, index) => n === index);
      default:
        return false;
    }
  }

  function letters(indices) {
    return indices.map((n) => LETTERS[n]).join(",");
  }

  /** The SCORM 1.2 interaction type, student_response and correct pattern (CMIFeedback). */
  function scormResponse(question, answer) {
    switch (question.t) {
      case "single":
        return { type: "choice", response: LETTERS[answer], pattern: LETTERS[question.c] };
      case "multiple":
        return {
          type: "choice",
          response: letters(answer.slice().sort((a, b) => a - b)),
          pattern: letters(question.c),
        };
      case "true-false":
        return { type: "true-false", response: answer ? "t" : "f", pattern: question.c ? "t" : "f" };
      case "fill-in":
        return { type: "fill-in", response: cmiText(answer), pattern: cmiText(question.acc[0]) };
      case "matching": {
        const pairs = (list) =>
          list
            .map((right, left) => (right === null ? "" : LETTERS[left] + "." + (right + 1)))
            .filter(Boolean)
            .join(",");
        const key = [];
        for (let i = 0; i < question.n; i += 1) key.push(i);
        return { type: "matching", response: pairs(answer), pattern: pairs(key) };
      }
      case "sequencing": {
        const key = [];
        for (let i = 0; i < question.n; i += 1) key.push(i);
        return { type: "sequencing", response: letters(answer), pattern: letters(key) };
      }
      default:
        return null;
    }
  }

  /** CMIFeedback for fill-in: printable ASCII-friendly, one line, at most 255 characters. */
  function cmiText(text) {
    return String(text).replace(/\s+/g, " ").trim().slice(0, 255);
  }

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
      const correct = isCorrect(this.q, answer);
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

  C.questions = {
    Widget: Widget,
    isAnswered: isAnswered,
    isCorrect: isCorrect,
    scormResponse: scormResponse,
  };
})();
