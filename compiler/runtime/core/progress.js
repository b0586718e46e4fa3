/* coursec runtime core: the learner's progress, the declared completion rule and saving it.
 *
 * Progress holds the learner state (state.js), knows when a lesson, the quiz and the course are
 * done, grades quiz attempts (answers.js) and hands snapshots to the tracker (tracker.js). It
 * touches no DOM: the theme's scripts call it and redraw when `onchange` fires.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const FINAL = ["passed", "completed", "failed"];
  const TYPING_DELAY_MS = 500; // typing is saved this long after the last key

  /** Keep the better of two statuses: never downgrade passed or completed (S12-D2). */
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

  function shuffledList(list) {
    return shuffled(list.length).map((index) => list[index]);
  }

  class Progress {
    constructor(data, tracker) {
      this.data = data;
      this.tracker = tracker;
      this.mode = tracker.mode;
      const resumed = tracker.resume();
      this.review = Boolean(resumed.review);
      this.reported = resumed.status || "";
      this.state = C.state.decode(data, resumed.suspendData);
      this.location = resumed.location || "";
      this.saveTimer = null;
      this.finished = false;
      this.finishing = null;
      this.onchange = null;
    }

    // ---------------------------------------------------------------- the completion rule

    lessonDone(lesson) {
      const s = this.state.lessons[lesson.id];
      return (
        Boolean(s && s.end) &&
        lesson.checks.every((id) => this.state.checks[id] !== undefined) &&
        (lesson.blocks || []).every((id) => !this.data.blocks[id].req || this.blockDone(id))
      );
    }

    /** Whether the learner has done a block (its codec decides: every panel opened, ...). */
    blockDone(id) {
      const spec = this.data.blocks[id];
      const codec = spec && C.state.codecs[spec.s];
      return Boolean(codec && codec.done(spec, this.state.blocks[id]));
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

    /** The status the declared rule gives now: passed, failed, completed or incomplete. */
    status() {
      const lessonsOk = !this.data.completion.lessons || this.data.lessons.every((lesson) => this.lessonDone(lesson));
      if (this.data.graded) {
        return this.quizPassed() && lessonsOk ? "passed" : this.quizFailedFinal() ? "failed" : "incomplete";
      }
      return lessonsOk ? "completed" : "incomplete";
    }

    /** Whether the reported status is a final one (the course is over for the LMS). */
    isFinal() {
      return FINAL.includes(this.reported);
    }

    /** Done parts out of all parts (lessons, and the quiz once passed or failed for good): 0-1. */
    fraction() {
      const lessons = this.data.lessons;
      let done = lessons.filter((lesson) => this.lessonDone(lesson)).length;
      let total = lessons.length;
      if (this.data.quiz) {
        total += 1;
        if (this.quizPassed() || this.quizFailedFinal()) done += 1;
      }
      return total ? done / total : 0;
    }

    // ---------------------------------------------------------------- what the learner does

    /** The learner opened a page (a lesson id, "start", "quiz" or "end"). */
    visit(key) {
      if (this.data.lessons.some((lesson) => lesson.id === key)) {
        const lesson = this.state.lessons[key] || { visited: false, end: false };
        lesson.visited = true;
        this.state.lessons[key] = lesson;
      }
      this.location = key;
      this.save(true);
    }

    /** The learner reached the end of a lesson. */
    markEnd(key) {
      const lesson = this.state.lessons[key] || { visited: true, end: false };
      if (lesson.end) return;
      lesson.visited = true;
      lesson.end = true;
      this.state.lessons[key] = lesson;
      this.save(true);
    }

    /** A block's state as its codec keeps it (an empty one when the learner has not touched it). */
    blockState(id) {
      const spec = this.data.blocks[id];
      const value = this.state.blocks[id];
      return value !== undefined ? value : C.state.codecs[spec.s].empty(spec);
    }

    /** The learner changed a block (opened a panel, ...): keep its new state and save. */
    setBlock(id, value) {
      this.state.blocks[id] = value;
      this.save(true);
    }

    /** A block reported what the learner did as an interaction (a tracked scenario's path and
     * ending): `{ attempt, question: { t, d }, answer, correct }` (`correct` null: neither right
     * nor wrong), journalled like a graded answer under the block's id; not in review mode. */
    blockAnswered(id, record) {
      if (!this.review) this.tracker.answered([Object.assign({ id: id }, record)]);
    }

    /** A course-level setting (declared in the runtime data's `settings`), e.g. a chosen language. */
    setSetting(name, value) {
      this.state.settings[name] = value;
      this.save(true);
    }

    /** A checked knowledge-check answer. */
    check(id, answer) {
      this.state.checks[id] = answer;
      this.save(true);
    }

    /** Typed assignment text, cut to its allowance (see state.js fitText); returns what is kept. */
    write(id, text) {
      const kept = C.state.fitText(text, this.data.assignments[id].max);
      this.state.assignments[id] = kept;
      this.save(false);
      return kept;
    }

    /** The questions of the current (or last) attempt, in the order shown. */
    quizIds() {
      const quiz = this.state.quiz;
      if (!quiz) return [];
      if (this.data.quiz.draw) return this.state.draws[this.data.quiz.k] || [];
      return quiz.order.map((index) => this.data.quiz.questions[index]);
    }

    /** Whether the quiz locks each answer and shows its feedback before the next question. */
    feedbackEach() {
      return Boolean(this.data.quiz && this.data.quiz.feedback === "each");
    }

    /**
     * The questions of a new attempt of a drawing quiz: the fixed ones, then each draw's count from
     * its pool, in order, never a question drawn already, and first from the questions the last
     * attempt did not ask (docs/course-format.md, "Question banks"); all shuffled when the quiz shuffles.
     */
    drawAttempt() {
      const quiz = this.data.quiz;
      const last = new Set(this.state.draws[quiz.k] || []);
      const chosen = quiz.questions.slice();
      const taken = new Set(chosen);
      quiz.draw.forEach((spec) => {
        const open = spec.q.filter((id) => !taken.has(id));
        const fresh = shuffledList(open.filter((id) => !last.has(id)));
        const again = shuffledList(open.filter((id) => last.has(id)));
        shuffledList(fresh.concat(again).slice(0, spec.n)).forEach((id) => {
          chosen.push(id);
          taken.add(id);
        });
      });
      return quiz.shuffle ? shuffledList(chosen) : chosen;
    }

    /** A new quiz attempt: a fresh order when the quiz shuffles, fresh questions when it draws, no answers. */
    startAttempt() {
      const count = this.data.quiz.questions.length;
      const previous = this.state.quiz;
      let order = this.data.quiz.shuffle ? shuffled(count) : [...Array(count).keys()];
      if (this.data.quiz.draw) {
        this.state.draws[this.data.quiz.k] = this.drawAttempt();
        order = [];
      }
      this.state.quiz = {
        used: previous ? previous.used : 0,
        phase: "a",
        score: previous ? previous.score : 0,
        order: order,
        answers: {},
      };
    }

    /** An answer given (or taken back, with null) during a quiz attempt. */
    quizAnswer(id, answer) {
      const quiz = this.state.quiz;
      if (!quiz || quiz.phase !== "a") return;
      if (answer !== null && C.answers.isAnswered(this.data.questions[id], answer)) quiz.answers[id] = answer;
      else delete quiz.answers[id];
      this.save(false);
    }

    /** In a quiz with feedback after each question: the learner checked an answer, which locks it. */
    quizCheck(id, answer) {
      const quiz = this.state.quiz;
      if (!quiz || quiz.phase !== "a" || !C.answers.isAnswered(this.data.questions[id], answer)) return;
      quiz.answers[id] = answer;
      this.save(true);
    }

    /** Grade the attempt (every question answered) by the questions' points, and journal the answers. */
    submitQuiz(answers) {
      const quiz = this.state.quiz;
      const ids = this.quizIds();
      quiz.answers = answers;
      quiz.used += 1;
      quiz.phase = "r";
      quiz.score = C.answers.score(
        ids.map((id) => ({
          points: this.data.questions[id].p || 1,
          correct: C.answers.isCorrect(this.data.questions[id], answers[id]),
        }))
      );
      if (!this.review) {
        this.tracker.answered(
          ids.map((id) => ({
            id: id,
            attempt: quiz.used,
            question: this.data.questions[id],
            answer: answers[id],
            correct: C.answers.isCorrect(this.data.questions[id], answers[id]),
          }))
        );
      }
      this.save(true);
    }

    // ---------------------------------------------------------------- saving

    /** Store the state; commit now-ish (coalesced) or, for typing, a little later. */
    save(important) {
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      if (important) this.writeState();
      else this.saveTimer = window.setTimeout(() => this.writeState(), TYPING_DELAY_MS);
    }

    /** Report the status (and, unless only the status is asked for, the state) to the tracker. */
    report() {
      const status = this.status();
      const best = keepBest(this.reported, status);
      const quiz = this.state.quiz;
      this.tracker.report({
        location: this.location,
        suspendData: C.state.encode(this.data, this.state),
        // In review mode (a finished attempt looked at again) the LMS keeps its status.
        status: this.review ? null : best,
        // S12-D3: the score only once the quiz result is final (passed or failed for good).
        final: this.data.graded && (status === "passed" || status === "failed"),
        score: quiz ? quiz.score : 0,
        mastery: this.data.mastery,
        graded: this.data.graded,
        progress: this.fraction(),
      });
      this.reported = best;
      if (this.onchange) this.onchange();
    }

    writeState() {
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.report();
      this.tracker.commitSoon();
    }

    /** Write what is still waiting (typing) and commit now: the page may not come back. */
    saveNow() {
      if (this.saveTimer !== null) this.writeState();
      this.tracker.flush();
    }

    /** The last report and the end of the session, exactly once: a promise of true once the
     * tracker's LMS or LRS confirmed it (at once for a tracker that does not say). */
    finish() {
      if (this.finished) return this.finishing;
      this.finished = true;
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.report();
      const done = this.tracker.finish();
      this.finishing = done && typeof done.then === "function" ? done : Promise.resolve(true);
      return this.finishing;
    }
  }

  C.Progress = Progress;
})();
