/* coursec runtime core: the tracker interface (compiler/runtime/README.md). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

  /** The target's tracker (`C.target`, set by runtime/target.js), or the standalone one when its standard is not there. */
  function connect(data) {
    const name = C.target || "standalone";
    const adapter = C.trackers[name];
    const tracker = adapter && name !== "standalone" ? adapter.connect(data) : null;
    return tracker || C.trackers.standalone.connect(data);
  }

  function start(data, begin) {
    const tracker = connect(data);
    if (!tracker.ready) return begin(tracker);
    tracker.ready.then((ok) => begin(ok ? tracker : C.trackers.standalone.connect(data)));
  }

  const COMMIT_INTERVAL_MS = 2500; // at most one commit per 2.5 s ...
  const COMMIT_DELAY_MS = 400; // ... and never later than this after a quiet period

  /** Coalesced persistence for trackers: `persist` runs at most once per COMMIT_INTERVAL_MS. */
  class Committer {
    constructor(persist) {
      this.persist = persist;
      this.dirty = false;
      this.timer = null;
      this.lastCommit = 0;
      this.closed = false;
    }

    /** Persist soon, coalesced. */
    soon() {
      if (this.closed || this.timer !== null) return;
      const wait = Math.max(COMMIT_DELAY_MS, this.lastCommit + COMMIT_INTERVAL_MS - Date.now());
      this.timer = window.setTimeout(() => {
        this.timer = null;
        this.now();
      }, wait);
    }

    /** Persist now if anything changed since the last time. */
    now() {
      if (this.timer !== null) {
        window.clearTimeout(this.timer);
        this.timer = null;
      }
      if (this.closed || !this.dirty) return;
      this.dirty = false;
      this.lastCommit = Date.now();
      this.persist();
    }

    /** A last persist; nothing after it. */
    close() {
      this.dirty = true;
      this.now();
      this.closed = true;
    }
  }

  /* Delivery: how far what the learner did has reached the LMS or LRS. Trackers set it; the
   * theme shows it (DOM.md, [data-save-status]). States:
   *   "saved"    nothing is waiting;
   *   "saving"   data is on its way as usual (not worth showing);
   *   "retrying" the LMS or LRS refused or did not answer: the data is kept and sent again;
   *   "closing"  the session's last data is being delivered before the learner may leave.
   */
  const DELIVERY_STATES = ["saved", "saving", "retrying", "closing"];

  class Delivery {
    constructor() {
      this.state = "saved";
      this.listeners = [];
    }

    /** Move to `state`; listeners hear (state, previous) on every change. */
    set(state) {
      if (!DELIVERY_STATES.includes(state) || state === this.state) return;
      const previous = this.state;
      this.state = state;
      this.listeners.forEach((listener) => {
        try {
          listener(state, previous);
        } catch (e) {
          // A theme's listener never stops a tracker.
        }
      });
    }

    /** Call `listener(state, previous)` on every change. */
    on(listener) {
      this.listeners.push(listener);
    }
  }

  C.delivery = new Delivery();
  C.tracker = { connect: connect, start: start, Committer: Committer };
})();
