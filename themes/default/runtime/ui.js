/* coursec default theme: page behaviour of the design only (nothing here is stored or reported).
   The phone drawer, the named page-turn control, lesson status on the start page, answer marking
   and locking after a check, and the quiz as one question per screen with a result screen.
   It watches the runtime's DOM hooks (runtime/DOM.md) instead of calling the runtime. */
(function () {
  "use strict";
  const doc = document;

  // The runtime's strings and data (app.js starts on DOMContentLoaded, before this file's first use).
  const app = () => window.Coursec.app;
  const t = (key, params) => app().t(key, params);
  function all(selector, root) {
    return Array.from((root || doc).querySelectorAll(selector));
  }
  function watch(targets, attributes, callback, subtree) {
    const observer = new MutationObserver(callback);
    targets.forEach((target) => observer.observe(target, { attributes: true, attributeFilter: attributes, subtree: Boolean(subtree) }));
  }

  // phone drawer

  const wide = window.matchMedia("(min-width: 60em)");
  const drawer = doc.querySelector("[data-drawer]");
  const menu = doc.querySelector("[data-menu-button]");
  const backdrop = doc.querySelector("[data-drawer-backdrop]");
  const closer = drawer && drawer.querySelector("[data-drawer-close]");
  const title = drawer && drawer.querySelector(".toc-title");
  const outside = all(".site-header, .content");

  function drawerOpen() {
    return Boolean(drawer && drawer.hasAttribute("data-open"));
  }

  function setDrawer(open, returnFocus) {
    if (!drawer || !menu) return;
    drawer.toggleAttribute("data-open", open);
    menu.setAttribute("aria-expanded", String(open));
    if (backdrop) backdrop.hidden = !open;
    outside.forEach((element) => element.toggleAttribute("inert", open));
    if (open) {
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
      if (title) drawer.setAttribute("aria-labelledby", (title.id = title.id || "toc-title"));
      (drawer.querySelector('[aria-current="page"]') || closer).focus();
    } else {
      ["role", "aria-modal", "aria-labelledby"].forEach((name) => drawer.removeAttribute(name));
      if (returnFocus) menu.focus();
    }
  }

  if (drawer && menu) {
    menu.hidden = false;
    if (closer) closer.hidden = false;
    menu.addEventListener("click", () => setDrawer(!drawerOpen(), true));
    if (closer) closer.addEventListener("click", () => setDrawer(false, true));
    if (backdrop) backdrop.addEventListener("click", () => setDrawer(false, true));
    // A chosen page closes the drawer; the runtime moves focus to that page's heading.
    drawer.addEventListener("click", (event) => {
      if (event.target.closest("[data-nav-to]") && drawerOpen()) setDrawer(false, false);
    });
    doc.addEventListener("keydown", (event) => {
      if (!drawerOpen()) return;
      if (event.key === "Escape") {
        event.preventDefault();
        setDrawer(false, true);
      } else if (event.key === "Tab") {
        const stops = all("a[href], button:not([hidden])", drawer);
        const first = stops[0];
        const last = stops[stops.length - 1];
        if (event.shiftKey && doc.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && doc.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    wide.addEventListener("change", () => {
      if (wide.matches && drawerOpen()) setDrawer(false, false);
    });
  }

  // page turn and start page

  const pages = all("section[data-page]");
  const lessons = pages.filter((page) => page.dataset.page === "lesson");
  const nextText = doc.querySelector("[data-next-text]");
  const startButton = doc.querySelector("[data-start-button]");

  function heading(page) {
    const element = page.querySelector("[data-page-heading]");
    return element ? element.textContent.trim() : "";
  }

  function nextLabel(page) {
    if (!page) return "";
    if (page.dataset.page === "lesson") return t("ui.next_lesson", { number: lessons.indexOf(page) + 1, title: heading(page) });
    if (page.dataset.page === "quiz") return t("ui.next_quiz", { title: heading(page) });
    if (page.dataset.page === "end") return t("ui.next_end");
    return t("layout.next");
  }

  function doneKeys() {
    return all("[data-toc] [data-nav-to][data-done]").map((link) => link.dataset.navTo);
  }

  function refreshStart() {
    if (!startButton || !lessons.length) return;
    const done = doneKeys();
    const open = lessons.find((page) => !done.includes(page.dataset.lessonId));
    const label = startButton.firstChild;
    if (!done.length) {
      label.textContent = t("layout.start_button");
      startButton.dataset.navTo = lessons[0].dataset.lessonId;
    } else if (open) {
      label.textContent = t("ui.continue", { number: lessons.indexOf(open) + 1 });
      startButton.dataset.navTo = open.dataset.lessonId;
    } else {
      label.textContent = t("ui.review_course");
      startButton.dataset.navTo = lessons[0].dataset.lessonId;
    }
  }

  function refreshLessonList() {
    const done = doneKeys();
    const started = all("[data-toc] [data-nav-to][data-started]").map((link) => link.dataset.navTo);
    all("[data-lesson-link]").forEach((card) => {
      const isDone = done.includes(card.dataset.lessonLink);
      const isStarted = started.includes(card.dataset.lessonLink);
      card.toggleAttribute("data-done", isDone);
      card.toggleAttribute("data-started", isStarted);
      const label = card.querySelector("[data-status-label]");
      if (label) label.textContent = isDone ? t("ui.status_done") : isStarted ? t("ui.status_started") : "";
    });
    refreshStart();
  }

  function pageShown() {
    const page = pages.find((element) => !element.hidden);
    if (!page) return;
    if (nextText) nextText.textContent = nextLabel(pages[pages.indexOf(page) + 1]);
    if (page.dataset.page === "start") refreshStart();
    if (page.dataset.page === "quiz") quizShown();
  }

  watch(pages, ["hidden"], pageShown);
  watch(all("[data-toc]"), ["data-done", "data-started"], refreshLessonList, true);

  // answers: mark, lock, try again

  function optionKey(question) {
    if (question.t === "single") return [String(question.c)];
    if (question.t === "multiple") return question.c.map(String);
    if (question.t === "true-false") return [question.c ? "t" : "f"];
    return null;
  }

  function mark(element, state) {
    const question = app().data.questions[element.dataset.question];
    if (!question) return;
    const graded = element.dataset.graded === "true";
    all("[data-mark]", element).forEach((row) => row.removeAttribute("data-mark"));
    all(".option-mark", element).forEach((badge) => badge.remove());
    const key = element.querySelector("[data-answer-key]");
    if (key) key.hidden = true;
    const controls = all("input, select, button[data-seq-move]", element);
    if (!state) {
      if (!graded) controls.forEach((control) => (control.disabled = false));
      return;
    }
    const right = optionKey(question);
    if (right) {
      all("input[data-option]", element).forEach((input) => {
        const row = input.closest(".question-option");
        const label = row && row.querySelector("label");
        const isRight = right.includes(input.value);
        if (!label || !(isRight || input.checked)) return;
        row.setAttribute("data-mark", isRight ? "correct" : "wrong");
        const badge = doc.createElement("span");
        badge.className = "option-mark";
        badge.textContent = (isRight ? "\u2713 " + t("ui.correct_option") : "\u2717 " + t("ui.your_answer"));
        label.appendChild(badge);
      });
    }
    if (question.t === "fill-in" && state === "wrong" && key && question.acc && question.acc.length) {
      key.textContent = t("ui.accepted_answer", { answer: question.acc[0] });
      key.hidden = false;
    }
    if (!graded) {
      controls.forEach((control) => (control.disabled = true));
      const check = element.querySelector("[data-check]");
      const again = element.querySelector("[data-try-again]");
      const first = element.querySelector("[data-answer-first]");
      if (first) first.hidden = true;
      if (check) check.hidden = true;
      if (again) again.hidden = state === "correct";
    }
  }

  function tryAgain(element) {
    all("input[data-option]", element).forEach((input) => (input.checked = false));
    all("input[data-fill-in]", element).forEach((input) => (input.value = ""));
    all("[data-fill-in-full]", element).forEach((note) => (note.textContent = ""));
    all("select", element).forEach((select) => (select.value = ""));
    element.removeAttribute("data-state");
    const feedback = element.querySelector("[data-feedback]");
    if (feedback) feedback.hidden = true;
    mark(element, null);
    const items = all("[data-seq-item]", element);
    items.forEach((item, position) => {
      item.querySelector('[data-seq-move="up"]').disabled = position === 0;
      item.querySelector('[data-seq-move="down"]').disabled = position === items.length - 1;
    });
    element.querySelector("[data-check]").hidden = false;
    element.querySelector("[data-try-again]").hidden = true;
    const control = element.querySelector("input, select, button[data-seq-move]:not([disabled])");
    if (control) control.focus();
  }

  const main = doc.querySelector("main");
  if (main) {
    new MutationObserver((records) => {
      records.forEach((record) => {
        const element = record.target;
        if (element.matches("[data-question]")) mark(element, element.getAttribute("data-state"));
      });
    }).observe(main, { attributes: true, attributeFilter: ["data-state"], subtree: true });
    main.addEventListener("click", (event) => {
      const check = event.target.closest("[data-check]");
      const again = event.target.closest("[data-try-again]");
      const element = event.target.closest("[data-question]");
      if (check && element && !element.hasAttribute("data-state")) {
        // The runtime only announces "answer first"; show it too.
        const message = element.querySelector("[data-answer-first]");
        if (message) message.hidden = false;
      }
      if (again && element) tryAgain(element);
    });
    const answered = (event) => {
      const element = event.target.closest("[data-question]");
      const message = element && element.querySelector("[data-answer-first]");
      if (message) message.hidden = true;
      const quizMessage = doc.querySelector("[data-quiz-answer-first]");
      if (quizMessage && element && element.dataset.graded === "true") quizMessage.hidden = true;
    };
    main.addEventListener("change", answered);
    main.addEventListener("input", answered);
  }

  // quiz: one question per screen

  const quiz = doc.querySelector("[data-quiz]");
  let current = 0;

  function quizItems() {
    return all("[data-quiz-item]", quiz);
  }

  function isAnswered(item) {
    const element = item.querySelector("[data-question]");
    const question = element && app().data.questions[element.dataset.question];
    if (!question) return true;
    if (question.t === "fill-in") return element.querySelector("input[data-fill-in]").value.trim() !== "";
    if (question.t === "matching") return all("select", element).every((select) => select.value !== "");
    if (question.t === "sequencing") return true;
    return Boolean(element.querySelector("input[data-option]:checked"));
  }

  /** Feedback after each question (quiz.yaml `feedback: each`): its check button is on the page. */
  function feedbackEach() {
    return Boolean(quiz && quiz.querySelector("[data-quiz-check]"));
  }

  function itemId(item) {
    const element = item && item.querySelector("[data-question]");
    return element ? element.dataset.question : "";
  }

  /** Whether a question is done for the pager: answered, or with feedback after each, checked. */
  function isDone(item) {
    return feedbackEach() ? app().quizChecked(itemId(item)) : isAnswered(item);
  }

  function renderQuizPage(focus) {
    const items = quizItems();
    if (!items.length) return;
    current = Math.max(0, Math.min(current, items.length - 1));
    items.forEach((item, index) => item.toggleAttribute("data-current", index === current));
    const last = current === items.length - 1;
    quiz.toggleAttribute("data-last", last);
    quiz.querySelector("[data-quiz-count]").textContent = t("ui.question_of", { number: current + 1, total: items.length });
    quiz.querySelector("[data-quiz-bar]").style.width = (100 * (current + 1)) / items.length + "%";
    quiz.querySelector("[data-quiz-prev]").hidden = current === 0;
    quiz.querySelector("[data-quiz-next]").hidden = last;
    quiz.querySelector("[data-quiz-submit]").classList.toggle("quiz-submit-later", !last);
    if (feedbackEach()) {
      // One primary action: check the answer (it locks, its feedback shows), then next or submit.
      const checked = app().quizChecked(itemId(items[current]));
      quiz.querySelector("[data-quiz-check]").hidden = checked;
      quiz.querySelector("[data-quiz-next]").hidden = last || !checked;
      quiz.querySelector("[data-quiz-submit]").classList.toggle("quiz-submit-later", !last || !checked);
    }
    quiz.querySelector("[data-quiz-answer-first]").hidden = true;
    if (focus) quiz.querySelector("[data-quiz-count]").focus();
  }

  function setPaged(paged) {
    quiz.toggleAttribute("data-paged", paged);
    quiz.querySelector("[data-quiz-pager]").hidden = !paged;
    quiz.querySelector("[data-quiz-review]").hidden = paged;
    if (!paged) {
      quiz.removeAttribute("data-last");
      ["[data-quiz-prev]", "[data-quiz-next]", "[data-quiz-answer-first]"].forEach((selector) => {
        quiz.querySelector(selector).hidden = true;
      });
      if (feedbackEach()) quiz.querySelector("[data-quiz-check]").hidden = true;
    }
  }

  function showResult() {
    // The runtime's score: weighted by each question's points (docs/course-format.md, "Points").
    const state = app().state.quiz;
    const score = state ? state.score : 0;
    const passed = score >= (app().data.mastery || 0);
    const result = quiz.querySelector("[data-quiz-result]");
    result.setAttribute("data-result", passed ? "passed" : "failed");
    quiz.querySelector("[data-quiz-badge]").textContent = t(passed ? "ui.passed" : "ui.failed");
    quiz.querySelector("[data-quiz-percent]").textContent = score + "%";
    setPaged(false);
  }

  function quizResultChanged() {
    const result = quiz.querySelector("[data-quiz-result]");
    if (!result.hidden) {
      showResult();
    } else {
      setPaged(true);
      current = 0;
      renderQuizPage(false);
    }
  }

  function quizShown() {
    if (!quiz) return;
    if (!quiz.querySelector("[data-quiz-result]").hidden) return;
    setPaged(true);
    // Resuming an attempt: continue at the first open question.
    if (current === 0) {
      const open = quizItems().findIndex((item) => !isDone(item));
      current = open > 0 ? open : 0;
    }
    renderQuizPage(false);
  }

  if (quiz && quiz.querySelector("[data-quiz-pager]")) {
    const count = quiz.querySelector("[data-quiz-count]");
    count.tabIndex = -1;
    const form = quiz.querySelector("[data-quiz-form]");
    const next = () => {
      const item = quizItems()[current];
      if (item && !isAnswered(item)) {
        quiz.querySelector("[data-quiz-answer-first]").hidden = false;
        return;
      }
      current += 1;
      renderQuizPage(true);
    };
    quiz.querySelector("[data-quiz-next]").addEventListener("click", next);
    const check = () => {
      if (!app().checkQuizQuestion(itemId(quizItems()[current]))) {
        quiz.querySelector("[data-quiz-answer-first]").hidden = false;
        return;
      }
      renderQuizPage(false);
      // Keyboard and screen-reader users go on from the feedback with the next action.
      const last = quiz.hasAttribute("data-last");
      quiz.querySelector(last ? "[data-quiz-submit]" : "[data-quiz-next]").focus();
    };
    if (feedbackEach()) quiz.querySelector("[data-quiz-check]").addEventListener("click", check);
    quiz.querySelector("[data-quiz-prev]").addEventListener("click", () => {
      current -= 1;
      renderQuizPage(true);
    });
    // Enter in a question goes to the next question until the last one, where it submits.
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !quiz.hasAttribute("data-paged")) return;
      if (event.target.closest("button, select, textarea")) return;
      // With feedback after each question, Enter first checks the answer (on the last one too).
      if (feedbackEach() && !isDone(quizItems()[current])) {
        event.preventDefault();
        check();
        return;
      }
      if (quiz.hasAttribute("data-last")) return;
      event.preventDefault();
      next();
    });
    watch([quiz.querySelector("[data-quiz-result]")], ["hidden"], quizResultChanged);
    // The runtime reports unanswered questions on submit: show the first one.
    watch([quiz.querySelector("[data-quiz-error]")], ["hidden"], () => {
      if (quiz.querySelector("[data-quiz-error]").hidden || !quiz.hasAttribute("data-paged")) return;
      const open = quizItems().findIndex((item) => !isAnswered(item));
      if (open >= 0) {
        current = open;
        renderQuizPage(false);
      }
    });
  }

  function start() {
    if (!app()) return;
    refreshLessonList();
    pageShown();
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
