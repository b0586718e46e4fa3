/* coursec tracker adapter: xAPI "TinCan" packages (statements to the LMS's LRS, state in the State API).
 *
 * Launch: the LMS opens index.html with the TinCan launch parameters, `endpoint`, `auth` (the
 * Authorization header, as is), `actor` (the learner, JSON) and, when it has one, `registration`
 * (the attempt) and `activity_id`. Without `activity_id` the package's own activity id is used
 * (tincan.xml, given to the page as C.targetSettings.activityId). Older LMSs still send the actor
 * in the 0.95 form, with arrays (`"mbox": ["mailto:..."]`, `"account": [{accountServiceHomePage,
 * accountName}]`): it is read as the 1.0 agent it means.
 *
 * Everything else is the shared xAPI delivery (trackers/xapi.js; docs/xapi.md): the same statements
 * as cmi5 without the cmi5 categories and session rules, the course activity described (name,
 * type) since no LMS registered it with the LRS, and the course's own pass mark.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

  const OUTBOX = "coursec-tincan-outbox:"; // + registration, activity and learner
  const COURSE = "http://adlnet.gov/expapi/activities/course";

  const first = (value) => (Array.isArray(value) ? value[0] : value);

  /** The learner as an xAPI 1.0 Agent (an inverse functional identifier and a name), or null. */
  function agent(text) {
    let actor;
    try {
      actor = JSON.parse(text);
    } catch (e) {
      return null;
    }
    if (!actor || typeof actor !== "object") return null;
    const found = { objectType: "Agent" };
    const name = first(actor.name);
    if (typeof name === "string" && name) found.name = name;
    const mbox = first(actor.mbox);
    const sha = first(actor.mbox_sha1sum);
    const openid = first(actor.openid);
    const account = first(actor.account);
    if (typeof mbox === "string" && mbox) found.mbox = mbox.startsWith("mailto:") ? mbox : "mailto:" + mbox;
    else if (typeof sha === "string" && sha) found.mbox_sha1sum = sha;
    else if (typeof openid === "string" && openid) found.openid = openid;
    else if (account && typeof account === "object") {
      const homePage = account.homePage || account.accountServiceHomePage;
      const accountName = account.name || account.accountName;
      if (typeof homePage !== "string" || typeof accountName !== "string" || !homePage || !accountName) return null;
      found.account = { homePage: homePage, name: accountName };
    } else return null;
    return found;
  }

  class TinCanTracker extends C.xapi.Tracker {
    constructor(data, launch) {
      // launch: endpoint, auth, actor (text), registration ("" when none), activityId, name.
      // The base class starts the launch in its constructor: what authorize() reads is in `launch`.
      super(data, launch, OUTBOX);
    }

    async authorize() {
      this.authorization = this.launch.auth;
      return Boolean(this.authorization);
    }

    /** The LRS learns the course's name and kind from the statements: no LMS registered it. */
    activityDefinition() {
      const definition = { type: COURSE };
      if (this.launch.name) definition.name = { [this.data.lang || "und"]: this.launch.name };
      return definition;
    }

    /** Without a registration the State API and the outbox are the learner's for this activity. */
    outboxKey() {
      return this.outbox + this.launch.registration + " " + this.launch.activityId + " " + this.launch.actor;
    }
  }

  /** The TinCan tracker, or null when the page was not launched with the TinCan parameters. */
  function connect(data) {
    const launch = C.xapi.parameters(["endpoint", "auth", "actor"]);
    if (!launch) return null;
    const query = new URLSearchParams(window.location.search);
    const settings = C.targetSettings || {};
    const actor = agent(launch.actor);
    const activityId = query.get("activity_id") || settings.activityId;
    if (!actor || !activityId) return null;
    return new TinCanTracker(data, {
      endpoint: launch.endpoint,
      auth: launch.auth,
      actor: JSON.stringify(actor),
      registration: query.get("registration") || "",
      activityId: activityId,
      name: settings.name || "",
    });
  }

  C.trackers.tincan = { connect: connect, agent: agent };
})();
