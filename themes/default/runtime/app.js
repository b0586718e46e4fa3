/* Default theme: pages, navigation, progress display, widgets and the quiz flow on screen.
 *
 * State, scoring, the completion rule and tracking belong to the compiler's runtime core
 * (C.Progress in runtime/core/progress.js); this file only draws it and forwards what the learner does.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  function readJson(id) {
    const element = document.getElementById(id);
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (e) {
      return null;
    }
  }

  function format(template, params) {
    return String(template).replace(/\{(\w+)\}/g, (match, name) =>
      params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match
    );
  }

  const GRAPHEMES = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  /** The characters a learner sees in a text: an emoji or a letter with its accent is one. */
  function visibleLength(text) {
    if (GRAPHEMES) {
      let count = 0;
      for (const _ of GRAPHEMES.segment(text)) count += 1; // eslint-disable-line no-unused-vars
      return count;
    }
    return Array.from(text).length;
  }

  const RECOVERED_SHOWN_MS = 5000; // "saved again" stays this long, then the notice goes


  let liveTimer = null;
  /** Announce a text through the polite live region (cleared first so repeats are read). */
  C.announce = function (text) {
    const live = document.querySelector("[data-live]");
    if (!live || !text) return;
    live.textContent = "";
    window.clearTimeout(liveTimer);
    liveTimer = window.setTimeout(() => {
      live.textContent = text;
    }, 60);
  };

  class App {
    constructor(data, strings) {
      this.data = data;
      this.strings = strings || {};
      this.t = (key, params) => format(this.strings[key] === undefined ? key : this.strings[key], params);
      this.pages = Array.from(document.querySelectorAll("section[data-page]"));
      this.current = null;
      this.checks = {};
      this.quizWidgets = {};
    }

    pageKey(page) {
      return page.dataset.page === "lesson" ? page.dataset.lessonId : page.dataset.page;
    }

    page(key) {
      return this.pages.find((page) => this.pageKey(page) === key) || null;
    }

    start() {
      const root = document.documentElement;
      root.classList.remove("no-js");
      root.classList.add("js");
      // Before the tracker starts: an LMS that does not start the session at once is shown.
      this.setupDelivery();
      C.tracker.start(this.data, (t) => this.begin(t, root));
    }

    begin(tracker, root) {
      this.progress = new C.Progress(this.data, tracker);
      this.state = this.progress.state;
      root.setAttribute("data-mode", this.progress.mode);
      const notice = document.querySelector("[data-standalone-notice]");
      // An LMS that would not start a session has its own notice ([data-save-status]).
      if (notice) notice.hidden = this.progress.mode !== "standalone" || C.delivery.state === "unconnected";
      const location = this.progress.location;

      this.setupQuestions(document);
      this.setupAssignments(document);
      this.setupQuiz();
      this.setupNavigation();
      this.observeLessonEnds();

      this.progress.onchange = () => this.updateProgress();
      // S12-D1: "incomplete" at once, so the LMS never turns "not attempted" into "completed".
      this.progress.report();
      this.show(this.page(location) ? location : this.pageKey(this.pages[0]), false);
      this.progress.tracker.flush();

      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") this.progress.saveNow();
      });
      // pagehide only: unload is unreliable (iOS) and blocked in some LMS frames (P7, P8).
      window.addEventListener("pagehide", () => this.finish());
    }

    // ------------------------------------------------------------------ saving status

    /** Tell the learner when saving fails, when it recovered, and while the last results go out. */
    setupDelivery() {
      const box = document.querySelector("[data-save-status]");
      const text = box && box.querySelector("[data-save-status-text]");
      if (!box || !text) return;
      let hideTimer = null;
      const show = (key) => {
        window.clearTimeout(hideTimer);
        text.textContent = this.t(key);
        box.hidden = false;
        box.dataset.saveStatus = key.split("_").pop(); // runtime.save_retrying -> retrying
        C.announce(text.textContent);
      };
      let failed = false; // since the last "saved": retries go "retrying" -> "saving" -> ...
      // The final states (the LMS would not start, the last session unreadable, the last results
      // unconfirmed) stay on screen.
      const lasting = {
        connecting: "runtime.save_connecting",
        unconnected: "runtime.save_unconnected",
        readonly: "runtime.save_readonly",
        unsaved: "runtime.save_unsaved",
      };
      C.delivery.on((state) => {
        if (state === "retrying") {
          failed = true;
          show("runtime.save_retrying");
        } else if (state === "closing") show("runtime.save_closing");
        else if (lasting[state]) show(lasting[state]);
        else if (state === "saved" && failed) {
          failed = false;
          show("runtime.save_recovered");
          hideTimer = window.setTimeout(() => {
            box.hidden = true;
          }, RECOVERED_SHOWN_MS);
        } else if (state === "saved") box.hidden = true;
      });
    }

    // ------------------------------------------------------------------ navigation

    setupNavigation() {
      document.addEventListener("click", (event) => {
        const link = event.target.closest("[data-nav-to]");
        if (link && this.page(link.dataset.navTo)) {
          event.preventDefault();
          // On a phone the contents list is folded over the page: fold it again once a page is chosen.
          const disclosure = link.closest("[data-toc-disclosure]");
          if (disclosure && !window.matchMedia("(min-width: 60em)").matches) disclosure.open = false;
          this.show(link.dataset.navTo, true);
          if (link.dataset.navAnchor) this.reveal(link.dataset.navAnchor);
          return;
        }
        const action = event.target.closest("[data-action]");
        if (!action) return;
        if (action.dataset.action === "prev") this.step(-1);
        else if (action.dataset.action === "next") this.step(1);
        else if (action.dataset.action === "exit") this.exit();
      });
    }

    /** A link to a heading of a lesson (the page is shown already): scroll to it and move focus there. */
    reveal(id) {
      const target = document.getElementById(id);
      if (!target) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
      target.scrollIntoView();
    }

    step(delta) {
      const index = this.pages.indexOf(this.page(this.current));
      const target = this.pages[index + delta];
      if (!target) return;
      if (delta > 0 && this.isLesson(this.current)) this.markEnd(this.current);
      this.show(this.pageKey(target), true);
    }

    isLesson(key) {
      return this.data.lessons.some((lesson) => lesson.id === key);
    }

    show(key, moveFocus) {
      const target = this.page(key);
      if (!target) return;
      // The observer reports on the next frame; a learner who scrolled to the end and left at
      // once has still seen it.
      if (this.current && this.isLesson(this.current) && this.endInView(this.current)) this.markEnd(this.current);
      // Before it shows: an empty lesson's end marker would count as read.
      this.materialise(target);
      if (C.pages && !this.pending(target)) C.pages.prefetchAfter(this, key);
      this.pages.forEach((page) => {
        page.hidden = page !== target;
      });
      this.current = key;
      if (key === "quiz") this.renderQuiz();
      if (key === "end") this.renderSummary();
      const index = this.pages.indexOf(target);
      document.querySelectorAll('[data-action="prev"]').forEach((button) => {
        button.disabled = index === 0;
      });
      document.querySelectorAll('[data-action="next"]').forEach((button) => {
        button.disabled = index === this.pages.length - 1;
      });
      document.querySelectorAll("[data-toc] [data-nav-to]").forEach((link) => {
        if (link.dataset.navTo === key) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      });
      window.scrollTo(0, 0);
      if (moveFocus) {
        // Focus also scrolls an LMS page that scrolls around a tall course frame.
        const heading = target.querySelector("[data-page-heading]");
        if (heading) heading.focus();
      }
      this.progress.visit(key);
    }

    /** Instantiate a page's inert body (<template data-page-body>) once, then wire its widgets.
     * A long course loads only what the shown lesson needs: images and widgets of other lessons
     * stay in their templates (issue 12), and a long course's markup in pages/<key>.js until the
     * lesson is opened (runtime/pages.js, shipped only then). */
    materialise(page) {
      const template = page.querySelector("template[data-page-body]");
      if (!template) return;
      // A long course's body is in pages/<key>.js: runtime/pages.js loads it, then calls this again.
      if (template.hasAttribute("data-src")) {
        if (C.pages) C.pages.load(this, page, template);
        return;
      }
      const roots = Array.from(template.content.children);
      template.replaceWith(template.content);
      roots.forEach((root) => {
        this.setupQuestions(root);
        this.setupAssignments(root);
        this.setupBlocks(root);
      });
      page.dispatchEvent(new CustomEvent("coursec:materialised", { bubbles: true }));
    }

    /** Whether a page's body is still to be loaded: its end marker means nothing yet. */
    pending(page) {
      return Boolean(page && page.querySelector("template[data-page-body][data-src]"));
    }

    observeLessonEnds() {
      if (!("IntersectionObserver" in window)) return;
      const observer = new IntersectionObserver((entries) => {
        entries.forEach((entry) => {
          const page = entry.target.closest("section[data-page]");
          // A hidden page's marker never intersects; no need to check which page is shown.
          if (entry.isIntersecting && page && !this.pending(page)) this.markEnd(this.pageKey(page));
        });
      });
      document.querySelectorAll("[data-lesson-end]").forEach((marker) => observer.observe(marker));
    }

    endInView(key) {
      const marker = this.page(key).querySelector("[data-lesson-end]");
      if (!marker || this.pending(this.page(key))) return false;
      const box = marker.getBoundingClientRect();
      return box.top <= window.innerHeight && box.bottom >= 0;
    }

    markEnd(key) {
      this.progress.markEnd(key);
    }

    lessonDone(lesson) {
      return this.progress.lessonDone(lesson);
    }

    // ------------------------------------------------------------------ knowledge checks

    setupQuestions(root) {
      root.querySelectorAll('[data-question][data-graded="false"]').forEach((element) => {
        const id = element.dataset.question;
        const question = this.data.questions[id];
        if (!question) return;
        const widget = new C.questions.Widget(element, question, this.t);
        this.checks[id] = widget;
        if (this.state.checks[id] !== undefined) {
          widget.write(this.state.checks[id]);
          widget.showFeedback(this.state.checks[id]);
        }
        const button = element.querySelector("[data-check]");
        if (button) button.addEventListener("click", () => this.check(id));
        element.addEventListener("change", (event) => {
          if (event.target !== button) widget.hideFeedback();
        });
      });
    }

    check(id) {
      const widget = this.checks[id];
      const answer = widget.read();
      if (!C.answers.isAnswered(widget.q, answer)) {
        C.announce(this.t("question.answer_first"));
        return;
      }
      C.announce(widget.showFeedback(answer));
      this.progress.check(id, answer);
    }

    // ------------------------------------------------------------------ registered blocks

    /** Hand each registered block (tabs, accordion, ...) to its script (compiler/blocks/<kind>/). */
    setupBlocks(root) {
      root.querySelectorAll("[data-block]").forEach((element) => {
        const id = element.dataset.block;
        const spec = this.data.blocks && this.data.blocks[id];
        const type = C.blockTypes && C.blockTypes[element.dataset.blockKind];
        if (!spec || !type) return;
        type.mount(element, spec, {
          state: () => this.progress.blockState(id),
          set: (value) => this.progress.setBlock(id, value),
          answered: (record) => this.progress.blockAnswered(id, record),
          t: this.t,
        });
      });
    }

    // ------------------------------------------------------------------ assignments

    setupAssignments(root) {
      root.querySelectorAll("[data-assignment]").forEach((element) => {
        const id = element.dataset.assignment;
        const assignment = this.data.assignments[id];
        const input = element.querySelector("[data-assignment-input]");
        if (!assignment || !input) return;
        const counter = element.querySelector("[data-counter]");
        const full = element.querySelector("[data-assignment-full]");
        const mirror = element.querySelector("[data-assignment-print]");
        let kept = "";
        let stopped = false; // the last edit was refused: the answer is full
        const refresh = () => {
          // The allowance is in stored characters (an accented letter or emoji takes more than one);
          // the counter speaks in what the learner sees: the characters typed and the room used.
          const cost = C.state.textCost(kept);
          const isFull = stopped || C.state.isFull(kept, assignment.max);
          const percent = isFull ? 100 : Math.min(99, Math.floor((cost * 100) / assignment.max));
          if (counter) {
            counter.textContent = this.t("assignment.counter", {
              count: visibleLength(kept),
              percent: percent,
              max: assignment.max,
            });
          }
          if (full) {
            const message = isFull ? this.t("assignment.full") : "";
            if (full.textContent !== message) full.textContent = message;
          }
          element.classList.toggle("is-full", isFull);
          if (mirror) mirror.textContent = kept;
        };
        if (typeof this.state.assignments[id] === "string") {
          kept = this.state.assignments[id];
          input.value = kept;
        }
        refresh();
        const edit = () => {
          // Typing or pasting past the allowance keeps what fits of it, where it was typed, and stops
          // there (state.js fitEdit); the text before and after it stays as it was, and the learner is
          // told the answer is full.
          const result = C.state.fitEdit(kept, input.value, assignment.max, stopped);
          if (result.text !== input.value) {
            input.value = result.text;
            input.setSelectionRange(result.caret, result.caret);
          }
          stopped = result.refused; // until something is deleted or replaced, nothing more goes in
          kept = this.progress.write(id, result.text);
          refresh();
        };
        input.addEventListener("input", (event) => {
          if (!event.isComposing) edit(); // an IME composition is checked once it ends
        });
        input.addEventListener("compositionend", edit);
      });
    }

    // ------------------------------------------------------------------ graded quiz

    setupQuiz() {
      this.quizElement = document.querySelector("[data-quiz]");
      if (!this.quizElement || !this.data.quiz) return;
      // Questions of a draw that this attempt does not ask wait here, out of the page (renderQuiz).
      this.quizUnasked = document.createDocumentFragment();
      this.quizItems = {}; // question id -> its list item, on the page or waiting
      this.quizElement.querySelectorAll("[data-quiz-item]").forEach((item) => {
        this.quizItems[item.dataset.quizItem] = item;
      });
      C.state.quizCandidates(this.data).forEach((id) => {
        const element = this.quizElement.querySelector('[data-question="' + id + '"]');
        if (element) this.quizWidgets[id] = new C.questions.Widget(element, this.data.questions[id], this.t);
      });
      const form = this.quizElement.querySelector("[data-quiz-form]");
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.submitQuiz();
      });
      const remember = (event) => {
        const quiz = this.state.quiz;
        const element = event.target.closest("[data-question]");
        // With feedback after each question an answer counts once checked (checkQuizQuestion).
        if (!quiz || quiz.phase !== "a" || !element || this.progress.feedbackEach()) return;
        this.progress.quizAnswer(element.dataset.question, this.quizWidgets[element.dataset.question].read());
      };
      form.addEventListener("change", remember);
      form.addEventListener("input", remember);
      this.quizElement.querySelector("[data-quiz-retry]").addEventListener("click", () => {
        this.startAttempt();
        this.renderQuiz();
        const first = this.quizElement.querySelector("[data-quiz-form] input, [data-quiz-form] select, [data-quiz-form] button");
        if (first) first.focus();
        this.progress.save(true);
      });
    }

    /** Feedback after each question: lock the answer of `id` and show its feedback; false when unanswered. */
    checkQuizQuestion(id) {
      const widget = this.quizWidgets[id];
      const quiz = this.state.quiz;
      if (!widget || !quiz || quiz.phase !== "a") return false;
      const answer = widget.read();
      if (!C.answers.isAnswered(widget.q, answer)) {
        C.announce(this.t("question.answer_first"));
        return false;
      }
      this.progress.quizCheck(id, answer);
      widget.lock(true);
      C.announce(widget.showFeedback(answer));
      return true;
    }

    /** Whether the answer of `id` is checked and locked (feedback after each question). */
    quizChecked(id) {
      const quiz = this.state.quiz;
      return Boolean(this.progress.feedbackEach() && quiz && quiz.answers[id] !== undefined);
    }

    quizPassed() {
      return this.progress.quizPassed();
    }

    quizFailedFinal() {
      return this.progress.quizFailedFinal();
    }

    startAttempt() {
      this.progress.startAttempt();
      Object.keys(this.quizWidgets).forEach((id) => this.quizWidgets[id].clear());
    }

    renderQuiz() {
      if (!this.quizElement) return;
      if (!this.state.quiz) this.startAttempt();
      const quiz = this.state.quiz;
      const list = this.quizElement.querySelector(".quiz-questions") || this.quizElement.querySelector("[data-quiz-form] ol");
      const items = this.quizItems;
      const asked = this.progress.quizIds();
      if (list) {
        // The attempt's questions in its order; those it does not ask leave the page.
        Object.keys(items).forEach((id) => {
          if (!asked.includes(id)) this.quizUnasked.appendChild(items[id]);
        });
        asked.forEach((id) => {
          if (items[id]) list.appendChild(items[id]);
        });
      }
      const done = quiz.phase === "r";
      const attempt = done ? quiz.used : quiz.used + 1;
      this.quizElement.querySelector("[data-quiz-status]").textContent = this.t("quiz.status", {
        attempt: attempt,
        attempts: this.data.quiz.attempts,
      });
      asked.forEach((id) => {
        const widget = this.quizWidgets[id];
        if (!widget) return;
        const answer = quiz.answers[id];
        if (answer !== undefined) widget.write(answer);
        const checked = !done && this.quizChecked(id);
        widget.lock(done || checked);
        if (done || checked) widget.showFeedback(answer === undefined ? null : answer);
        else widget.hideFeedback();
      });
      this.quizElement.querySelector("[data-quiz-submit]").hidden = done;
      this.quizElement.querySelector("[data-quiz-error]").hidden = true;
      const result = this.quizElement.querySelector("[data-quiz-result]");
      result.hidden = !done;
      if (done) {
        this.quizElement.querySelector("[data-quiz-score]").textContent = this.t("quiz.score", { score: quiz.score });
        this.quizElement.querySelector("[data-quiz-verdict]").textContent = this.quizVerdict();
        this.quizElement.querySelector("[data-quiz-retry]").hidden = this.quizPassed() || this.quizFailedFinal();
      }
    }

    quizVerdict() {
      const quiz = this.state.quiz;
      if (this.quizPassed()) return this.t("quiz.passed", { mastery: this.data.mastery });
      if (this.quizFailedFinal()) return this.t("quiz.failed_final", { mastery: this.data.mastery });
      const left = this.data.quiz.attempts - quiz.used;
      return this.t(left === 1 ? "quiz.failed_retry_one" : "quiz.failed_retry_other", { mastery: this.data.mastery, left });
    }

    submitQuiz() {
      const quiz = this.state.quiz;
      if (!quiz || quiz.phase !== "a") return;
      const ids = this.progress.quizIds();
      const answers = {};
      const missing = [];
      ids.forEach((id) => {
        const widget = this.quizWidgets[id];
        const answer = widget ? widget.read() : null;
        if (widget && C.answers.isAnswered(widget.q, answer)) answers[id] = answer;
        else missing.push(id);
      });
      if (missing.length) {
        const error = this.quizElement.querySelector("[data-quiz-error]");
        error.textContent = this.t("quiz.unanswered", { count: missing.length });
        error.hidden = false;
        C.announce(error.textContent);
        const first = this.quizElement.querySelector('[data-question="' + missing[0] + '"] input, [data-question="' + missing[0] + '"] select');
        if (first) first.focus();
        return;
      }
      this.progress.submitQuiz(answers);
      this.renderQuiz();
      const heading = this.quizElement.querySelector("[data-quiz-result-heading]");
      if (heading) heading.focus();
      C.announce(this.t("quiz.score", { score: quiz.score }) + " " + this.quizVerdict());
    }

    // ------------------------------------------------------------------ progress

    updateProgress() {
      const lessons = this.data.lessons;
      const percent = Math.round(100 * this.progress.fraction());
      document.querySelectorAll("[data-progress]").forEach((bar) => {
        bar.setAttribute("aria-valuenow", String(percent));
        bar.setAttribute("aria-valuetext", this.t("runtime.progress", { percent: percent }));
        bar.style.setProperty("--progress", String(percent / 100));
        const fill = bar.querySelector("[data-progress-fill]");
        if (fill) fill.style.width = percent + "%";
      });
      document.querySelectorAll("[data-progress-label]").forEach((label) => {
        label.textContent = this.t("runtime.progress", { percent: percent });
      });
      // Each lesson once, by id: the menu of a 1,000-lesson course has as many links.
      const done = new Map(lessons.map((lesson) => [lesson.id, this.lessonDone(lesson)]));
      const quizPassed = this.quizPassed();
      document.querySelectorAll("[data-toc] [data-nav-to]").forEach((link) => {
        const key = link.dataset.navTo;
        const isDone = done.has(key) ? done.get(key) : key === "quiz" && quizPassed;
        const isStarted = !isDone && this.started(key);
        link.toggleAttribute("data-done", isDone);
        link.toggleAttribute("data-started", isStarted);
        const label = link.querySelector("[data-done-label]");
        if (label) {
          label.textContent = isDone
            ? this.t("runtime.done_suffix")
            : isStarted
              ? this.t("runtime.started_suffix")
              : "";
        }
      });
      lessons.forEach((lesson) => this.showWhatIsOpen(lesson));
    }

    /** Whether the learner has opened a lesson (or the quiz) without finishing it yet. */
    started(key) {
      if (key === "quiz") return Boolean(this.state.quiz) && !this.quizFailedFinal();
      const lesson = this.state.lessons[key];
      return Boolean(lesson && lesson.visited);
    }

    /** The lesson end's hint: what still holds a lesson back once the learner has read to its end. */
    showWhatIsOpen(lesson) {
      const page = this.page(lesson.id);
      const hint = page && page.querySelector("[data-lesson-open]");
      if (!hint) return;
      const reached = Boolean(this.state.lessons[lesson.id] && this.state.lessons[lesson.id].end);
      const openChecks = lesson.checks.filter((id) => this.state.checks[id] === undefined);
      const openBlocks = (lesson.blocks || []).filter((id) => this.data.blocks[id].req && !this.progress.blockDone(id));
      const open = reached && !this.lessonDone(lesson);
      let text = "";
      if (open && openChecks.length) {
        text = this.t(openChecks.length === 1 ? "runtime.lesson_open_one" : "runtime.lesson_open_other", {
          count: openChecks.length,
        });
      } else if (open) {
        text = this.t("runtime.lesson_open_blocks");
      }
      const first = openChecks.length
        ? page.querySelector(`[data-question="${openChecks[0]}"]`)
        : openBlocks.length
          ? page.querySelector(`[data-block="${openBlocks[0]}"]`)
          : null;
      hint.hidden = !text;
      const line = hint.querySelector("[data-lesson-open-text]");
      if (line && line.textContent !== text) {
        line.textContent = text;
        if (text && this.current === lesson.id) C.announce(text);
      }
      const go = hint.querySelector("[data-lesson-open-go]");
      if (go) {
        go.hidden = !first;
        go.onclick = () => {
          if (!first) return;
          if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
          first.scrollIntoView({ block: "start" });
          first.focus({ preventScroll: true });
        };
      }
    }

    renderSummary() {
      const summary = document.querySelector("[data-summary]");
      if (!summary) return;
      const lessons = this.data.lessons;
      const done = lessons.filter((lesson) => this.lessonDone(lesson)).length;
      const lines = [this.t("summary.lessons", { done: done, total: lessons.length })];
      if (this.data.quiz) {
        const quiz = this.state.quiz;
        if (!quiz || (quiz.phase !== "r" && quiz.used === 0)) lines.push(this.t("summary.quiz_open"));
        else lines.push(this.t("quiz.score", { score: quiz.score }) + " " + this.quizVerdict());
      }
      const reported = this.progress.reported;
      lines.push(this.t(this.progress.isFinal() && reported !== "failed" ? "summary.complete" : "summary.incomplete"));
      summary.textContent = "";
      const list = document.createElement("ul");
      lines.forEach((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      summary.appendChild(list);
    }

    /** The exit button: save, end the LMS session and, once the LMS confirmed it, say so. */
    exit() {
      this.finish();
      this.show("end", true);
      const text = this.t("runtime.exit_message");
      let told = false;
      const tell = () => {
        if (told) return;
        told = true;
        document.querySelectorAll("[data-exit-message]").forEach((element) => {
          element.textContent = text;
          element.hidden = false;
        });
        C.announce(text);
      };
      // "You can close this window" only once the LMS or LRS has everything (the saving notice says
      // "closing" meanwhile).
      if (C.delivery.state === "saved") tell();
      else C.delivery.on((state) => state === "saved" && tell());
    }

    finish() {
      const done = this.progress.finish();
      document.documentElement.setAttribute("data-finished", "");
      return done;
    }
  }

  function boot() {
    const data = readJson("coursec-data");
    if (!data) return;
    C.app = new App(data, readJson("coursec-strings"));
    C.app.start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
