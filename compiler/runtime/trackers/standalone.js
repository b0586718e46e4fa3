/* coursec tracker adapter: no LMS; progress kept in this browser's localStorage (tracker.js). */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

  const KEPT = ["location", "status", "suspendData", "score"];

  class StandaloneTracker {
    constructor(key) {
      this.mode = "standalone";
      this.key = key;
      this.values = this.load();
      this.started = Date.now();
      this.committer = new C.tracker.Committer(() => this.save());
    }

    load() {
      try {
        const stored = JSON.parse(window.localStorage.getItem(this.key) || "null");
        const values = {};
        if (stored && typeof stored === "object") {
          KEPT.forEach((name) => {
            if (typeof stored[name] === "string") values[name] = stored[name];
          });
        }
        return values;
      } catch (e) {
        return {}; // storage blocked or corrupt: start fresh
      }
    }

    save() {
      try {
        window.localStorage.setItem(this.key, JSON.stringify(this.values));
      } catch (e) {
        // Storage full or blocked: progress is only kept for this visit.
      }
    }

    resume() {
      return {
        location: this.values.location || "",
        suspendData: this.values.suspendData || "",
        status: this.values.status || "",
        review: false,
      };
    }

    report(snapshot) {
      const next = { location: snapshot.location, suspendData: snapshot.suspendData };
      if (snapshot.status !== null) next.status = snapshot.status;
      if (snapshot.status !== null && snapshot.final) next.score = String(snapshot.score);
      Object.keys(next).forEach((name) => {
        if (this.values[name] !== next[name]) {
          this.values[name] = next[name];
          this.committer.dirty = true;
        }
      });
    }

    answered() {
      // Nobody to report answers to; the state keeps what the learner needs.
    }

    commitSoon() {
      this.committer.soon();
    }

    flush() {
      this.committer.now();
    }

    finish() {
      this.committer.close();
    }
  }

  C.trackers.standalone = {
    connect: (data) => new StandaloneTracker(data.storage),
  };
})();
