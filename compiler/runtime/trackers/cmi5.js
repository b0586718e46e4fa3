/* coursec tracker adapter: cmi5 (xAPI statements to the LMS's LRS, state in the State API; see tracker.js).
 *
 * Launch (C5-L1..L4): the launch parameters, one POST to the fetch URL for the token, LMS.LaunchData,
 * the learner preferences and our saved state, all before `ready` resolves. Statements are queued,
 * sent in order one batch at a time and retried on network errors and 5xx; the last ones leave
 * with fetch keepalive on pagehide. Interaction formats come from the SCORM 2004 adapter (xAPI
 * uses the same response patterns).
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

  const VERBS = "http://adlnet.gov/expapi/verbs/";
  const CMI5 = "https://w3id.org/xapi/cmi5/context/";
  const CATEGORY = { id: CMI5 + "categories/cmi5", objectType: "Activity" };
  const MOVEON = { id: CMI5 + "categories/moveon", objectType: "Activity" };
  const MASTERY = CMI5 + "extensions/masteryscore";
  const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
  const ATTEMPT = "urn:x-coursec:attempt";
  const STATE_ID = "urn:x-coursec:state";
  const RETRY_MS = [500, 1000, 2000, 4000, 8000];
  const READ_TRIES = 6;

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

  class Cmi5Tracker {
    constructor(data, launch) {
      this.mode = "lms";
      this.data = data;
      this.launch = launch; // endpoint, fetch, actor (text), registration, activityId
      this.actor = JSON.parse(launch.actor);
      this.started = Date.now();
      this.queue = []; // statements not yet stored, in order
      this.sending = null; // the batch in flight
      this.retry = 0;
      this.doc = { location: "", suspendData: "", status: "", sent: {} };
      this.saved = "";
      this.closed = false;
      this.errors = [];
      this.committer = new C.tracker.Committer(() => this.saveState(false));
      this.ready = this.start().catch((e) => {
        this.errors.push(String(e));
        return false;
      });
    }

    // ---------------------------------------------------------------- requests

    headers(json) {
      const headers = { Authorization: "Basic " + this.token, "X-Experience-API-Version": "1.0.3" };
      if (json) headers["Content-Type"] = "application/json";
      return headers;
    }

    /** One xAPI request; resolves to {status, body} with status 0 on a network error, never rejects. */
    request(method, resource, query, body, keepalive) {
      const url = this.launch.endpoint.replace(/\/?$/, "/") + resource + (query ? "?" + new URLSearchParams(query) : "");
      const init = { method: method, headers: this.headers(body !== undefined), keepalive: Boolean(keepalive) };
      if (body !== undefined) init.body = JSON.stringify(body);
      return fetch(url, init).then(
        (response) => response.text().then((text) => ({ status: response.status, body: text })),
        (e) => {
          if (keepalive) return this.request(method, resource, query, body, false); // over the keepalive quota
          this.errors.push(method + " " + resource + ": " + e);
          return { status: 0, body: "" };
        }
      );
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
      return {
        stateId: stateId,
        activityId: this.launch.activityId,
        agent: this.launch.actor,
        registration: this.launch.registration,
      };
    }

    // ---------------------------------------------------------------- launch

    async start() {
      // C5-L2: POST once; the LMS answers errors with HTTP 200 and an error-code (cmi5 8.2.3).
      const answer = await fetch(this.launch.fetch, { method: "POST" }).then((r) => r.json());
      if (!answer || !answer["auth-token"]) {
        this.errors.push("fetch: " + JSON.stringify(answer));
        return false;
      }
      this.token = answer["auth-token"];
      const launchData = await this.read("activities/state", this.stateQuery("LMS.LaunchData"));
      if (!launchData || !launchData.contextTemplate) return false;
      this.launchData = launchData;
      this.review = launchData.launchMode === "Browse" || launchData.launchMode === "Review";
      if (typeof launchData.masteryScore === "number") {
        // The LMS's masteryScore decides passed or failed (cmi5 10.2.5): the core grades with it.
        this.data.mastery = Math.round(launchData.masteryScore * 10000) / 100;
      }
      // C5-L4: the learner's languages, before the first statement.
      const preferences = await this.read("agents/profile", {
        agent: this.launch.actor,
        profileId: "cmi5LearnerPreferences",
      });
      this.languages = String((preferences && preferences.languagePreference) || "").split(",").filter(Boolean);
      const saved = await this.read("activities/state", this.stateQuery(STATE_ID));
      if (saved && typeof saved === "object") Object.assign(this.doc, saved);
      this.saved = JSON.stringify(this.doc);
      this.statement("initialized");
      return true;
    }

    // ---------------------------------------------------------------- statements

    /** The context: the template unchanged, the registration, and for cmi5 defined statements the categories. */
    context(categories, extensions) {
      const context = JSON.parse(JSON.stringify(this.launchData.contextTemplate));
      context.registration = this.launch.registration;
      if (categories) {
        const activities = (context.contextActivities = context.contextActivities || {});
        activities.category = (activities.category || []).concat(categories);
      }
      if (extensions) context.extensions = Object.assign(context.extensions || {}, extensions);
      return context;
    }

    /** Queue a cmi5 defined statement about the AU. */
    statement(verb, result, extensions) {
      const moveOn = result && ("success" in result || "completion" in result);
      this.send({
        verb: { id: VERBS + verb, display: { "en-US": verb } },
        object: { objectType: "Activity", id: this.launch.activityId },
        context: this.context(moveOn ? [CATEGORY, MOVEON] : [CATEGORY], extensions),
        result: result,
      });
    }

    send(body) {
      const statement = Object.assign({ id: uuid(), actor: this.actor, timestamp: new Date().toISOString() }, body);
      if (!statement.result) delete statement.result;
      this.queue.push(statement);
      this.pump();
    }

    /** Send the queue in order, one batch in flight; retry on network errors and 5xx. */
    pump() {
      if (this.sending || !this.queue.length || this.closed) return;
      const batch = (this.sending = this.queue.slice());
      this.request("POST", "statements", null, batch).then((answer) => {
        this.sending = null;
        if (retryable(answer.status)) {
          window.setTimeout(() => this.pump(), RETRY_MS[Math.min(this.retry, RETRY_MS.length - 1)]);
          this.retry += 1;
          return;
        }
        // Stored, or refused for good (4xx; 409: already stored): either way not again.
        if (answer.status >= 300) this.errors.push("statements: " + answer.status + " " + answer.body);
        this.retry = 0;
        this.queue.splice(0, batch.length);
        this.pump();
      });
    }

    duration() {
      return C.trackers.scorm2004.duration(Date.now() - this.started);
    }

    // ---------------------------------------------------------------- the tracker interface

    resume() {
      const doc = this.doc;
      return { location: doc.location, suspendData: doc.suspendData, status: doc.status, review: this.review };
    }

    report(snapshot) {
      if (this.review) return; // C5-S3: Browse and Review send initialized and terminated only
      Object.assign(this.doc, { location: snapshot.location, suspendData: snapshot.suspendData });
      if (snapshot.status !== null) this.doc.status = snapshot.status;
      const sent = this.doc.sent;
      const status = snapshot.status;
      // C5-S3: completed and passed once per registration, one of passed/failed, never failed after passed.
      if ((status === "passed" || status === "completed") && !sent.completed) {
        sent.completed = true;
        this.statement("completed", { completion: true, duration: this.duration() });
      }
      if (snapshot.final && (status === "passed" || status === "failed") && !sent.passed && !sent.failed) {
        sent[status] = true;
        const extensions = {};
        const mastery = this.launchData.masteryScore;
        if (typeof mastery === "number") extensions[MASTERY] = mastery;
        const result = {
          success: status === "passed",
          score: { scaled: snapshot.score / 100, raw: snapshot.score, min: 0, max: 100 },
          duration: this.duration(),
        };
        this.statement(status, result, extensions);
      }
      if (JSON.stringify(this.doc) !== this.saved) this.committer.dirty = true;
    }

    /** One answered statement per graded answer, the question as an xAPI interaction activity. */
    answered(records) {
      const language = this.data.lang || "en";
      records.forEach((record) => {
        const formats = C.trackers.scorm2004.response(record.question, record.answer, language);
        if (!formats) return;
        const definition = {
          type: INTERACTION,
          interactionType: formats.type,
          correctResponsesPattern: formats.patterns,
        };
        if (record.question.d) definition.description = { [language]: record.question.d };
        const context = this.context(null, { [ATTEMPT]: record.attempt });
        context.contextActivities.parent = [{ objectType: "Activity", id: this.launch.activityId }];
        this.send({
          verb: { id: "http://adlnet.gov/expapi/verbs/answered", display: { "en-US": "answered" } },
          object: {
            objectType: "Activity",
            id: this.launch.activityId + "/questions/" + encodeURIComponent(record.id),
            definition: definition,
          },
          context: context,
          result: { response: formats.response, success: Boolean(record.correct) },
        });
      });
    }

    /** PUT the bookmark and learner state for this registration; retried while the page lives. */
    saveState(keepalive) {
      if (this.review) return Promise.resolve();
      const text = JSON.stringify(this.doc);
      return this.request("PUT", "activities/state", this.stateQuery(STATE_ID), this.doc, keepalive).then((answer) => {
        if (answer.status < 300) this.saved = text;
        else if (retryable(answer.status) && !this.closed) {
          this.committer.dirty = true;
          this.committer.soon();
        }
      });
    }

    commitSoon() {
      this.committer.soon();
    }

    flush() {
      this.committer.now();
    }

    /** terminated after everything queued, all with keepalive (the page may be going); then returnURL. */
    finish() {
      if (this.closed) return;
      this.statement("terminated", { duration: this.duration() });
      this.committer.closed = true;
      this.closed = true;
      const state = JSON.stringify(this.doc) !== this.saved ? this.saveState(true) : Promise.resolve();
      const back = this.launchData.returnURL;
      // C5-L5: after terminated, unless the page is already going away.
      Promise.all([this.last(0), state]).then(() => {
        if (back && document.visibilityState !== "hidden") window.location.assign(back);
      });
    }

    /** The rest of the queue with keepalive; while the page stays (exit button) retried like the others. */
    last(attempt) {
      // The batch in flight may die with the page: send it again (same ids; the LRS stores it once).
      return this.request("POST", "statements", null, this.queue.slice(), true).then((answer) => {
        if (!retryable(answer.status) || attempt >= RETRY_MS.length) return;
        return wait(RETRY_MS[attempt]).then(() => this.last(attempt + 1));
      });
    }
  }

  /** The cmi5 tracker, or null when the page was not launched by a cmi5 LMS (C5-L1). */
  function connect(data) {
    const query = new URLSearchParams(window.location.search);
    const launch = {};
    for (const name of ["endpoint", "fetch", "actor", "registration", "activityId"]) {
      launch[name] = query.get(name);
      if (!launch[name]) return null;
    }
    try {
      return new Cmi5Tracker(data, launch);
    } catch (e) {
      return null; // an actor that is not JSON
    }
  }

  C.trackers.cmi5 = { connect: connect, uuid: uuid };
})();
