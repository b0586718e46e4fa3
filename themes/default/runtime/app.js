/* coursec runtime: navigation, progress, lesson completion, quiz flow and SCORM status. */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const FINAL = ["passed", "completed", "failed"];

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

  /** Keep the better of two lesson statuses: never downgrade passed or completed (S12-D2). */
  function keepBest(previous, next) {
    if (previous === "passed") return previous;
    if (previous === "completed" && next !== "passed") return previous;
    if (previous === "failed" && next === "incomplete") return previous;
    return next;
  }

  function shuffled(count) {
    const order = [];
    for (let i = 0; i < count; i += 1) order.push(i);
    for (let i = count - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  class App {
    constructor(data, strings) {
      this.data = data;
      this.strings = strings || {};
      this.t = (key, params) => format(this.strings[key] === undefined ? key : this.strings[key], params);
      this.pages = Array.from(document.querySelectorAll("section[data-page]"));
      this.current = null;
      this.saveTimer = null;
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
      this.session = new C.scorm.Session(C.scorm.findApi(window), this.data.storage);
      this.session.initialize();
      root.setAttribute("data-mode", this.session.mode);
      const notice = document.querySelector("[data-standalone-notice]");
      if (notice) notice.hidden = this.session.mode !== "standalone";

      this.review = this.session.get("cmi.core.lesson_mode") === "review";
      this.reported = this.session.get("cmi.core.lesson_status");
      this.state = C.state.decode(this.data, this.session.get("cmi.suspend_data"));
      const location = this.session.get("cmi.core.lesson_location");

      this.setupQuestions();
      this.setupAssignments();
      this.setupQuiz();
      this.setupNavigation();
      this.observeLessonEnds();

      // S12-D1: "incomplete" at once, so the LMS never turns "not attempted" into "completed".
      this.updateStatus();
      this.show(this.page(location) ? location : this.pageKey(this.pages[0]), false);
      this.session.flush();

      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") this.saveNow();
      });
      // pagehide only: unload is unreliable (iOS) and blocked in some LMS frames (P7, P8).
      window.addEventListener("pagehide", () => this.finish());
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
          return;
        }
        const action = event.target.closest("[data-action]");
        if (!action) return;
        if (action.dataset.action === "prev") this.step(-1);
        else if (action.dataset.action === "next") this.step(1);
        else if (action.dataset.action === "exit") this.exit();
      });
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
      this.pages.forEach((page) => {
        page.hidden = page !== target;
      });
      this.current = key;
      if (this.isLesson(key)) {
        const lesson = this.state.lessons[key] || { visited: false, end: false };
        lesson.visited = true;
        this.state.lessons[key] = lesson;
      }
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
      this.session.set("cmi.core.lesson_location", key.slice(0, 255));
      this.save(true);
    }

    observeLessonEnds() {
      if (!("IntersectionObserver" in window)) return;
      const observer = new IntersectionObserver((entries) => {
        entries.forEach((entry) => {
          const page = entry.target.closest("section[data-page]");
          // A hidden page's marker never intersects; no need to check which page is shown.
          if (entry.isIntersecting && page) this.markEnd(this.pageKey(page));
        });
      });
      document.querySelectorAll("[data-lesson-end]").forEach((marker) => observer.observe(marker));
    }

    endInView(key) {
      const marker = this.page(key).querySelector("[data-lesson-end]");
      if (!marker) return false;
      const box = marker.getBoundingClientRect();
      return box.top <= window.innerHeight && box.bottom >= 0;
    }

    markEnd(key) {
      const lesson = this.state.lessons[key] || { visited: true, end: false };
      if (lesson.end) return;
      lesson.visited = true;
      lesson.end = true;
      this.state.lessons[key] = lesson;
      this.save(true);
    }

    lessonDone(lesson) {
      const s = this.state.lessons[lesson.id];
      return Boolean(s && s.end) && lesson.checks.every((id) => this.state.checks[id] !== undefined);
    }

    // ------------------------------------------------------------------ knowledge checks

    setupQuestions() {
      document.querySelectorAll('[data-question][data-graded="false"]').forEach((element) => {
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
      if (!C.questions.isAnswered(widget.q, answer)) {
        C.announce(this.t("question.answer_first"));
        return;
      }
      this.state.checks[id] = answer;
      C.announce(widget.showFeedback(answer));
      this.save(true);
    }

    // ------------------------------------------------------------------ assignments

    setupAssignments() {
      document.querySelectorAll("[data-assignment]").forEach((element) => {
        const id = element.dataset.assignment;
        const assignment = this.data.assignments[id];
        const input = element.querySelector("[data-assignment-input]");
        if (!assignment || !input) return;
        const counter = element.querySelector("[data-counter]");
        const mirror = element.querySelector("[data-assignment-print]");
        const refresh = () => {
          if (counter) counter.textContent = this.t("assignment.counter", { count: input.value.length, max: assignment.max });
          if (mirror) mirror.textContent = input.value;
        };
        if (typeof this.state.assignments[id] === "string") input.value = this.state.assignments[id];
        refresh();
        input.addEventListener("input", () => {
          if (input.value.length > assignment.max) input.value = input.value.slice(0, assignment.max);
          this.state.assignments[id] = input.value;
          refresh();
          this.save(false);
        });
      });
    }

    // ------------------------------------------------------------------ graded quiz

    setupQuiz() {
      this.quizElement = document.querySelector("[data-quiz]");
      if (!this.quizElement || !this.data.quiz) return;
      this.data.quiz.questions.forEach((id) => {
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
        if (!quiz || quiz.phase !== "a" || !element) return;
        const widget = this.quizWidgets[element.dataset.question];
        const answer = widget.read();
        if (C.questions.isAnswered(widget.q, answer)) quiz.answers[element.dataset.question] = answer;
        else delete quiz.answers[element.dataset.question];
        this.save(false);
      };
      form.addEventListener("change", remember);
      form.addEventListener("input", remember);
      this.quizElement.querySelector("[data-quiz-retry]").addEventListener("click", () => {
        this.startAttempt();
        this.renderQuiz();
        const first = this.quizElement.querySelector("[data-quiz-form] input, [data-quiz-form] select, [data-quiz-form] button");
        if (first) first.focus();
        this.save(true);
      });
    }

    quizPassed() {
      const quiz = this.state.quiz;
      return Boolean(this.data.quiz && quiz && quiz.phase === "r" && quiz.score >= this.data.mastery);
    }

    quizFailedFinal() {
      const quiz = this.state.quiz;
      return Boolean(
        this.data.quiz && quiz && quiz.phase === "r" && !this.quizPassed() && quiz.used >= this.data.quiz.attempts
      );
    }

    startAttempt() {
      const count = this.data.quiz.questions.length;
      const previous = this.state.quiz;
      const order = this.data.quiz.shuffle ? shuffled(count) : [...Array(count).keys()];
      this.state.quiz = { used: previous ? previous.used : 0, phase: "a", score: previous ? previous.score : 0, order: order, answers: {} };
      Object.keys(this.quizWidgets).forEach((id) => this.quizWidgets[id].clear());
    }

    renderQuiz() {
      if (!this.quizElement) return;
      if (!this.state.quiz) this.startAttempt();
      const quiz = this.state.quiz;
      const list = this.quizElement.querySelector(".quiz-questions") || this.quizElement.querySelector("[data-quiz-form] ol");
      const items = {};
      this.quizElement.querySelectorAll("[data-quiz-item]").forEach((item) => {
        items[item.dataset.quizItem] = item;
      });
      quiz.order.forEach((index) => {
        const item = items[this.data.quiz.questions[index]];
        if (item && list) list.appendChild(item);
      });
      const done = quiz.phase === "r";
      const attempt = done ? quiz.used : quiz.used + 1;
      this.quizElement.querySelector("[data-quiz-status]").textContent = this.t("quiz.status", {
        attempt: attempt,
        attempts: this.data.quiz.attempts,
      });
      Object.keys(this.quizWidgets).forEach((id) => {
        const widget = this.quizWidgets[id];
        const answer = quiz.answers[id];
        if (answer !== undefined) widget.write(answer);
        widget.lock(done);
        if (done) widget.showFeedback(answer === undefined ? null : answer);
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
      const ids = quiz.order.map((index) => this.data.quiz.questions[index]);
      const answers = {};
      const missing = [];
      ids.forEach((id) => {
        const widget = this.quizWidgets[id];
        const answer = widget ? widget.read() : null;
        if (widget && C.questions.isAnswered(widget.q, answer)) answers[id] = answer;
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
      const correct = ids.filter((id) => C.questions.isCorrect(this.data.questions[id], answers[id])).length;
      quiz.answers = answers;
      quiz.used += 1;
      quiz.phase = "r";
      quiz.score = Math.round((100 * correct) / ids.length);
      this.recordInteractions(ids, answers, quiz.used);
      this.renderQuiz();
      const heading = this.quizElement.querySelector("[data-quiz-result-heading]");
      if (heading) heading.focus();
      C.announce(this.t("quiz.score", { score: quiz.score }) + " " + this.quizVerdict());
      this.save(true);
    }

    /** One cmi.interactions.n record per graded answer (S12-I1..I3); write-only, appended. */
    recordInteractions(ids, answers, attempt) {
      if (this.session.mode !== "lms" || this.review) return;
      let n = parseInt(this.session.get("cmi.interactions._count"), 10);
      if (!(n >= 0)) n = 0;
      const time = C.scorm.timeOfDay(new Date());
      ids.forEach((id) => {
        const question = this.data.questions[id];
        const response = C.questions.scormResponse(question, answers[id]);
        const base = "cmi.interactions." + n + ".";
        this.session.set(base + "id", (id + "_" + attempt).replace(/[^A-Za-z0-9_-]/g, "_"));
        this.session.set(base + "type", response.type);
        this.session.set(base + "time", time);
        this.session.set(base + "weighting", "1");
        this.session.set(base + "student_response", response.response);
        this.session.set(base + "correct_responses.0.pattern", response.pattern);
        this.session.set(base + "result", C.questions.isCorrect(question, answers[id]) ? "correct" : "wrong");
        n += 1;
      });
    }

    // ------------------------------------------------------------------ status, progress, saving

    /** Store the state; commit now-ish (coalesced) or, for typing, a little later. */
    save(important) {
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      if (important) this.writeState();
      else this.saveTimer = window.setTimeout(() => this.writeState(), 500);
    }

    writeState() {
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.session.set("cmi.suspend_data", C.state.encode(this.data, this.state));
      this.updateStatus();
      this.session.commitSoon();
    }

    /** Write what is still waiting (typing) and commit now: the page may not come back. */
    saveNow() {
      if (this.saveTimer !== null) this.writeState();
      this.session.flush();
    }

    updateStatus() {
      const data = this.data;
      const lessonsDone = data.lessons.every((lesson) => this.lessonDone(lesson));
      const lessonsOk = !data.completion.lessons || lessonsDone;
      let status;
      if (data.graded) {
        status = this.quizPassed() && lessonsOk ? "passed" : this.quizFailedFinal() ? "failed" : "incomplete";
      } else {
        status = lessonsOk ? "completed" : "incomplete";
      }
      const best = keepBest(this.reported, status);
      if (!this.review) {
        this.session.set("cmi.core.lesson_status", best);
        // S12-D3: the raw score only once the quiz result is final, so an LMS that recomputes
        // the status from raw vs mastery score reaches the same verdict.
        if (data.graded && (status === "passed" || status === "failed")) {
          this.session.set("cmi.core.score.raw", String(this.state.quiz.score));
          this.session.set("cmi.core.score.min", "0");
          this.session.set("cmi.core.score.max", "100");
        }
        this.session.set("cmi.core.exit", FINAL.includes(best) ? "" : "suspend");
      }
      this.reported = best;
      this.updateProgress();
    }

    updateProgress() {
      const lessons = this.data.lessons;
      let done = lessons.filter((lesson) => this.lessonDone(lesson)).length;
      let total = lessons.length;
      if (this.data.quiz) {
        total += 1;
        if (this.quizPassed() || this.quizFailedFinal()) done += 1;
      }
      const percent = total ? Math.round((100 * done) / total) : 0;
      document.querySelectorAll("[data-progress]").forEach((bar) => {
        bar.setAttribute("aria-valuenow", String(percent));
        bar.setAttribute("aria-valuetext", this.t("runtime.progress", { percent: percent }));
        bar.style.setProperty("--progress", String(percent / 100));
        const fill = bar.querySelector("[data-progress-fill]");
        if (fill) fill.style.width = percent + "%";
      });
      document.querySelectorAll("[data-progress-label]").forEach((label) => {
        label.textContent = percent + "%";
      });
      document.querySelectorAll("[data-toc] [data-nav-to]").forEach((link) => {
        const lesson = lessons.find((l) => l.id === link.dataset.navTo);
        const isDone = lesson ? this.lessonDone(lesson) : link.dataset.navTo === "quiz" && this.quizPassed();
        link.toggleAttribute("data-done", isDone);
        const label = link.querySelector("[data-done-label]");
        if (label) label.textContent = isDone ? this.t("runtime.done_suffix") : "";
      });
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
      lines.push(this.t(FINAL.includes(this.reported) && this.reported !== "failed" ? "summary.complete" : "summary.incomplete"));
      summary.textContent = "";
      const list = document.createElement("ul");
      lines.forEach((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      summary.appendChild(list);
    }

    /** The exit button: save, end the LMS session and say so. */
    exit() {
      this.finish();
      this.show("end", true);
      const text = this.t("runtime.exit_message");
      document.querySelectorAll("[data-exit-message]").forEach((element) => {
        element.textContent = text;
        element.hidden = false;
      });
      C.announce(text);
    }

    finish() {
      if (this.finished) return;
      this.finished = true;
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.session.set("cmi.suspend_data", C.state.encode(this.data, this.state));
      this.updateStatus();
      this.session.finish();
      document.documentElement.setAttribute("data-finished", "");
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
