/* coursec runtime core: the tracker interface (compiler/runtime/README.md). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

  /** The target's tracker, or the standalone one when its standard is not there. */
  function connect(data) {
    const adapter = C.trackers[data.tracker];
    const tracker = adapter && data.tracker !== "standalone" ? adapter.connect(data) : null;
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

  C.tracker = { connect: connect, start: start, Committer: Committer };
})();
