/* coursec tracker adapter: cmi5 (xAPI statements to the LMS's LRS, state in the State API; see tracker.js).
 *
 * Launch (C5-L1..L4): the launch parameters, one POST to the fetch URL for the token, then
 * LMS.LaunchData, the learner preferences and our saved state, all before `ready` resolves.
 *
 * What cmi5 adds to the shared xAPI delivery (trackers/xapi.js; docs/cmi5.md, "Delivery"): the
 * LMS's contextTemplate in every statement, the cmi5 and moveon categories on defined statements,
 * the LMS's masteryScore (it decides passed or failed, and goes with them as an extension),
 * Browse and Review launches (initialized and terminated only), and returnURL after terminated.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});
  C.trackers = C.trackers || {};

  const CMI5 = "https://w3id.org/xapi/cmi5/context/";
  const CATEGORY = { id: CMI5 + "categories/cmi5", objectType: "Activity" };
  const MOVEON = { id: CMI5 + "categories/moveon", objectType: "Activity" };
  const MASTERY = CMI5 + "extensions/masteryscore";
  const OUTBOX = "coursec-cmi5-outbox:"; // + registration: statements a page could not see stored

  class Cmi5Tracker extends C.xapi.Tracker {
    constructor(data, launch) {
      super(data, launch, OUTBOX); // launch: endpoint, fetch, actor (text), registration, activityId
    }

    async authorize() {
      // C5-L2: POST once; the LMS answers errors with HTTP 200 and an error-code (cmi5 8.2.3).
      const answer = await fetch(this.launch.fetch, { method: "POST" }).then((r) => r.json());
      if (!answer || !answer["auth-token"]) {
        this.errors.push("fetch: " + JSON.stringify(answer));
        return false;
      }
      this.authorization = "Basic " + answer["auth-token"];
      return true;
    }

    launchReads() {
      return [
        this.read("activities/state", this.stateQuery("LMS.LaunchData")),
        // C5-L4: the learner's languages, before the first statement.
        this.read("agents/profile", { agent: this.launch.actor, profileId: "cmi5LearnerPreferences" }),
      ];
    }

    launched([launchData, preferences]) {
      if (!launchData || !launchData.contextTemplate) return false;
      this.launchData = launchData;
      this.review = launchData.launchMode === "Browse" || launchData.launchMode === "Review";
      if (typeof launchData.masteryScore === "number") {
        // The LMS's masteryScore decides passed or failed (cmi5 10.2.5): the core grades with it.
        this.data.mastery = Math.round(launchData.masteryScore * 10000) / 100;
      }
      this.languages = String((preferences && preferences.languagePreference) || "").split(",").filter(Boolean);
      return true;
    }

    /** The LMS's contextTemplate, unchanged (cmi5 9.6.2.0-1, 10.2.1.0-6). */
    baseContext() {
      return JSON.parse(JSON.stringify(this.launchData.contextTemplate));
    }

    /** cmi5 defined statements carry the cmi5 category; those with success or completion also moveon. */
    categories(result) {
      const moveOn = result && ("success" in result || "completion" in result);
      return moveOn ? [CATEGORY, MOVEON] : [CATEGORY];
    }

    judgedExtensions() {
      const mastery = this.launchData.masteryScore;
      return typeof mastery === "number" ? { [MASTERY]: mastery } : {};
    }

    /** A context of an earlier session, on this session's template (cmi5 9.6.3.1: this session id). */
    rebase(old) {
      const context = this.context(null, null);
      const mine = old.contextActivities || {};
      const activities = context.contextActivities || (context.contextActivities = {});
      const known = new Set((activities.category || []).map((activity) => activity.id));
      const extra = (mine.category || []).filter((activity) => !known.has(activity.id));
      if (extra.length) activities.category = (activities.category || []).concat(extra);
      if (mine.parent) activities.parent = mine.parent;
      const extensions = Object.assign({}, old.extensions || {}, context.extensions || {});
      if (MASTERY in extensions) {
        if (typeof this.launchData.masteryScore === "number") extensions[MASTERY] = this.launchData.masteryScore;
        else delete extensions[MASTERY];
      }
      context.extensions = extensions;
      return context;
    }

    /** C5-L5: after terminated, the LMS's returnURL. */
    returnURL() {
      return this.launchData.returnURL || null;
    }
  }

  /** The cmi5 tracker, or null when the page was not launched by a cmi5 LMS (C5-L1). */
  function connect(data) {
    const launch = C.xapi.parameters(["endpoint", "fetch", "actor", "registration", "activityId"]);
    if (!launch) return null;
    try {
      return new Cmi5Tracker(data, launch);
    } catch (e) {
      return null; // an actor that is not JSON
    }
  }

  C.trackers.cmi5 = { connect: connect, uuid: C.xapi.uuid };
})();
