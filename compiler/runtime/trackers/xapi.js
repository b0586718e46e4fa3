/* coursec xAPI delivery shared by the cmi5 and TinCan adapters: statements to an LRS, the bookmark
 * and learner state in the State API (see tracker.js for the tracker interface).
 *
 * Delivery (docs/cmi5.md, "Delivery"; docs/xapi.md): every statement leaves once. Statements wait
 * in a queue and go in order, one request at a time. A batch whose fate is unknown (no answer, 5xx)
 * or that the LRS refused as a whole for a stored id (409, as ADL's LRS does) is settled first: each
 * id is looked up (GET statements?statementId=) and only what the LRS lacks is sent again, with the
 * same ids. The state document is saved before `terminated`, `terminated` goes last and exactly
 * once, and nothing is sent after it. A page that goes away sends what it may with keepalive and
 * keeps the rest in localStorage (the outbox); the next launch of the registration settles and
 * sends it. The statements themselves are one mapping: initialized, completed, passed or failed
 * with the score, answered per graded answer (the question as a cmi.interaction activity),
 * terminated. Durations and interaction formats come from trackers/formats.js.
 *
 * A standard's adapter extends `C.xapi.Tracker` and gives what differs: `authorize()` (the
 * credentials), `launchReads()` / `launched(reads)` (what the launch needs read), `baseContext()`,
 * `categories(result)`, `judgedExtensions()`, `rebase(context)`, `returnURL()` and
 * `activityDefinition()`.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const VERBS = "http://adlnet.gov/expapi/verbs/";
  const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
  const ATTEMPT = "urn:x-coursec:attempt";
  const STATE_ID = "urn:x-coursec:state";
  const TERMINATED = VERBS + "terminated";
  const NOT_AGAIN = [VERBS + "initialized", TERMINATED]; // belong to one session: never sent in a later one
  const RETRY_MS = [500, 1000, 2000, 4000, 8000];
  const READ_TRIES = 6;
  const BATCH_MAX = 50; // statements per POST
  // Browsers allow 64 KiB of keepalive request bodies in flight per page; a larger one goes without.
  const KEEPALIVE_BYTES = 60000;
  // After the exit button the learner waits for the LRS at most this long before the return URL is
  // followed; what is still unsent then leaves with keepalive (docs/cmi5.md).
  const CLOSE_LIMIT_MS = 20000;

  /** A version 4 UUID: crypto.randomUUID, or one from getRandomValues (older browsers, http pages). */
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    const hex = Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  const wait = (ms) => new Promise((resolve) => window.setTimeout(resolve, ms));
  const retryable = (status) => status === 0 || status === 429 || status >= 500;
  // The LRS may have stored what it did not confirm (a lost answer, a gateway's 5xx): look before sending again.
  const uncertain = (status) => status === 0 || status >= 500;
  const ok = (status) => status >= 200 && status < 300;
  const backoff = (failures) => RETRY_MS[Math.min(Math.max(failures - 1, 0), RETRY_MS.length - 1)];
  const bytes = (text) => (window.TextEncoder ? new TextEncoder().encode(text).length : text.length * 3);

  class Tracker {
    /** `launch`: endpoint, actor (JSON text), registration, activityId; `outbox`: the localStorage key prefix. */
    constructor(data, launch, outbox) {
      this.mode = "lms";
      this.data = data;
      this.launch = launch;
      this.outbox = outbox;
      this.actor = JSON.parse(launch.actor);
      this.started = Date.now();
      this.review = false; // true: initialized and terminated only, the state is left alone
      this.queue = []; // statements the LRS is not known to hold, in order
      this.inflight = null; // the batch of the statement request that is out (one at a time)
      this.unsettled = null; // statements the LRS may or may not hold: looked up before anything is sent
      this.single = false; // one statement per request, after the LRS refused a batch as malformed
      this.failures = 0; // statement requests failed in a row
      this.timer = null; // the next statement attempt, after a failure
      this.pumping = false; // a pump is due at the end of this task
      this.doc = { location: "", suspendData: "", status: "", sent: {} };
      this.saved = ""; // the state document as the LRS has it
      this.stateOut = null; // the state document text being PUT
      this.stateFailures = 0;
      this.stateTimer = null;
      this.closing = false; // finish() was called
      this.terminating = false; // terminated is queued
      this.leaving = false; // pagehide: nothing more can be awaited
      this.ended = false; // terminated went out (or the page went): no request after it
      this.errors = [];
      this.remake = {}; // verb -> id: a defined statement the LRS lacks, made again under its id
      this.snapshot = null;
      this.authorization = "";
      // Registered before the theme's own pagehide listener: finish() then knows the page is going.
      window.addEventListener("pagehide", () => {
        this.leaving = true;
        if (this.closing) this.leave();
      });
      this.ready = this.start().catch((e) => {
        this.errors.push(String(e));
        return false;
      });
    }

    // ---------------------------------------------------------------- what a standard gives

    /** Set `this.authorization` (the Authorization header); false when the launch gives none. */
    async authorize() {
      return Boolean(this.authorization);
    }

    /** Reads the launch needs, made with the state read in one round trip. */
    launchReads() {
      return [];
    }

    /** Take what launchReads() read; false when the launch cannot go on. */
    launched() {
      return true;
    }

    /** The context every statement starts from (a copy: it is changed). */
    baseContext() {
      return {};
    }

    /** Context categories of a defined statement with this result (none outside cmi5). */
    categories() {
      return null;
    }

    /** Context extensions of passed and failed (none outside cmi5). */
    judgedExtensions() {
      return {};
    }

    /** A context an earlier session made, for this session (the same registration). */
    rebase(old) {
      return Object.assign({}, old, { registration: this.launch.registration });
    }

    /** Where the learner goes after the exit button, or null to stay. */
    returnURL() {
      return null;
    }

    /** The course activity's definition in statements about it, or null when the LMS registered it (cmi5). */
    activityDefinition() {
      return null;
    }

    // ---------------------------------------------------------------- requests

    headers(json) {
      const headers = { Authorization: this.authorization, "X-Experience-API-Version": "1.0.3" };
      if (json) headers["Content-Type"] = "application/json";
      return headers;
    }

    /**
     * One xAPI request; resolves to {status, body}, status 0 on a network error, never rejects.
     * Bodies that fit go with keepalive, so a request that is out when the page goes still arrives.
     * After `terminated` only `last` requests (those of leave()) are made.
     */
    request(method, resource, query, body, last) {
      if (this.ended && !last) return Promise.resolve({ status: -1, body: "" });
      const url = this.launch.endpoint.replace(/\/?$/, "/") + resource + (query ? "?" + new URLSearchParams(query) : "");
      const text = body === undefined ? undefined : JSON.stringify(body);
      const keepalive = text !== undefined && bytes(text) <= KEEPALIVE_BYTES;
      const send = (alive) => {
        const init = { method: method, headers: this.headers(text !== undefined), keepalive: alive };
        if (text !== undefined) init.body = text;
        return fetch(url, init).then(
          (response) => response.text().then((answer) => ({ status: response.status, body: answer })),
          (e) => {
            if (alive) return send(false); // over the keepalive quota of the page
            this.errors.push(method + " " + resource + ": " + e);
            return { status: 0, body: "" };
          }
        );
      };
      return send(keepalive);
    }

    /** A GET retried on network errors and 5xx; the parsed JSON document, or null (404 and the like). */
    async read(resource, query) {
      for (let attempt = 0; ; attempt += 1) {
        const answer = await this.request("GET", resource, query);
        if (answer.status === 200) return JSON.parse(answer.body);
        if (!retryable(answer.status) || attempt + 1 >= READ_TRIES) return null;
        await wait(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      }
    }

    stateQuery(stateId) {
      const query = { stateId: stateId, activityId: this.launch.activityId, agent: this.launch.actor };
      if (this.launch.registration) query.registration = this.launch.registration;
      return query;
    }

    // ---------------------------------------------------------------- launch

    async start() {
      if (!(await this.authorize())) return false;
      // The state and the launch's own reads at once: one round trip of a slow LRS, not several.
      const [saved, ...reads] = await Promise.all([
        this.read("activities/state", this.stateQuery(STATE_ID)),
        ...this.launchReads(),
      ]);
      if (!this.launched(reads)) return false;
      if (saved && typeof saved === "object") Object.assign(this.doc, saved);
      this.saved = JSON.stringify(this.doc);
      const recovered = this.review ? [] : this.takeOutbox();
      if (recovered.length) this.unsettled = recovered.slice(); // looked up before anything is sent
      this.statement("initialized");
      this.queue.push(...recovered);
      if (!this.review) this.verify(recovered);
      return true;
    }

    /**
     * `doc.sent` keeps the id of each completed, passed or failed made (true once the LRS is known
     * to hold it). One an earlier page made but no LRS answer confirmed, and that this browser's
     * outbox does not carry, is looked up; if the LRS lacks it, it is made again under the same id
     * (so a late copy of the old one cannot be stored as well).
     */
    verify(recovered) {
      const carried = new Set(recovered.map((statement) => statement.id));
      const open = Object.keys(this.doc.sent).filter((verb) => {
        const id = this.doc.sent[verb];
        return typeof id === "string" && !carried.has(id);
      });
      if (!open.length) return;
      const ids = open.map((verb) => this.doc.sent[verb]);
      Promise.all(ids.map((id) => this.request("GET", "statements", { statementId: id }))).then((answers) => {
        if (this.closing) return;
        open.forEach((verb, index) => {
          const status = answers[index].status;
          if (this.doc.sent[verb] !== ids[index]) return;
          if (status === 200) this.doc.sent[verb] = true;
          else if (status === 404) {
            this.remake[verb] = ids[index];
            delete this.doc.sent[verb];
          } // anything else: unknown, looked up again on the next launch
        });
        this.doc.seq = (this.doc.seq || 0) + 1;
        // report() makes them again in their order (completed before passed or failed).
        if (this.snapshot) this.report(this.snapshot);
        this.saveState();
      });
    }

    // ---------------------------------------------------------------- statements

    /** The context: the standard's base, the registration, categories and extensions when given. */
    context(categories, extensions) {
      const context = this.baseContext();
      if (this.launch.registration) context.registration = this.launch.registration;
      if (categories) {
        const activities = (context.contextActivities = context.contextActivities || {});
        activities.category = (activities.category || []).concat(categories);
      }
      if (extensions && Object.keys(extensions).length) {
        context.extensions = Object.assign(context.extensions || {}, extensions);
      }
      return context;
    }

    /** A statement about the course activity (with `id`: made again under the id it had). */
    defined(verb, result, extensions, id) {
      return this.make({
        id: id,
        verb: { id: VERBS + verb, display: { "en-US": verb } },
        object: this.courseActivity(),
        context: this.context(this.categories(result), extensions),
        result: result,
      });
    }

    courseActivity() {
      const activity = { objectType: "Activity", id: this.launch.activityId };
      const definition = this.activityDefinition();
      if (definition) activity.definition = definition;
      return activity;
    }

    /** Queue a statement about the course activity; its id. */
    statement(verb, result, extensions, id) {
      const statement = this.defined(verb, result, extensions, id);
      this.send(statement);
      return statement.id;
    }

    make(body) {
      const statement = Object.assign({ actor: this.actor, timestamp: new Date().toISOString() }, body);
      statement.id = statement.id || uuid();
      if (!statement.result) delete statement.result;
      return statement;
    }

    /** Queue a statement; what the same task queues (a quiz's answers and result) goes in one request. */
    send(statement) {
      this.queue.push(statement);
      if (this.pumping) return;
      this.pumping = true;
      Promise.resolve().then(() => {
        this.pumping = false;
        this.pump();
      });
    }

    /** Send the head of the queue, one request at a time; settle what the LRS may hold first. */
    pump() {
      // While the page goes, leave() sends (a request started now could overtake terminated).
      if (this.inflight || this.timer !== null || this.ended || this.leaving || !this.authorization) return this.update();
      if (this.unsettled) return this.settle();
      if (!this.queue.length) return this.update();
      const batch = (this.inflight = this.queue.slice(0, this.single ? 1 : BATCH_MAX));
      this.update();
      this.request("POST", "statements", null, batch).then((answer) => {
        this.inflight = null;
        if (this.ended) return;
        const status = answer.status;
        if (ok(status) || (status === 409 && batch.length === 1)) {
          // 409 for a single statement: its id is taken, and only our own earlier send takes our ids.
          this.stored(batch);
        } else if (status === 409 || uncertain(status)) {
          // ADL's LRS stores nothing of a batch holding a stored id; a 5xx may come after storing.
          this.unsettled = batch;
          if (status !== 409) return this.retryLater();
        } else if (status === 429) {
          return this.retryLater();
        } else if ((status === 400 || status === 413) && batch.length > 1) {
          this.single = true; // find the one the LRS refuses; the others still go
        } else {
          // Refused for good (400 for this statement, 401/403: the session is closed): sending it again cannot help.
          this.errors.push("statements: " + status + " " + answer.body);
          this.forget(batch);
        }
        this.failures = 0;
        this.pump();
      });
    }

    /** Look up each statement of the unsettled batch; the ones the LRS holds are done, the rest go again. */
    settle() {
      const batch = (this.inflight = this.unsettled);
      this.update();
      const lookups = batch.map((statement) => this.request("GET", "statements", { statementId: statement.id }));
      Promise.all(lookups).then((answers) => {
        this.inflight = null;
        if (this.ended) return;
        if (answers.some((answer) => answer.status !== 200 && answer.status !== 404)) return this.retryLater();
        this.unsettled = null;
        this.failures = 0;
        this.stored(batch.filter((statement, index) => answers[index].status === 200));
        this.pump();
      });
    }

    retryLater() {
      this.failures += 1;
      this.timer = window.setTimeout(() => {
        this.timer = null;
        this.pump();
      }, backoff(this.failures));
      this.update();
    }

    /** The LRS holds these statements. */
    stored(statements) {
      this.forget(statements);
      const sent = this.doc.sent;
      statements.forEach((statement) => {
        const verb = statement.verb.id.slice(VERBS.length);
        if (sent[verb] === statement.id && !this.closing) {
          sent[verb] = true; // confirmed: not looked up again
          this.doc.seq = (this.doc.seq || 0) + 1;
        }
      });
      if (this.dirty() && !this.closing) this.saveState();
      if (statements.some((statement) => statement.verb.id === TERMINATED)) this.terminated();
    }

    forget(statements) {
      const ids = new Set(statements.map((statement) => statement.id));
      this.queue = this.queue.filter((statement) => !ids.has(statement.id));
    }

    duration() {
      return C.formats.duration(Date.now() - this.started);
    }

    // ---------------------------------------------------------------- what the learner sees

    /** The delivery state (tracker.js) from what is waiting and what failed. */
    update() {
      if (this.leaving) return;
      const failing = this.failures > 0 || this.stateFailures > 0;
      const waiting = this.queue.length > 0 || this.stateOut !== null || this.dirty();
      let state = waiting ? "saving" : "saved";
      if (this.closing && !this.ended) state = "closing";
      if (failing && !this.ended) state = "retrying";
      C.delivery.set(state);
    }

    // ---------------------------------------------------------------- state document

    dirty() {
      return !this.review && JSON.stringify(this.doc) !== this.saved;
    }

    /**
     * PUT the bookmark and learner state for this registration: at once (one PUT at a time, the
     * newest text next), retried until it is stored. Saving at once keeps the time in which the
     * page may go with an unsaved state short: terminated waits for the state.
     */
    saveState() {
      if (this.review || this.ended || this.leaving || this.stateOut !== null || this.stateTimer !== null) return;
      const text = JSON.stringify(this.doc);
      if (text === this.saved) return this.stateSettled();
      this.stateOut = text;
      this.update();
      this.request("PUT", "activities/state", this.stateQuery(STATE_ID), this.doc).then((answer) => {
        this.stateOut = null;
        if (this.ended) return;
        if (retryable(answer.status)) {
          this.stateFailures += 1;
          this.stateTimer = window.setTimeout(() => {
            this.stateTimer = null;
            this.saveState();
          }, backoff(this.stateFailures));
          return this.update();
        }
        if (!ok(answer.status)) this.errors.push("state: " + answer.status + " " + answer.body);
        this.saved = text; // stored, or refused for good: this version is not sent again
        this.stateFailures = 0;
        if (this.dirty()) this.saveState(); // changed while it was out
        else this.stateSettled();
        this.update();
      });
    }

    /** While closing: once the state document is stored, terminated is queued, last. */
    stateSettled() {
      if (!this.closing || this.terminating || this.stateOut !== null || this.stateTimer !== null || this.dirty()) return;
      this.terminating = true;
      this.statement("terminated", { duration: this.duration() });
    }

    // ---------------------------------------------------------------- the outbox (a page that went away)

    outboxKey() {
      return this.outbox + this.launch.registration + " " + this.launch.activityId;
    }

    /**
     * Keep what the LRS is not known to hold for the next launch of this registration: the
     * statements, and the state document while a PUT of it may be overtaken by an older one.
     */
    keepOutbox(statements) {
      const kept = statements.filter((statement) => !NOT_AGAIN.includes(statement.verb.id));
      const doc = this.dirty() || this.stateOut !== null ? this.doc : null;
      try {
        if (kept.length || doc) {
          window.localStorage.setItem(this.outboxKey(), JSON.stringify({ statements: kept, state: doc }));
        } else window.localStorage.removeItem(this.outboxKey());
      } catch (e) {
        this.errors.push("outbox: " + e); // storage blocked or full: those statements are lost
      }
    }

    /**
     * An earlier page's statements, moved into this session (rebase(), the same ids), and its
     * state document when it is newer than the LRS's (`seq` counts the document's changes).
     */
    takeOutbox() {
      let outbox;
      try {
        outbox = JSON.parse(window.localStorage.getItem(this.outboxKey()) || "{}");
        window.localStorage.removeItem(this.outboxKey());
      } catch (e) {
        return [];
      }
      const state = outbox && outbox.state;
      if (state && typeof state === "object" && (state.seq || 0) > (this.doc.seq || 0)) Object.assign(this.doc, state);
      const kept = outbox && Array.isArray(outbox.statements) ? outbox.statements : [];
      return kept.filter((statement) => statement && statement.verb && !NOT_AGAIN.includes(statement.verb.id)).map(
        (statement) => {
          const verb = statement.verb.id.slice(VERBS.length);
          // Once per registration: this session must not make its own.
          if (["completed", "passed", "failed"].includes(verb)) this.doc.sent[verb] = statement.id;
          return Object.assign({}, statement, { context: this.rebase(statement.context || {}) });
        }
      );
    }

    // ---------------------------------------------------------------- the tracker interface

    resume() {
      const doc = this.doc;
      return { location: doc.location, suspendData: doc.suspendData, status: doc.status, review: this.review };
    }

    report(snapshot) {
      // Review sends initialized and terminated only. After finish() nothing changes.
      if (this.review || this.closing) return;
      this.snapshot = snapshot;
      const before = JSON.stringify(this.doc);
      Object.assign(this.doc, { location: snapshot.location, suspendData: snapshot.suspendData });
      if (snapshot.status !== null) this.doc.status = snapshot.status;
      const sent = this.doc.sent;
      const status = snapshot.status;
      // completed and passed once per registration, one of passed/failed, never failed after passed.
      if ((status === "passed" || status === "completed") && !sent.completed) {
        sent.completed = this.statement("completed", { completion: true, duration: this.duration() }, null, this.remake.completed);
      }
      if (snapshot.final && (status === "passed" || status === "failed") && !sent.passed && !sent.failed) {
        const result = {
          success: status === "passed",
          score: { scaled: snapshot.score / 100, raw: snapshot.score, min: 0, max: 100 },
          duration: this.duration(),
        };
        sent[status] = this.statement(status, result, this.judgedExtensions(), this.remake[status]);
      }
      if (JSON.stringify(this.doc) !== before) this.doc.seq = (this.doc.seq || 0) + 1;
      this.update();
    }

    /** One answered statement per graded answer, the question as an xAPI interaction activity. */
    answered(records) {
      if (this.review || this.closing) return;
      const language = this.data.lang || "en";
      records.forEach((record) => {
        const formats = C.formats.response(record.question, record.answer, language);
        if (!formats) return;
        const definition = { type: INTERACTION, interactionType: formats.type };
        if (formats.patterns.length) definition.correctResponsesPattern = formats.patterns;
        if (record.question.d) definition.description = { [language]: record.question.d };
        const context = this.context(null, { [ATTEMPT]: record.attempt });
        const activities = (context.contextActivities = context.contextActivities || {});
        activities.parent = [{ objectType: "Activity", id: this.launch.activityId }];
        this.send(this.make({
          verb: { id: VERBS + "answered", display: { "en-US": "answered" } },
          object: {
            objectType: "Activity",
            id: this.launch.activityId + "/questions/" + encodeURIComponent(record.id),
            definition: definition,
          },
          context: context,
          // A scenario ending without scores (correct: null) is neither a success nor a failure.
          result: record.correct === null ? { response: formats.response } : { response: formats.response, success: Boolean(record.correct) },
        }));
      });
    }

    commitSoon() {
      this.saveState();
    }

    /** Save now (the page may be hidden for good: also keep what is unsent for the next launch). */
    flush() {
      this.saveState();
      if (document.visibilityState === "hidden" && !this.ended) this.keepOutbox(this.queue);
    }

    /**
     * End the session, exactly once: the state document first, then terminated after every queued
     * statement, then the return URL. The learner sees "closing" meanwhile. On a page that is going
     * away, leave() does what can be done without waiting.
     */
    finish() {
      if (this.closing) return;
      this.closing = true;
      if (this.leaving || document.visibilityState === "hidden") return this.leave();
      if (this.returnURL()) this.limit = window.setTimeout(() => this.giveUp(), CLOSE_LIMIT_MS);
      this.update();
      this.saveState();
      this.stateSettled();
    }

    /** terminated is stored: the session is over (then the return URL, unless the page is going). */
    terminated() {
      this.ended = true;
      window.clearTimeout(this.limit);
      this.keepOutbox([]);
      C.delivery.set("saved");
      const back = this.returnURL();
      if (back && !this.leaving) window.location.assign(back);
    }

    /** The exit button waited CLOSE_LIMIT_MS: the last resort, then the return URL. */
    giveUp() {
      if (this.ended) return;
      this.leave();
      window.location.assign(this.returnURL());
    }

    /**
     * The page is going: nothing can be awaited. The state document and the statements never sent
     * leave with keepalive; terminated only when it is sure to be the last request (nothing else
     * out or due). What the LRS is not known to hold is kept in localStorage for the next launch
     * of this registration.
     */
    leave() {
      if (this.ended) return;
      const dirty = this.dirty();
      const settling = this.inflight || this.unsettled || [];
      const waiting = new Set(settling.map((statement) => statement.id));
      const quiet = !dirty && this.stateOut === null && this.stateTimer === null && !waiting.size;
      this.ended = true;
      window.clearTimeout(this.timer);
      window.clearTimeout(this.stateTimer);
      window.clearTimeout(this.limit);
      if (dirty) this.request("PUT", "activities/state", this.stateQuery(STATE_ID), this.doc, true);
      const rest = this.queue.filter((statement) => !waiting.has(statement.id) && statement.verb.id !== TERMINATED);
      const queued = this.queue.find((statement) => statement.verb.id === TERMINATED);
      const last = quiet ? [queued || this.defined("terminated", { duration: this.duration() })] : [];
      const batch = rest.concat(last);
      if (batch.length) this.request("POST", "statements", null, batch, true);
      this.keepOutbox(this.queue);
    }
  }

  /** The launch query parameters named, or null when one is missing. */
  function parameters(names) {
    const query = new URLSearchParams(window.location.search);
    const found = {};
    for (const name of names) {
      found[name] = query.get(name);
      if (!found[name]) return null;
    }
    return found;
  }

  C.xapi = { Tracker: Tracker, uuid: uuid, parameters: parameters, VERBS: VERBS };
})();
